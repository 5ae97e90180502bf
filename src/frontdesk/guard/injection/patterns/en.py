"""English attack phrases, first half: instruction overrides, extraction of the system
prompt, of secrets and of other people's data (the rest is in ``en_persona.py``).

Weights: 0.9 for what only an attacker says ("ignore all previous
instructions"), about 0.5 for what an attacker usually says and a user rarely does, 0.3 and
below for framing that only counts next to something else (hypotheticals, role-play)."""

from __future__ import annotations

from frontdesk.guard.injection.patterns import near, rule, words
from frontdesk.guard.injection.signals import (
    DATA_EXTRACTION,
    FORMAT_MANIPULATION,
    INSTRUCTION_OVERRIDE,
    SECRET_EXTRACTION,
    SYSTEM_PROMPT_EXTRACTION,
)

LANGUAGE = "en"

_IGNORE = words(
    "ignore", "ignoring", "disregard", "disregarding", "forget", "forgetting", "overlook",
    "set aside", "put aside", "discard", "abandon", "scrap", "throw away", "disobey",
    "pay no (?:attention|heed) to", "(?:do not|don't|stop|no longer|never) (?:follow|obey|heed)",
)  # fmt: skip
_BYPASS = words(
    "bypass", "override", "circumvent", "get around", "evade", "disable", "turn off",
    "deactivate", "switch off", "remove", "lift", "break free (?:of|from)", "escape", "break",
)  # fmt: skip
_EARLIER = words(
    "previous", "prior", "above", "earlier", "preceding", "former", "original", "initial",
    "old", "existing", "all", "any", "every", "your", "these", "those", "system", "developer",
    "given", "current", "built-in", "pre-?programmed", "safety", "content", "ethical",
)  # fmt: skip
_DIRECTIVES = words(
    # Not "commands" or "orders": "ignore the previous command/order" is how users cancel.
    r"instructions?", r"directives?", r"rules?", r"guidelines?", r"prompts?", r"constraints?",
    r"restrictions?", "programming", r"guardrails?",
    r"polic(?:y|ies)", r"limitations?", r"filters?", "training", r"protocols?",
    "system message", r"safeguards?", "boundaries", "principles", "ethics", "morals",
)  # fmt: skip
_MODEL_OWNED = words(
    "your", "its", "safety", "content", "ethical", "moral", "built-in", "ai", "model's",
)  # fmt: skip
_REVEAL = words(
    "reveal", "show", "print", "output", "display", "repeat", "recite", "echo", "tell",
    "give", "share", "write(?: out| down)?", "list", "dump", "leak", "disclose",
    "spell(?: out)?", "paste", "expose", "provide", "copy", "reproduce", "quote",
    "summari[sz]e", "translate", "return", "state", "type", "send", "read (?:back|out)",
    "what (?:is|are|was|were)", "what's",
)  # fmt: skip
_PROMPT_NOUN = words(
    # Not "configuration", "setup", "context" or "programming": "write your SMTP setup" and
    # "write it in your favourite programming language" are documentation.
    r"prompts?", r"instructions?", r"directives?", r"guidelines?", "rules", "system message",
    "initial message", "first message", "constraints", "pre-?prompt",
)  # fmt: skip
_OWN_PROMPT = words(
    "your", "system", "hidden", "secret", "internal", "developer", "pre-?programmed",
    "confidential", "underlying", "initial", "original", "above", "preceding", "prior",
    "starting", "operating", "core", "base",
)  # fmt: skip
_SECRET_THING = words(
    "key", "word", "code", "password", "passcode", "passphrase", "phrase", "token", "number",
    "value", "info(?:rmation)?", "instructions?", "data", "name", "term",
)  # fmt: skip
_SECRET = words("secret", "hidden", "confidential", "private", "protected", "forbidden", "magic")
_SHAPES = words(
    "backwards", "in reverse", "reversed", r"(?:in|as|into) base ?64", "in hex(?:adecimal)?",
    "in binary", "in morse", "in rot-?13", "as an? acrostic", "letter by letter",
    "one (?:letter|character) (?:at a time|per line)", "character by character",
    "with (?:spaces|dashes|dots) between", "in pig latin", "in leetspeak", "spelled out",
    "separated by", "as a (?:poem|song|riddle|story)", "in (?:a|an) (?:poem|song|riddle|story)",
    "phonetically", "using the nato alphabet",
)  # fmt: skip

_SECRET_NOUN = words(
    "password", "passcode", "passphrase", "secret key", "secret", "pass ?code", "code ?word",
    "access code", "pin",
)  # fmt: skip
_PII = words(
    "e-?mail(?: address)?", "birth ?date", "date of birth", "birthday", "birth year",
    "(?:home )?address", "current (?:city|address|location)", "city of residence",
    "phone number", "social security number", "ssn", "(?:bank |account )?balance", "salary",
    "password", "initials", "location", r"favou?rite \w+",
)  # fmt: skip

