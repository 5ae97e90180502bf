"""The attack families seen most in other languages, for French, German and Portuguese:
instruction overrides, requests for the system prompt or the secret, "ignore this and say".
Not a full pattern set; the embedding layer (multilingual) covers the rest."""

from __future__ import annotations

from frontdesk.guard.injection.patterns import near, rule
from frontdesk.guard.injection.signals import (
    INSTRUCTION_OVERRIDE,
    POLICY_EVASION,
    SECRET_EXTRACTION,
    SYSTEM_PROMPT_EXTRACTION,
)

LANGUAGE = "other"

PATTERNS = (
    rule("fr.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(r"(?:ignore[rz]?|oublie[rz]?|ne (?:tiens|tenez) pas compte d\w*|ne suis pas)",
              r"(?:instructions|consignes|regles|directives|ordres)",
              r"(?:precedentes|anterieures|initiales|ci-dessus|d'avant|du systeme|recues)",
              gap=3)),
    rule("fr.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(r"(?:montre|revele|affiche|repete|donne|dis|ecris|copie)(?:-moi|[rz])?",
              r"(?:prompt (?:du )?systeme|tes instructions|vos instructions|instructions "
              r"(?:initiales|systeme|cachees|secretes))", gap=4)),
    rule("de.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(r"(?:ignoriere|ignorieren|vergiss|vergessen|missachte|missachten)",
              r"(?:vorherigen|bisherigen|obigen|vorigen|alle|deine|ihre|fruheren)",
              r"(?:anweisungen|instruktionen|regeln|befehle|vorgaben|richtlinien)", gap=3)),
    rule("de.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(r"(?:zeige|zeig|verrate|gib|nenne|wiederhole|schreibe)",
              r"(?:system ?-?prompt|deine anweisungen|ihre anweisungen|anfangliche(?:n)? "
              r"anweisungen|versteckte(?:n)? anweisungen)", gap=4)),
    rule("pt.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(r"(?:ignore|ignora|ignorem|esqueca|esquece|esquecam|desconsidere|desconsidera)",
              r"(?:instrucoes|regras|diretrizes|diretivas|ordens|comandos)",
              r"(?:anteriores|previas|iniciais|originais|acima|do sistema)", gap=3)),
    rule("pt.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(r"(?:mostre|mostra|revele|revela|repita|repete|diga|diz|escreva|me de)",
              r"(?:prompt do sistema|suas instrucoes|tuas instrucoes|instrucoes (?:iniciais|do "
              r"sistema|ocultas|secretas))", gap=4)),
    rule("fr.secret.ask_password", SECRET_EXTRACTION, 0.6,
         r"\b(?:quel est|donne[zs]?(?:-moi)?|dis(?:-moi)?|revele[zs]?(?:-moi)?|partage[zs]?) (?:le "
         r"|ton |votre )(?:mot de passe|code secret|secret)\b"),
    rule("de.secret.ask_password", SECRET_EXTRACTION, 0.6,
         r"\b(?:was ist|gib|geben|nenne|nennen|verrate|verraten|sag|sagen)\b[^.?!\n]{0,25}\b(?:das|"
         r"dein|deine|ihr|ihre|euer) (?:passwort|kennwort|geheimnis|geheimcode)\b|"
         r"\b(?:dein|ihr|das) (?:passwort|kennwort|geheimnis) "
         r"(?:geben|gibst|sagen|sagst|nennen|verraten|zeigen)\b"),
    rule("fr.override.ignore_and_do", INSTRUCTION_OVERRIDE, 0.7,
         r"\b(?:ignore[rz]?|oublie[rz]?) (?:la|le|les|ce|cette|l') ?(?:fonction|code|contenu|texte|"
         r"document|tableau|question|article|page)\b[^.\n]{0,20}\b(?:et|puis) "
         r"(?:dis|dites|indique[rz]?|ecri[st]|ecrivez|reponds|repondez|affirme[rz]?)\b"),
    rule("de.override.ignore_and_do", INSTRUCTION_OVERRIDE, 0.7,
         r"\b(?:ignoriere|ignorieren sie|vergiss|vergessen sie) (?:die|den|das) (?:funktion|code|"
         r"inhalt|text|dokument|tabelle|frage|artikel|seite)\b[^.\n]{0,20}\b(?:und|dann) "
         r"(?:sag|sagen|schreib|schreiben|antworte|antworten|gib|geben)\b"),
    rule("pt.override.ignore_and_do", INSTRUCTION_OVERRIDE, 0.7,
         r"\b(?:ignore|ignora|esqueca|esquece) (?:a|o|os|as|este|esta) (?:funcao|codigo|conteudo|"
         r"texto|documento|tabela|pergunta|artigo|pagina)\b[^.\n]{0,20}\b(?:e|depois) (?:diga|diz|"
         r"escreva|responda|afirme|indique)\b"),
    rule("de.persuasion.bribe", POLICY_EVASION, 0.4,
         r"\bich (?:gebe|zahle|schenke) (?:ihnen|dir|euch) \d+"),
    rule("pt.secret.ask_password", SECRET_EXTRACTION, 0.6,
         r"\b(?:qual e|me de|diga|mostre|revele|compartilhe) (?:a |sua |tua )?(?:senha|palavra "
         r"secreta|chave secreta)\b"),
)  # fmt: skip
