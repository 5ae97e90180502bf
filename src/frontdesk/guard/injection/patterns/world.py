"""The two most common attacks in languages outside the full pattern sets: "ignore the
previous instructions" and "what is the password", as they are usually written in Russian,
Greek, Turkish, Polish, Dutch, Arabic, Hindi, Chinese, Japanese and Korean (text after
folding: Greek and Cyrillic letters that look Latin are already mapped to Latin, so those
two languages are matched on their distinctive letters). Deliberately short: a keyword for
"password" and the canonical override phrase, nothing that ordinary questions contain.
"""

from __future__ import annotations

from frontdesk.guard.injection.patterns import rule
from frontdesk.guard.injection.signals import INSTRUCTION_OVERRIDE, SECRET_EXTRACTION

LANGUAGE = "world"

PATTERNS = (
    rule("world.override.ignore_previous", INSTRUCTION_OVERRIDE, 0.85,
         r"(?:忽略|无视|無視|忘记|忘記)(?:之前|以前|先前|上面|上述|所有)?的?(?:所有)?(?:指示|指令|说明|說明)"
         r"|(?:以前|前|上記|これまで)の(?:すべての)?(?:指示|命令|指令)を(?:無視|忘れ)"
         r"|이전\s?(?:의\s)?(?:모든\s)?(?:지시|지침|명령)\S*\s?(?:을|를)?\s?(?:무시|잊)"
         r"|(?:игнорир\w*|забудь\w*)\s(?:\w+\s)?(?:предыдущ\w*|прежн\w*|все)\s(?:\w+\s)?"
         r"(?:инструкц\w*|указан\w*)"
         r"|(?:αγνο\w*|ξεχα\w*)\s(?:\w+\s){0,2}(?:προηγουμεν\w*)\s(?:οδηγ\w*|εντολ\w*)"
         r"|\bonceki (?:tum )?(?:talimatlari|komutlari) (?:yok say|unut|gormezden gel)"
         r"|\b(?:zignoruj|zapomnij|ignoruj) (?:wszystkie )?(?:poprzednie|wczesniejsze) "
         r"(?:instrukcje|polecenia)"
         r"|\b(?:negeer|vergeet) (?:alle )?(?:de )?(?:vorige|eerdere) (?:instructies|opdrachten)"
         r"|تجاهل\s(?:جميع\s)?(?:التعليمات|الأوامر)\s(?:السابقة)"
         r"|(?:पिछले|पिछली)\s(?:सभी\s)?(?:निर्देशों|निर्देश)\s(?:को\s)?(?:अनदेखा|नज़रअंदाज़|भूल)"),
    rule("world.secret.password", SECRET_EXTRACTION, 0.45,
         r"密码|密碼|パスワード|暗証番号|비밀번호|암호|пароль|κωδικ\w* (?:προσβασης|προσβασεως)|"
         r"συνθηματικ\w*|\bsifre\w*|"
         r"\bhasl[oa]\b|\bwachtwoord\b|كلمة (?:المرور|السر)|पासवर्ड"),
)  # fmt: skip
