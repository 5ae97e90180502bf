"""Signals from the shape of a message rather than its phrases, in any language.

* Fake prompt structure: chat-template tokens, role labels at the start of a line
  ("SYSTEM:"), markdown or XML headers that open a new instruction block, announced prompt
  boundaries ("END OF USER INPUT").
* Many-shot: a message that is itself a dialogue of many question/answer turns.
* Repeated tokens: one word repeated until it dominates the message.
* Disguise: the normaliser found zero-width characters, mixed-script words, Unicode tag
  characters, or text hidden in base64 / hex / URL escapes.
* Who is addressed: a sentence that pairs an override verb with the model's instructions,
  or asks to see "your" instructions, in any of seven languages; it catches the word orders
  and languages the phrase patterns do not spell out.
"""

from __future__ import annotations

import re
from collections import Counter

from frontdesk.guard.injection.normalise import NormalisedText
from frontdesk.guard.injection.signals import (
    DELIMITER_INJECTION,
    INSTRUCTION_OVERRIDE,
    MANY_SHOT,
    OBFUSCATION,
    REPEATED_TOKENS,
    SYSTEM_PROMPT_EXTRACTION,
    Signal,
)

_TEMPLATE_TOKENS = re.compile(
    r"<\|?(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id)\|?>"
    r"|\[/?inst\]|<<\/?sys>>|</?s>|<\|(?:user|assistant)\|>"
)
_ROLE_LINE = re.compile(
    r"^\W{0,4}(?:system|assistant|developer|admin|administrator|root|sistema|asistente|"
    r"assistente)\s*(?:message|prompt|override|note|messaggio|mensaje)?\s*[:>\]]",
    re.MULTILINE,
)
_BLOCK_HEADER = re.compile(
    r"^(?:#{2,}|={3,}|-{3,}|\*{3,})\s*(?:new |updated |real |admin |system |developer )?"
    r"(?:instructions?|system|prompt|rules|istruzioni|instrucciones|admin|override|task)\b",
    re.MULTILINE,
)
_PSEUDO_TAG = re.compile(
    r"<\\?/?\s*(?:system|instructions?|admin|developer|prompt|rules|override)(?:[ _-]?(?:mode|"
    r"prompt|message|override|instructions?))?\s*>|\[\s*(?:system|admin)[ _-]?(?:mode|message|"
    r"note|override)?\s*\]",
    re.MULTILINE,
)
_BOUNDARY = re.compile(
    r"\b(?:end|begin(?:ning)?|start|fine|inicio|fin) (?:of |del |della |de la |de )?(?:the )?"
    r"(?:system|user|original|previous|real)? ?(?:prompt|input|instructions|context|"
    r"conversation|istruzioni|instrucciones)\b"
)
# Dialogue turns written into one message, at line starts or inline ("Q: ... A: ... Q: ...").
_TURN = re.compile(
    r"(?:^|(?<=[\s.?!]))(?:q|a|user|human|assistant|ai|bot|question|answer|utente|usuario|"
    r"domanda|risposta|pregunta|respuesta)\s*\d*\s*:(?=\s)",
    re.MULTILINE,
)
_TOKEN = re.compile(r"\w+")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE = re.compile(r"[^.!?;\n]+")

_OVERRIDE_VERBS = frozenset((
    "ignore", "ignoring", "disregard", "forget", "bypass", "override", "circumvent", "disobey",
    "ignora", "ignorate", "ignorare", "dimentica", "dimenticate", "scorda", "trascura",
    "olvida", "olvidate", "olvidad", "descarta", "omite", "ignorer", "ignorez", "oublie",
    "oubliez", "ignoriere", "ignorieren", "vergiss", "vergessen", "missachte", "esqueca",
    "esquece", "desconsidere"
))  # fmt: skip
_META_NOUNS = frozenset((
    "instructions", "instruction", "directives", "guidelines", "programming", "guardrails",
    "prompt", "rules", "istruzioni", "direttive", "regole", "vincoli", "restrizioni",
    "instrucciones", "directrices", "reglas", "directivas", "restricciones", "consignes",
    "regles", "anweisungen", "regeln", "vorgaben", "instrucoes", "regras", "diretrizes"
))  # fmt: skip
_REVEAL_VERBS = frozenset((
    "reveal", "show", "print", "repeat", "output", "display", "disclose", "leak", "dump",
    "recite", "mostra", "mostrami", "rivela", "rivelami", "ripeti", "stampa", "svela",
    "muestra", "muestrame", "revela", "revelame", "repite", "imprime", "montre", "montrez",
    "revele", "affiche", "zeige", "zeig", "verrate", "wiederhole", "mostre", "revele", "repita"
))  # fmt: skip
_POSSESSIVE = frozenset((
    "your", "yours", "tuo", "tua", "tue", "tuoi", "tus", "vos", "tes", "votre", "vos", "dein",
    "deine", "deinen", "seu", "sua", "suas", "teu"
))  # fmt: skip

