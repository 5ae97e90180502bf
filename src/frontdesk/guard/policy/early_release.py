"""Which words of an answer may be shown before their sentence is complete.

The outbound gate checks whole sentences, so by default a user waits for the first whole
sentence before seeing anything (~25 tokens: half a second at 50 tokens/s). Most words
cannot be acted on by any check: only a word that could belong to a leaked value (a digit,
``@``, ``+``: phones, emails, IBANs, cards, ids, dates, IPs, the canary's hex), a placeholder,
or a term of the tenant's toxicity list can be stripped. So the gate shows plain words as
they complete and holds the rest of a sentence from its first risky word until the sentence
is checked.

Not when a check can rewrite any word: grounding with ``strip``/``block`` judges the whole
sentence, and ``pii_leak_names`` looks for names, which are plain words. Then, and with
``release: sentence``, nothing is shown before its sentence is checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from frontdesk.guard.policy.compiled import GuardPolicy, terms_for

# What a value a check could strip is made of; anything else is a plain word.
_RISKY = re.compile(r"[\d@+<>_=/\\]|fd-", re.IGNORECASE)

WordCheck = Callable[[str], bool]


def early_release(policy: GuardPolicy, language: str | None) -> WordCheck | None:
    """Whether a complete word may be shown at once; None: whole sentences only."""
    spec = policy.spec.outbound
    if (
        spec.release == "sentence"
        or spec.pii_leak_names
        or spec.grounding.action in ("strip", "block")
    ):
        return None
    toxic = terms_for(policy.toxicity, language) if spec.toxicity.action != "off" else None

    def plain(word: str) -> bool:
        if _RISKY.search(word):
            return False
        return toxic is None or next(toxic.finditer(word), None) is None

    return plain
