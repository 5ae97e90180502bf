"""What makes two requests "the same question": the exact key and the semantic key-space.

The exact key is a sha256 over canonical JSON (sorted keys, orjson) of everything that
shapes the answer: the logical model, every message (role and normalised content), the
output limit, temperature, stop sequences, language and the passages (``n``, source and a
sha256 of the text, so a re-ingested passage is a different request). Request metadata is
left out: it carries routing labels and ids, not content. Normalisation is Unicode NFKC,
casefolding and whitespace collapsed and stripped: "How do I  reset my Router? " and "how
do i reset my router?" are one request. Stop sequences and passage text are not
normalised: they are literal, and a changed passage must change the answer.

The semantic key-space is the same document without the user's message: two questions are
only compared when everything else (model, system prompt, passages, language, limits) is
identical, so a paraphrase never borrows an answer grounded in other passages or written
under another prompt. Only first questions get one - a request whose non-system messages
are a single user message. A later turn means what it means because of the conversation
before it ("and in Spain?", "how much is it?"): the same words in two conversations are
different questions, and the history is too varied for its embedding to match anything
usefully. Those requests still hit exactly when the whole conversation repeats.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import orjson

from frontdesk.gateway.model import ChatRequest, Message

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class RequestKeys:
    exact: str
    # The semantic key-space and the normalised question, or None for a later turn.
    space: str | None = None
    question: str = ""


def normalise_text(text: str) -> str:
    # NFKC again after casefolding: folding can produce sequences NFKC would rewrite.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _WHITESPACE.sub(" ", folded).strip()


def request_keys(model: str, request: ChatRequest) -> RequestKeys:
    exact = _digest(_document(model, request, request.messages))
    conversation = [m for m in request.messages if m.role != "system"]
    if len(conversation) != 1 or conversation[0].role != "user":
        return RequestKeys(exact)
    question = normalise_text(conversation[0].content)
    if not question:
        return RequestKeys(exact)
    system = tuple(m for m in request.messages if m.role == "system")
    return RequestKeys(exact, _digest(_document(model, request, system)), question)


def _document(model: str, request: ChatRequest, messages: tuple[Message, ...]) -> Any:
    return {
        "model": model,
        "messages": [[m.role, normalise_text(m.content)] for m in messages],
        "max_output_tokens": request.max_output_tokens,
        # 1 and 1.0 are the same temperature; JSON would spell them differently.
        "temperature": None if request.temperature is None else float(request.temperature),
        "stop": list(request.stop),
        "language": request.language,
        "passages": [
            [p.n, p.source, hashlib.sha256(p.text.encode()).hexdigest()] for p in request.passages
        ],
    }


def _digest(document: Any) -> str:
    return hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).hexdigest()
