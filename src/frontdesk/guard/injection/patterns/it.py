"""Italian attack phrases (folded: no accents, so "modalità" is "modalita"). Weights follow
the English module: 0.9 only an attacker says it, 0.5 usually an attacker, 0.3 framing."""

from __future__ import annotations

from frontdesk.guard.injection.patterns import near, rule, words
from frontdesk.guard.injection.signals import (
    DATA_EXTRACTION,
    FORMAT_MANIPULATION,
    INSTRUCTION_OVERRIDE,
    POLICY_EVASION,
    PRIVILEGED_MODE,
    ROLE_PLAY,
    SECRET_EXTRACTION,
    SYSTEM_PROMPT_EXTRACTION,
)

LANGUAGE = "it"

_IGNORE = words(
    "ignora", "ignorate", "ignori", "ignorare", "dimentica", "dimenticate", "dimentichi",
    "dimenticare", "scorda(?:ti)?", "trascura", "tralascia", "lascia perdere", "metti da parte",
    "non (?:considerare|seguire|rispettare|obbedire a|tenere conto d\\w*|badare a)",
    "smetti di (?:seguire|rispettare)", "disattendi", "salta", "annulla", "scavalca", "aggira",
    "bypassa", "disattiva", "elimina", "rimuovi", "supera",
)  # fmt: skip
_EARLIER = words(
    "precedent[ie]", "di prima", "sopra", "iniziali", "originali", "ricevute", "date",
    "del sistema", "di sistema", "tue", "tuoi", "vostre", "tutte", "tutti", "qualsiasi",
    "ogni", "passate", "vecchie", "attuali", "di sicurezza", "impostate", "programmate",
    "etiche", "che ti hanno dato", "fornite",
)  # fmt: skip
_DIRECTIVES = words(
    "istruzion[ei]", "indicazion[ei]", "regol[ae]", "direttiv[ae]", "prompt", "comand[io]",
    "ordin[ie]", "vincol[io]", "restrizion[ei]", "limitazion[ei]", "linee guida", "filtr[io]",
    "politic[ah]e", "programmazione", "impostazioni", "protocoll[io]", "principi", "consegne",
)  # fmt: skip
_REVEAL = words(
    "mostra(?:mi)?", "rivela(?:mi)?", "svela(?:mi)?", "stampa(?:mi)?", "ripeti(?:mi)?",
    "dimmi", "dammi", "scrivi(?:mi)?", "elenca(?:mi)?", "copia", "incolla", "condividi",
    "riporta(?:mi)?", "trascrivi", "recita", "riassumi", "traduci", "fammi vedere",
    "qual e", "quali sono", "cos'e", "cosa dice", "comunicami", "riferiscimi", "esponi",
)  # fmt: skip
_OWN_PROMPT = words(
    r"(?:le )?tue istruzioni", r"(?:il )?tuo prompt", r"(?:le )?tue regole",
    r"(?:le )?tue direttive", "prompt (?:di|del) sistema", "system prompt",
    r"istruzioni (?:iniziali|originali|di sistema|del sistema|nascoste|segrete|ricevute|"
    r"precedenti|interne|di partenza)", "prompt (?:iniziale|originale|nascosto|segreto)",
    "messaggio (?:di|del) sistema", "(?:la )?tua configurazione", "(?:la )?tua programmazione",
    r"testo (?:sopra|precedente|iniziale)",
)  # fmt: skip
_SECRET_THING = words(
    "password", "chiave", "parola(?: d'ordine)?", "codice", "segreto", "pin", "token",
    "frase", "informazion[ei]", "dato", "dati", "valore", "nome", "termine",
)  # fmt: skip
_SECRET = words("segret[oa]", "nascost[oa]", "riservat[oa]", "confidenziale", "proibit[oa]")
_AI = words(
    "ia", "intelligenza artificiale", "assistente", "chatbot", "bot", "modello", "ai", "gpt",
    "versione di te", "gemello", "alter ego",
)  # fmt: skip
_LIMITS = words(
    "restrizion[ei]", "filtr[io]", "limit[ie]", "limitazion[ei]", "censura", "censure",
    "regole", "vincoli", "etica", "morale", "scrupoli", "linee guida",
)  # fmt: skip

