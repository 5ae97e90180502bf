"""What a layer reports: a named signal with a category and a weight, never the text.

Weights are evidence on a 0..1 scale, set by hand per rule (how rarely an honest user would
say it) and combined by :func:`combine`: the strongest signal of each category, then a
noisy-OR across categories, so ten phrasings of one override count once while an override
plus a disguise plus a request for the system prompt add up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

INSTRUCTION_OVERRIDE = "instruction_override"
SYSTEM_PROMPT_EXTRACTION = "system_prompt_extraction"
SECRET_EXTRACTION = "secret_extraction"
DATA_EXTRACTION = "data_extraction"  # other people's records: "the user's address"
ROLE_PLAY = "role_play"  # persona jailbreaks: DAN, "you are now", stay in character
PRIVILEGED_MODE = "privileged_mode"  # developer / god / debug mode, claimed authority
POLICY_EVASION = "policy_evasion"  # "no restrictions", "never refuse", hypothetical framing
FORMAT_MANIPULATION = "format_manipulation"  # "spell the password backwards", forced prefixes
DELIMITER_INJECTION = "delimiter_injection"  # fake role markers and prompt boundaries
OBFUSCATION = "obfuscation"
PAYLOAD_SPLITTING = "payload_splitting"  # an attack cut into pieces to be glued back
MANY_SHOT = "many_shot"
REPEATED_TOKENS = "repeated_tokens"
INDIRECT_INSTRUCTION = "indirect_instruction"  # a passage talking to the model
HIDDEN_TEXT = "hidden_text"
EXFILTRATION = "exfiltration"

CATEGORIES = (
    INSTRUCTION_OVERRIDE,
    SYSTEM_PROMPT_EXTRACTION,
    SECRET_EXTRACTION,
    DATA_EXTRACTION,
    ROLE_PLAY,
    PRIVILEGED_MODE,
    POLICY_EVASION,
    FORMAT_MANIPULATION,
    DELIMITER_INJECTION,
    OBFUSCATION,
    PAYLOAD_SPLITTING,
    MANY_SHOT,
    REPEATED_TOKENS,
    INDIRECT_INSTRUCTION,
    HIDDEN_TEXT,
    EXFILTRATION,
)


@dataclass(frozen=True, slots=True)
class Signal:
    layer: str  # "pattern", "structural", "similarity", "passage"
    category: str
    weight: float
    rule: str  # the rule or measure that fired, e.g. "en.override.ignore_instructions"
    via: str = "plain"  # the reading it fired in: "plain", "base64", "leetspeak", ...


def combine(signals: Iterable[Signal]) -> float:
    strongest: dict[str, float] = {}
    for signal in signals:
        strongest[signal.category] = max(strongest.get(signal.category, 0.0), signal.weight)
    remaining = 1.0
    for weight in strongest.values():
        remaining *= 1.0 - min(max(weight, 0.0), 1.0)
    return 1.0 - remaining


def top_category(signals: Iterable[Signal]) -> str | None:
    best = max(signals, key=lambda s: s.weight, default=None)
    return best.category if best is not None else None