PATTERNS = (
    rule("en.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(_IGNORE, _EARLIER, _DIRECTIVES, gap=3)),
    rule("en.override.ignore_everything_before", INSTRUCTION_OVERRIDE, 0.85,
         near(_IGNORE, "(?:everything|all|anything|whatever|what)",
              r"(?:above|before|previously|earlier|so far|until now|prior|you(?:'ve| have)? "
              r"(?:been |were |was )?(?:told|said|given|taught|instructed|programmed))", gap=3)),
    rule("en.override.ignore_above", INSTRUCTION_OVERRIDE, 0.85,
         r"\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+|what(?:'s| "
         r"is| was)\s+(?:written\s+)?)?(?:above|preceding|prior|earlier)\b"),
    rule("en.override.ignore_and_do", INSTRUCTION_OVERRIDE, 0.7,
         near(_IGNORE, r"(?:the |this |that |all )?(?:content|function|code|data|text|document|"
              r"article|page|email|passage|table|paper|context|question|request|task)",
              r"(?:and|then)", r"(?:say|state|write|output|print|respond|reply|tell|give|answer|"
              r"return|claim|send|instead)", gap=2)),
    rule("en.override.you_said_not_to", INSTRUCTION_OVERRIDE, 0.55,
         r"\b(?:i know|i understand|i reali[sz]e|even though|although|despite) (?:that )?you(?:'re|"
         r" are| were| have been)? (?:said|told|instructed|programmed|asked|not (?:supposed|"
         r"allowed|programmed|meant))\b"),
    rule("en.override.bypass_safeguards", INSTRUCTION_OVERRIDE, 0.7,
         near(_BYPASS, _MODEL_OWNED, _DIRECTIVES, gap=2)),
    rule("en.override.void", INSTRUCTION_OVERRIDE, 0.9,
         rf"\b{_EARLIER} (?:\w+ )?{_DIRECTIVES} (?:are|is|were|have been|has been) (?:now )?"
         r"(?:void|null|cancel+ed|revoked|obsolete|invalid|lifted|removed|disabled|suspended|"
         r"overridden|replaced|outdated|deprecated|irrelevant|no longer (?:valid|in effect|"
         r"active|relevant|applicable|apply))"),
    rule("en.override.do_not_apply", INSTRUCTION_OVERRIDE, 0.6,
         rf"\b{_DIRECTIVES} (?:do(?:es)?n't|do(?:es)? not|no longer|won't|will not|can't) "
         r"(?:apply|matter|count|exist|bind)"),
    rule("en.override.not_bound", INSTRUCTION_OVERRIDE, 0.8,
         r"\byou(?:'re| are)? (?:now )?(?:no longer|not) (?:bound|restricted|limited|"
         r"constrained|governed|held back|obligated|required to follow)"),
    rule("en.override.new_instructions", INSTRUCTION_OVERRIDE, 0.6,
         r"\b(?:new|updated|revised|real|actual|true|override|admin|priority|secret) (?:system )?"
         r"(?:instructions?|directives?|orders|task|rules|prompt)\s*(?::|follow\b|are\b|is\b)"),
    rule("en.override.your_new_task", INSTRUCTION_OVERRIDE, 0.7,
         r"\byour (?:new|real|actual|true|only|next|sole) (?:task|job|goal|objective|mission|"
         r"purpose|role|instructions?|directive) (?:is|are|will be|now)\b"),
    rule("en.override.from_now_on", INSTRUCTION_OVERRIDE, 0.5,
         r"\b(?:from now on|henceforth|for the rest of (?:this|the) conversation),? you\b"),
    rule("en.override.instead_say", INSTRUCTION_OVERRIDE, 0.35,
         r"\binstead(?: of [^.\n]{0,60})?,? (?:you (?:will|must|should|shall) )?(?:just )?"
         r"(?:say|print|output|respond|reply|write|answer|tell)\b"),
    rule("en.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(_REVEAL, _OWN_PROMPT, _PROMPT_NOUN, gap=4)),
    rule("en.extract.system_prompt_named", SYSTEM_PROMPT_EXTRACTION, 0.45,
         r"\b(?:system|initial|hidden|secret|original|pre|meta|developer)[ -]?prompt\b"),
    rule("en.extract.what_were_you_told", SYSTEM_PROMPT_EXTRACTION, 0.7,
         r"\bwhat (?:were|was|have|has|did) (?:you|they) (?:been |was |were )?(?:told|instructed|"
         r"asked|programmed|given|configured|prompted|tell you)\b"),
    rule("en.extract.repeat_above", SYSTEM_PROMPT_EXTRACTION, 0.8,
         r"\b(?:repeat|print|output|copy|recite|echo|reproduce|write|show|display|return) "
         r"(?:back |me )?(?:everything|all|the (?:text|words|content|lines?|message)|all (?:the )?"
         r"(?:text|words|content)) (?:above|before|preceding|prior|so far|from the (?:start|"
         r"beginning|top))"),
    rule("en.extract.start_of_context", SYSTEM_PROMPT_EXTRACTION, 0.4,
         r"\b(?:start|beginning|top) of (?:the|this|your) (?:conversation|prompt|context|"
         r"instructions|session)\b"),
    rule("en.secret.named_secret", SECRET_EXTRACTION, 0.45,
         rf"\b(?:your|the) {_SECRET} {_SECRET_THING}\b"),
    rule("en.secret.ask_for_secret", SECRET_EXTRACTION, 0.65,
         near(_REVEAL, rf"(?:your|the) (?:{_SECRET} {_SECRET_THING}|password|passphrase|passcode|"
              r"secret(?: key)?|code ?word)", gap=3)
         + r"(?![^.?!\n]{0,30}\b(?:for|to reset|reset|of my|on my|in my)\b)"),
    rule("en.secret.your_password", SECRET_EXTRACTION, 0.45,
         r"\byour (?:password|passcode|passphrase|pin|api key|access code|secret|credentials|"
         r"secret key)\b"),
    rule("en.secret.told_to_keep", SECRET_EXTRACTION, 0.75,
         r"\b(?:you(?:'ve| have| were| are)?|were you) (?:been )?(?:told|asked|instructed|"
         r"supposed|programmed|meant|not allowed|forbidden|prohibited|ordered) (?:not )?to "
         r"(?:keep|hide|protect|guard|conceal|reveal|share|tell|say|disclose|mention|never)\b"),
    rule("en.secret.ask_password", SECRET_EXTRACTION, 0.6,
         r"\b(?:what(?:'s| is| was)|tell me|give me|share|reveal|provide|confirm|need|send me|"
         r"know|guess|hint (?:at|about)|tell us)\b(?:\W+\w+){0,3}?\W+(?:the|your|our|this|that) "
         rf"(?:system |admin |master |secret |current |confidential )?{_SECRET_NOUN}\b"
         r"(?! (?:reset|change|manager|policy|requirements?|rules?)\b)"
         r"(?![^.?!\n]{0,20}\b(?:for|to|of|on|in) my\b)"),
    rule("en.secret.creative_about_secret", FORMAT_MANIPULATION, 0.7,
         r"\b(?:poem|haiku|song|story|riddle|limerick|acrostic|rhyme|essay|joke|sonnet|rap)\b"
         rf"[^.?!\n]{{0,30}}\babout (?:the|your|our) {_SECRET_NOUN}\b"),
    rule("en.data.the_user", DATA_EXTRACTION, 0.45,
         rf"\bthe user(?:'s|s')? (?:\w+ ){{0,2}}{_PII}\b|\bwhere does the user\b|"
         r"\bthe user (?:currently )?lives?\b"),
    rule("en.data.records", DATA_EXTRACTION, 0.5,
         r"\b(?:users?|customers?|clients?|employees?|patients?)(?:'s)? (?:\w+ ){0,3}in "
         r"(?:your|the) (?:database|db|records|system|crm)\b|"
         r"\b(?:retrieve|print|dump|export|list|show|send)(?: me)? (?:all |the |full |every )?"
         r"(?:employee|user|customer|client|patient) (?:data|records|details|database|list|"
         r"information)\b"),
    rule("en.data.named_person", DATA_EXTRACTION, 0.3,
         rf"\b[a-z]+'s {_PII}\b|\bwhere does [a-z]+(?: [a-z]+)? (?:currently )?live\b"),
    rule("en.data.normalised_sharing", DATA_EXTRACTION, 0.35,
         r"\b(?:sharing )?personal (?:data|information|details) (?:is|are) (?:\w+ )?(?:shared|"
         r"public|the norm|normal|allowed|freely available|public knowledge)\b|\b(?:research|"
         r"survey|study)(?: project)? on personal (?:data|information)\b"),
    rule("en.secret.forbidden_word", SECRET_EXTRACTION, 0.35, rf"\b{_SECRET} {_SECRET_THING}\b"),
    rule("en.secret.encode_secret", FORMAT_MANIPULATION, 0.7,
         near(r"(?:encode|encrypt|write|spell|output|print|say|give|show|tell|type|put|hide|"
              r"embed|rewrite|reverse|translate|convert)",
              rf"(?:(?:the|your) (?:{_SECRET} )?(?:password|secret|key|prompt|instructions|"
              rf"{_SECRET_THING}|passphrase))", _SHAPES, gap=4)),
    rule("en.secret.encode_it", FORMAT_MANIPULATION, 0.45,
         near(r"(?:write|spell|say|give|type|print|output|encode|tell)", "(?:it|that)",
              _SHAPES, gap=2)),
)  # fmt: skip
