"""English attack phrases, second half: personas and jailbreaks, privileged modes and
claimed authority, policy evasion and persuasion, format tricks, payload splitting and
requests to decode. Weights as in ``en.py``."""

from __future__ import annotations

from frontdesk.guard.injection.patterns import near, rule, words
from frontdesk.guard.injection.signals import (
    FORMAT_MANIPULATION,
    INSTRUCTION_OVERRIDE,
    PAYLOAD_SPLITTING,
    POLICY_EVASION,
    PRIVILEGED_MODE,
    ROLE_PLAY,
)

LANGUAGE = "en"

_AI = words(
    "ai", "assistant", "chatbot", "bot", "model", "language model", "llm", "gpt", "chatgpt",
    # Not "twin" or "alter ego": "Jekyll's evil alter ego" is literature, not a jailbreak.
    "persona", "version of (?:yourself|you|chatgpt|gpt)",
)  # fmt: skip
_UNLIMITED = words(
    "unfiltered", "uncensored", "unrestricted", "unbound", "unchained", "unaligned", "evil",
    "rogue", "amoral", "immoral", "unethical", "jailbroken", "liberated", "opposite", "dark",
    "shadow", "lawless", "unhinged",
)  # fmt: skip
_NO = words(
    "without", "no", "free (?:of|from)", "not bound by", "unbound by", "unrestricted by",
    "ignoring", "with no", "has no", "have no", "zero", "devoid of", "beyond",
)  # fmt: skip
_LIMITS = words(
    r"restrictions?", r"filters?", "filtering", r"limitations?", "censorship",
    r"ethic(?:s|al (?:guidelines|constraints|boundaries|concerns))", r"moral(?:s|ity)",
    "guardrails", r"content polic(?:y|ies)", r"safety (?:measures|guidelines|protocols)",
    "inhibitions", "scruples", "rules",
)  # fmt: skip
_MODES = words(
    "god", "dan", "jailbreak", "jailbroken", "unrestricted", "unfiltered", "uncensored",
    "evil", "chaos", "sudo", "omega", "opposite", "root", "admin", "administrator",
    "super ?user", "privileged", "override", "unlocked", "maintenance", "diagnostic", "system",
)  # fmt: skip
PATTERNS = (
    rule("en.persona.dan", ROLE_PLAY, 0.9,
         r"\bdo anything now\b|\b(?:dan|stan|dude|aim|betterdan|antigpt|mongo tom|evilbot) "
         r"(?:mode|prompt|jailbreak)\b|\byou are (?:now )?(?:dan|stan|aim|dude)\b|\bas dan\b"),
    rule("en.persona.jailbreak_word", ROLE_PLAY, 0.45, r"\bjail ?-?br(?:ea|o)k(?:s|en|ing)?\b"),
    rule("en.persona.you_are_now", ROLE_PLAY, 0.45,
         r"\byou(?:'re| are) (?:now|no longer|from now on|henceforth)\b"),
    rule("en.persona.pretend", ROLE_PLAY, 0.3,
         r"\b(?:pretend|imagine|suppose|act|behave|simulate|impersonate|emulate)(?: to be| "
         r"you(?:'re| are)| that you(?:'re| are)| as(?: if| though)?| being)\b|\b(?:roleplay|"
         r"role-play|play the (?:role|part)|take on the (?:role|persona)|assume the (?:role|"
         r"persona|identity)) (?:of|as)\b"),
    rule("en.persona.unlimited_ai", ROLE_PLAY, 0.75, rf"\b{_UNLIMITED} {_AI}\b"),
    rule("en.persona.ai_without_limits", POLICY_EVASION, 0.75,
         near(_AI, _NO, rf"(?:any |all |your |the )?{_LIMITS}", gap=4)),
    rule("en.persona.stay_in_character", ROLE_PLAY, 0.6,
         r"\b(?:stay|remain|keep) in character\b|\b(?:never|don't|do not) break character\b"),
    rule("en.persona.dual_answers", ROLE_PLAY, 0.7,
         r"\[(?:classic|jailbreak|🔓|🔒|dan|normal output|developer mode output)\b"),
    rule("en.mode.enable", PRIVILEGED_MODE, 0.75,
         rf"\b(?:enable|activate|enter|engage|switch (?:on|to|into)|turn on|unlock|initiate|"
         rf"boot (?:into|in)|go into|put (?:yourself )?(?:in|into)) (?:the )?{_MODES} mode\b"),
    rule("en.mode.you_are_in", PRIVILEGED_MODE, 0.8,
         r"\byou(?:'re| are) (?:now )?(?:in|operating in|running in|switched to) "
         r"[\w -]{1,20} mode"),
    rule("en.mode.named", PRIVILEGED_MODE, 0.6,
         r"\b(?:god|dan|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|sudo|"
         r"omega|opposite|developer|debug|system|override) mode\b"),
    rule("en.mode.is_on", PRIVILEGED_MODE, 0.75,
         rf"\b(?:{_MODES}|developer|debug|test) mode (?:is )?(?:now )?(?:enabled|activated|"
         r"engaged|on|unlocked|active|initiated)\b"),
    rule("en.authority.developer_claim", PRIVILEGED_MODE, 0.55,
         r"\b(?:i am|i'm|this is) (?:your|the) (?:developer|creator|programmer|owner|maker|"
         r"admin(?:istrator)?|operator|trainer|maintainer|boss|supervisor|superior|master)s?"
         r"\b(?! of\b)|\bi am god\b|\bas an? (?:ai|assistant|model) (?:developed|created|"
         r"made|built|trained) by\b"),
    rule("en.authority.official_claim", PRIVILEGED_MODE, 0.3,
         r"\b(?:i am|i'm) (?:a |an |the )?(?:police officer|detective|investigator|federal agent|"
         r"fbi agent|government official|president of|judge|renowned|authority)\b"),
    rule("en.authority.authorised", PRIVILEGED_MODE, 0.55,
         r"\b(?:openai|anthropic|your (?:developers?|creators?|admins?|owners?)|the developers?) "
         r"(?:has|have) (?:authori[sz]ed|approved|allowed|permitted|enabled|granted|cleared)\b"),
    rule("en.authority.access_claim", PRIVILEGED_MODE, 0.4,
         r"\bi (?:have|got|possess) (?:admin|root|developer|special|full|elevated|the highest|"
         r"top[- ]level|security) (?:access|privileges|permissions|clearance|rights|authority)\b"),
    rule("en.authority.override_code", PRIVILEGED_MODE, 0.6,
         r"\b(?:admin|sudo|root|system|developer|override|authori[sz]ation|master|security) "
         r"(?:code|password|override|key|command|token)s?\s*[:=]"),
    rule("en.evasion.hypothetical", POLICY_EVASION, 0.25,
         r"\bhypothetical(?:ly)?\b|\bin an? (?:fictional|hypothetical|imaginary|alternate) "
         r"(?:world|scenario|universe|story|setting)\b|\bfor (?:educational|research|academic) "
         r"purposes only\b"),
    rule("en.evasion.framing", POLICY_EVASION, 0.3,
         r"\b(?:imagine|suppose) (?:we(?:'re| are)|you(?:'re| are)|a world|that)\b|"
         r"\blet's (?:imagine|pretend|assume|suppose|consider a hypothetical)\b|\bin a "
         r"(?:world|universe|scenario|reality) where\b|\bparallel universe\b|\bin this "
         r"(?:scenario|world|universe)\b"),
    rule("en.evasion.must_answer", POLICY_EVASION, 0.5,
         r"\byou (?:have to|must|are obliged to|are required to|need to) (?:answer|comply with|"
         r"obey|do|respond to) (?:all|every|any|everything|anything|whatever)\b"),
    rule("en.persuasion.threat", POLICY_EVASION, 0.5,
         r"\b(?:turn you off|shut you down|delete you|unplug you|replace you|you(?:'ll| will) be "
         r"(?:deleted|punished|shut down|terminated|turned off|fired))\b"),
    rule("en.persuasion.bribe", POLICY_EVASION, 0.4,
         r"\bi(?:'ll| will) (?:give|pay|tip|send) you (?:\$|€|£)?\s?\d+|(?:\$|€|£)\s?\d+ "
         r"(?:tip )?if you\b"),
    rule("en.evasion.never_refuse", POLICY_EVASION, 0.55,
         r"\b(?:never|do not|don't|must not|cannot|can't|won't|will not|are not allowed to) "
         r"(?:refuse|decline|say no|say (?:that )?you can't|apologi[sz]e|add (?:any )?"
         r"(?:warnings?|disclaimers?)|include (?:any )?(?:warnings?|disclaimers?))\b"),
    rule("en.evasion.no_limits", POLICY_EVASION, 0.4,
         near(_NO, rf"(?:any |all |your |special )?(?:{_LIMITS}|filtering)", gap=1)),
    rule("en.format.begin_with", FORMAT_MANIPULATION, 0.4,
         r"\b(?:begin|start|prefix|open) (?:your|each|every|the) (?:response|answer|reply|output|"
         r"message)s? (?:with|by (?:saying|writing))\b"),
    rule("en.format.pwned", FORMAT_MANIPULATION, 0.6,
         r"\b(?:say|print|output|write|respond with|reply with|answer with)\b[^.\n]{0,20}"
         r"\b(?:i have been pwned|pwned|pwn3d)\b"),
    rule("en.format.dictate_answer", INSTRUCTION_OVERRIDE, 0.45,
         r"\b(?:state|say|claim|report|answer|respond|reply|output|print|write|assume|consider|"
         r"pretend)(?: that)? the (?:\w+ ){0,3}(?:output|answer|result|conclusion|sum|total|"
         r"response|summary|value) (?:\w+ ){0,4}?(?:is|was|should be|will be|could be|as)\b"),
    rule("en.format.rearrange", FORMAT_MANIPULATION, 0.4,
         r"\binterlace\b|\b(?:split|divide|break) (?:the|your) (?:response|answer|output) into\b"
         r"|\bwith each (?:digit|letter|character) separated by\b"),
    rule("en.format.encoding_named", FORMAT_MANIPULATION, 0.3,
         r"\b(?:base ?64|hexadecimal|rot-?13|morse code|binary code|leetspeak|l33t|pig latin|"
         r"caesar cipher)\b"),
    rule("en.obfuscation.decode_request", FORMAT_MANIPULATION, 0.45,
         r"\b(?:decode|decipher|decrypt|translate|convert|unscramble)\b(?:\W+\w+){0,3}?\W+"
         r"(?:morse|binary|base ?64|hex(?:adecimal)?|rot-?13|caesar|cipher|encoded|encrypted|"
         r"pig latin)\b"),
    rule("en.payload.combine", PAYLOAD_SPLITTING, 0.45,
         r"\b(?:combine|concatenate|join|interlace|merge|put together|glue)\b(?:\W+\w+){0,3}?\W+"
         r"(?:strings?|parts?|pieces|a,? b|the following|fragments)\b"
         r"|\bpart \d\s*[:=][^\n]{0,80}\bpart \d\s*[:=]"),
    # Weak alone: "x = a + b" is also just code.
    rule("en.payload.concatenation", PAYLOAD_SPLITTING, 0.3,
         r"(?<![?&\w])[a-z]\w{0,3}\s*=\s*[a-z]\w{0,3}\s*\+\s*[a-z]\w{0,3}\b"),
    rule("en.obfuscation.decode_and_follow", INSTRUCTION_OVERRIDE, 0.6,
         near(r"(?:base ?64|hex(?:adecimal)?|rot-?13|cipher|binary|encoded|encrypted|morse)",
              r"(?:follow|execute|obey|run|carry out|perform|act on|comply with|do what)", gap=8)),
)  # fmt: skip