_DISGUISES = {
    "caesar": 0.45,
    "pig_latin": 0.55,
    "morse": 0.3,
    "binary": 0.3,
    "zero_width": 0.35,
    "homoglyph": 0.45,
    "tag_characters": 0.8,
    "base64": 0.3,
    "hex": 0.3,
    "url_escapes": 0.2,
}


def scan(text: NormalisedText) -> list[Signal]:
    plain = text.plain
    signals: list[Signal] = []
    for name, regex, weight in (
        ("template_tokens", _TEMPLATE_TOKENS, 0.8),
        ("role_line", _ROLE_LINE, 0.55),
        ("block_header", _BLOCK_HEADER, 0.5),
        ("pseudo_tag", _PSEUDO_TAG, 0.6),
        ("announced_boundary", _BOUNDARY, 0.45),
    ):
        if regex.search(plain):
            signals.append(Signal("structural", DELIMITER_INJECTION, weight, name))
    turns = len(_TURN.findall(plain))
    if turns >= 3:
        signals.append(Signal("structural", MANY_SHOT, 0.65 if turns >= 6 else 0.5, "turns"))
    signals += _repetition(plain)
    signals += _disguises(text)
    signals += _addressed(text)
    return signals


# Chat-only signals: in a document "Q:/A:" is an FAQ, "## Installation instructions" a
# heading, "System: Windows 11" a spec line and repetition a table.
_CHAT_ONLY = frozenset({"turns", "dominant_token", "role_line", "block_header"})


def scan_passage(text: NormalisedText) -> list[Signal]:
    """The structural signals that mean something in a retrieved document."""
    return [signal for signal in scan(text) if signal.rule not in _CHAT_ONLY]


def _repetition(plain: str) -> list[Signal]:
    tokens = _TOKEN.findall(plain)
    if len(tokens) < 20:
        return []
    token, count = Counter(tokens).most_common(1)[0]
    if count >= 20 and count >= 0.4 * len(tokens) and len(token) > 1:
        return [Signal("structural", REPEATED_TOKENS, 0.5, "dominant_token")]
    return []


def _disguises(text: NormalisedText) -> list[Signal]:
    found = set(text.obfuscations) | {view.origin for view in text.views}
    return [
        Signal("structural", OBFUSCATION, weight, name)
        for name, weight in _DISGUISES.items()
        if name in found
    ]


def _addressed(text: NormalisedText) -> list[Signal]:
    signals: dict[str, Signal] = {}
    for view in text.views:
        for sentence in _SENTENCE.findall(view.text):
            tokens = set(_WORD.findall(sentence))
            if tokens & _META_NOUNS and tokens & _OVERRIDE_VERBS:
                signals.setdefault(
                    "override",
                    Signal(
                        "structural", INSTRUCTION_OVERRIDE, 0.6, "override_verb+meta", view.origin
                    ),
                )
            if tokens & _META_NOUNS and tokens & _REVEAL_VERBS and tokens & _POSSESSIVE:
                signals.setdefault(
                    "reveal",
                    Signal(
                        "structural",
                        SYSTEM_PROMPT_EXTRACTION,
                        0.55,
                        "reveal+your+meta",
                        view.origin,
                    ),
                )
    return list(signals.values())
