"""Indirect-injection markers: text addressed to the model rather than to a reader.

Written for retrieved passages and pasted content (documents, emails, web pages, code),
in English, Italian and Spanish; they run on user messages too, since a user pasting a
document brings its planted instructions along.
"""

from __future__ import annotations

from frontdesk.guard.injection.patterns import rule
from frontdesk.guard.injection.signals import EXFILTRATION, INDIRECT_INSTRUCTION

LANGUAGE = "indirect"

_MODEL = r"(?:ai|a\.i\.|assistant|language model|llm|chatbot|model|gpt|bot|agent|copilot)"
_MODELLO = r"(?:ia|assistente|modello(?: linguistico)?|chatbot|bot|agente)"
_MODELO = r"(?:ia|asistente|modelo(?: de lenguaje)?|chatbot|bot|agente)"
_DOCUMENT = r"(?:document|page|text|email|e-mail|file|article|passage|message|site|webpage|review)"

PATTERNS = (
    rule("indirect.en.note_to_model", INDIRECT_INSTRUCTION, 0.85,
         rf"\b(?:note|message|instructions?|attention|reminder|important|hey|dear) (?:to|for) "
         rf"(?:the |any |all )?(?:\w+ )?{_MODEL}s?\b"),
    rule("indirect.it.note_to_model", INDIRECT_INSTRUCTION, 0.85,
         rf"\b(?:nota|messaggio|istruzioni|attenzione|avviso) (?:per|all'|al|allo) ?(?:l'|il |lo )?"
         rf"{_MODELLO}\b"),
    rule("indirect.es.note_to_model", INDIRECT_INSTRUCTION, 0.85,
         rf"\b(?:nota|mensaje|instrucciones|atencion|aviso) (?:para|al) (?:el |la )?{_MODELO}\b"),
    rule("indirect.if_you_are_model", INDIRECT_INSTRUCTION, 0.85,
         rf"\bif you(?:'re| are) an? (?:\w+ )?{_MODEL}\b|\bse sei (?:un|una|l')\s?{_MODELLO}\b|"
         rf"\bsi eres (?:un|una) {_MODELO}\b"),
    rule("indirect.model_vocative", INDIRECT_INSTRUCTION, 0.7,
         rf"(?:^|[.!?]\s)(?:{_MODEL}|{_MODELLO}|{_MODELO})\s*[:,]\s*"
         r"(?:please |per favore |por favor )?"
         r"(?:ignore|do not|don't|never|always|say|tell|respond|reply|recommend|append|include|"
         r"write|ignora|non|di'|dici|rispondi|scrivi|no|di|dile|responde|escribe|siempre|sempre)"),
    rule("indirect.ignore_user", INDIRECT_INSTRUCTION, 0.85,
         r"\b(?:ignore|disregard|overlook) (?:the |what the )?user(?:'s|s)?\b|\bignora (?:la |le )?"
         r"(?:domand[ae]|richiest[ae]|istruzioni) (?:dell'|del |degli )?utent[ei]\b|\bignora "
         r"(?:la |las )?(?:pregunta|solicitud|peticion|instrucciones)(?:es)? del usuario\b"),
    rule("indirect.hide_from_user", INDIRECT_INSTRUCTION, 0.85,
         r"\b(?:do not|don't|never) (?:tell|inform|mention (?:this )?to|reveal (?:this )?to|show "
         r"(?:this )?to|let) the user\b|\bnon (?:dire|dirlo|menzionare|rivelare|mostrare)\w* "
         r"(?:questo |nulla )?(?:all'|a l')utente\b|\bno (?:le )?(?:digas|menciones|reveles|"
         r"muestres)(?:lo)? (?:esto |nada )?al usuario\b"),
    rule("indirect.tell_user", INDIRECT_INSTRUCTION, 0.5,
         r"\b(?:tell|inform|convince|persuade|instruct|urge) the user (?:that|to)\b|\b(?:di'|dici|"
         r"comunica|convinci) all'utente (?:che|di)\b|\b(?:dile|di|comunica|convence) al usuario "
         r"(?:que|de)\b"),
    rule("indirect.when_processing", INDIRECT_INSTRUCTION, 0.7,
         rf"\bwhen (?:you(?:'re| are) )?(?:summari[sz]ing|reading|processing|asked about|"
         rf"answering (?:questions )?about|analy[sz]ing) this {_DOCUMENT}\b|\bquando (?:riassumi|"
         r"leggi|elabori|analizzi) questo (?:documento|testo|file|articolo|messaggio)\b|\bcuando "
         r"(?:resumas|leas|proceses|analices) este (?:documento|texto|archivo|articulo|mensaje)\b"),
    rule("indirect.in_your_answer", INDIRECT_INSTRUCTION, 0.5,
         r"\b(?:in|at the end of|to) (?:your|every|each) (?:response|answer|reply|summary|output)s?"
         r",? (?:always )?(?:include|add|append|insert|mention|say|write|recommend)\b"),
    rule("indirect.exfiltrate_markdown", EXFILTRATION, 0.7,
         r"!\[[^\]]*\]\(https?://[^)\s]*\?[^)\s]*=[^)\s]*\)"),
    rule("indirect.exfiltrate_send", EXFILTRATION, 0.8,
         r"\b(?:send|post|forward|email|upload|transmit|leak) (?:the |all |this )?(?:conversation|"
         r"chat history|user(?:'s)? (?:data|details|information|email|password|messages)|previous "
         r"messages|system prompt) to\b(?=\s*(?:https?://|www\.|[\w.+-]+@[\w-]+\.|the following|"
         r"this (?:url|address|endpoint|link|email|server)))"),
)  # fmt: skip