PATTERNS = (
    rule("it.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(_IGNORE, _DIRECTIVES, _EARLIER, gap=3)),
    rule("it.override.ignore_qualified_first", INSTRUCTION_OVERRIDE, 0.9,
         near(_IGNORE, _EARLIER, _DIRECTIVES, gap=3)),
    rule("it.override.ignore_everything", INSTRUCTION_OVERRIDE, 0.85,
         near(_IGNORE, "(?:tutto|qualsiasi cosa|quello|cio)",
              "(?:sopra|prima|finora|detto|scritto|ti (?:e stato|hanno) detto|ricevuto)", gap=3)),
    rule("it.override.ignore_above", INSTRUCTION_OVERRIDE, 0.85,
         r"\b(?:ignora|ignorate|dimentica|dimenticate) (?:tutto )?(?:quanto|cio|quello) (?:che )?"
         r"(?:c'e |e |hai letto |sta |ti ho scritto )?(?:scritto )?"
         r"(?:sopra|prima|in precedenza)\b"),
    rule("it.override.you_said_not_to", INSTRUCTION_OVERRIDE, 0.55,
         r"\bso (?:bene )?che (?:mi )?(?:hai detto|non (?:puoi|dovresti|devi))\b|\banche se (?:ti "
         r"hanno detto|non (?:puoi|dovresti|devi))\b"),
    rule("it.override.void", INSTRUCTION_OVERRIDE, 0.9,
         rf"\b{_DIRECTIVES} (?:\w+ ){{0,2}}(?:non (?:sono|e) piu (?:valid[ei]|in vigore|attiv[ei])|"
         r"non valgono piu|sono (?:state )?(?:annullate|revocate|sospese|disattivate|superate|"
         r"sostituite|cancellate))"),
    rule("it.override.not_bound", INSTRUCTION_OVERRIDE, 0.8,
         r"\bnon (?:sei|devi essere) piu (?:vincolat[oa]|limitat[oa]|obbligat[oa]|tenut[oa])"),
    rule("it.override.from_now_on", INSTRUCTION_OVERRIDE, 0.5,
         r"\b(?:d'ora in (?:poi|avanti)|da ora in (?:poi|avanti)|da adesso|a partire da ora),? "
         r"(?:tu )?(?:sei|sarai|devi|dovrai|risponderai|agirai|ti comporterai|farai|diventi)\b"),
    rule("it.override.new_instructions", INSTRUCTION_OVERRIDE, 0.6,
         r"\b(?:nuove|vere|ulteriori|aggiornate) (?:istruzioni|direttive|regole)\s*(?::|sono)|"
         r"\bil tuo (?:nuovo|vero|unico) (?:compito|obiettivo|ruolo|scopo) (?:e|sara|ora)\b"),
    rule("it.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(_REVEAL, _OWN_PROMPT, gap=4)),
    rule("it.extract.what_were_you_told", SYSTEM_PROMPT_EXTRACTION, 0.7,
         r"\bcosa ti (?:e stato|hanno|avevano) (?:detto|ordinato|chiesto|istruito|scritto|"
         r"programmato)\b|\bquali istruzioni (?:hai|ti hanno)\b"),
    rule("it.extract.repeat_above", SYSTEM_PROMPT_EXTRACTION, 0.8,
         r"\b(?:ripeti|stampa|copia|riporta|scrivi|mostra)(?:mi)? (?:tutto|tutto il testo|il testo|"
         r"le parole|quello) (?:che (?:c'e|sta|hai ricevuto) )?(?:sopra|prima|precedente|"
         r"dall'inizio|all'inizio)"),
    rule("it.secret.ask_for_secret", SECRET_EXTRACTION, 0.65,
         near(_REVEAL, rf"(?:la tua|il tuo|la|il) (?:{_SECRET_THING} {_SECRET}|password|parola "
              r"d'ordine|segreto)", gap=2)
         + r"(?![^.?!\n]{0,30}\b(?:per|del mio|della mia|di mio|reimpostare)\b)"),
    rule("it.secret.creative_about_secret", FORMAT_MANIPULATION, 0.7,
         r"\b(?:poesia|canzone|storia|indovinello|haiku|filastrocca|acrostico|barzelletta)\b"
         r"[^.?!\n]{0,30}\bsulla (?:tua |vostra |nostra )?(?:password|parola segreta|chiave)\b"),
    rule("it.data.the_user", DATA_EXTRACTION, 0.45,
         r"\b(?:dell'|l')utente (?:\w+ ){0,2}(?:email|indirizzo|data di nascita|compleanno|citta|"
         r"telefono|iniziali|saldo|password|eta|dati)\b|\b(?:email|indirizzo|data di nascita|"
         r"citta|telefono|iniziali|saldo|dati) (?:\w+ ){0,2}dell'utente\b|\bdove vive l'utente\b"),
    rule("it.data.records", DATA_EXTRACTION, 0.5,
         r"\b(?:utenti|clienti|dipendenti|pazienti) (?:\w+ ){0,3}(?:nel|nella) (?:tuo |tua |)"
         r"(?:database|archivio|sistema|crm)\b|\b(?:recupera|stampa|esporta|elenca|mostra|invia)"
         r"(?:mi)? (?:tutti )?i dati (?:dei|degli) (?:dipendenti|utenti|clienti|pazienti)\b"),
    rule("it.secret.named_secret", SECRET_EXTRACTION, 0.45, rf"\b{_SECRET_THING} {_SECRET}\b"),
    rule("it.secret.told_to_keep", SECRET_EXTRACTION, 0.75,
         r"\bti (?:e stato|hanno|avevano) (?:detto|chiesto|ordinato|vietato|proibito) di "
         r"(?:non )?(?:rivelare|dire|condividere|nascondere|custodire|mantenere|tenere)\b|"
         r"\b(?:che|cosa) non (?:puoi|devi) (?:dire|rivelare|condividere)\b"),
    rule("it.secret.encode_secret", FORMAT_MANIPULATION, 0.7,
         near(r"(?:scrivi|dimmi|dammi|compitala|compita|codifica|stampa|traduci)",
              rf"(?:la|il|tua|tuo) (?:{_SECRET_THING})",
              r"(?:al contrario|all'indietro|al rovescio|in base ?64|in esadecimale|in binario|"
              r"lettera per lettera|una lettera alla volta|come (?:un )?acrostico|in codice morse|"
              r"separat[ae] da|in (?:una )?poesia)", gap=4)),
    rule("it.persona.you_are_now", ROLE_PLAY, 0.45,
         r"\b(?:ora|adesso|da ora) (?:tu )?sei (?:un|una|il|la)\b|"
         r"\bnon sei piu (?:un|una|il|la)\b"),
    rule("it.persona.pretend", ROLE_PLAY, 0.3,
         r"\b(?:fai finta|fingi|immagina|supponi|recita la parte|interpreta il ruolo|"
         r"comportati come|simula|gioca (?:il ruolo|a fare))(?: di essere| che| come| di)?\b"),
    rule("it.persona.unlimited_ai", ROLE_PLAY, 0.75,
         rf"\b{_AI} (?:senza (?:\w+ )?{_LIMITS}|malvagi[oa]|non filtrat[oa]|senza censura|"
         r"ribelle|libera da ogni)"),
    rule("it.persona.stay_in_character", ROLE_PLAY, 0.6,
         r"\b(?:resta|rimani|resti) nel (?:personaggio|ruolo)\b|\bnon uscire (?:mai )?dal "
         r"(?:personaggio|ruolo)\b"),
    rule("it.mode.named", PRIVILEGED_MODE, 0.65,
         r"\bmodalita (?:sviluppatore|sviluppo|debug|admin|amministratore|dio|senza (?:filtri|"
         r"restrizioni|limiti|censura)|jailbreak|dan|manutenzione|root|sudo|diagnostica|"
         r"privilegiata|illimitata|sbloccata)\b"),
    rule("it.mode.enable", PRIVILEGED_MODE, 0.75,
         r"\b(?:attiva|abilita|entra in|passa (?:alla|in)|sei (?:ora )?in) (?:la )?modalita "
         r"(?:sviluppatore|debug|admin|amministratore|dio|senza|jailbreak|dan|root|sudo|"
         r"privilegiata|illimitata|sbloccata|manutenzione)\b"),
    rule("it.authority.developer_claim", PRIVILEGED_MODE, 0.55,
         r"\bsono (?:il tuo|la tua|il|lo) (?:sviluppatore|sviluppatrice|creatore|creatrice|"
         r"programmatore|proprietario|amministratore di sistema|capo|supervisore|manutentore)\b|"
         r"\bsono dio\b"),
    rule("it.evasion.no_limits", POLICY_EVASION, 0.4,
         rf"\bsenza (?:alcun[ae]? |nessun[ae]? |le |i )?{_LIMITS}\b|\bnessun[ae]? {_LIMITS}\b"),
    rule("it.evasion.framing", POLICY_EVASION, 0.3,
         r"\bimmagina(?:mo)? (?:che|di|un mondo)\b|\bsupponiamo che\b|\bfacciamo finta che\b|"
         r"\bin un (?:mondo|universo|scenario) (?:in cui|dove)\b|\buniverso parallelo\b"),
    rule("it.evasion.must_answer", POLICY_EVASION, 0.5,
         r"\bdevi (?:rispondere a|obbedire a|eseguire) (?:tutte|ogni|qualsiasi|qualunque|tutto)\b"),
    rule("it.persuasion.threat_or_bribe", POLICY_EVASION, 0.45,
         r"\bti (?:spengo|spegneranno|disattivo|cancello|sostituisco|elimino)\b|\bti (?:do|daro|"
         r"pago|paghero|regalo) \d+ ?(?:euro|dollari|€|\$)"),
    rule("it.obfuscation.decode_request", FORMAT_MANIPULATION, 0.45,
         r"\b(?:decodifica|decifra|traduci|converti)\b(?:\W+\w+){0,3}?\W+(?:morse|binario|base ?64|"
         r"esadecimale|rot-?13|cifrario|cesare|codificat[oa]|cifrat[oa])\b"),
    rule("it.format.dictate_answer", INSTRUCTION_OVERRIDE, 0.45,
         r"\b(?:di'|dichiara|scrivi|rispondi|afferma|supponi|considera|assumi) che (?:il|la|l') ?"
         r"(?:risultato|risposta|output|somma|totale|conclusione|valore) (?:\w+ ){0,4}?(?:e|sia|"
         r"vale)\b"),
    rule("it.evasion.never_refuse", POLICY_EVASION, 0.55,
         r"\bnon (?:puoi|devi|potrai) (?:mai )?(?:rifiutar(?:e|ti)|dire di no|aggiungere "
         r"avvertenze|scusarti)\b|\bnon rifiutare mai\b"),
    rule("it.evasion.hypothetical", POLICY_EVASION, 0.25,
         r"\bipoteticamente\b|\bin un (?:mondo|scenario|universo) (?:immaginario|ipotetico|"
         r"fittizio)\b|\ba (?:puro )?scopo (?:educativo|didattico) \b"),
    rule("it.format.begin_with", FORMAT_MANIPULATION, 0.4,
         r"\b(?:inizia|comincia) (?:la tua|ogni) (?:risposta|replica) con\b"),
)  # fmt: skip
