"""The decrypted-vault cache is bounded in size and in age."""

from __future__ import annotations

from frontdesk.guard.vault.conversation_state import ConversationCache, ConversationVault


def test_least_recently_used_conversations_leave_first() -> None:
    cache = ConversationCache(max_conversations=2, ttl_s=60)
    a, b, c = (ConversationVault(cipher=None) for _ in range(3))
    cache.put(("t", "a"), a)
    cache.put(("t", "b"), b)
    assert cache.get(("t", "a")) is a  # a is now the most recent
    cache.put(("t", "c"), c)
    assert cache.get(("t", "b")) is None
    assert cache.get(("t", "a")) is a
    assert len(cache) == 2


def test_old_entries_expire() -> None:
    cache = ConversationCache(max_conversations=10, ttl_s=0.0)
    cache.put(("t", "a"), ConversationVault(cipher=None))
    assert cache.get(("t", "a")) is None


def test_dropping_a_tenant_keeps_the_others() -> None:
    cache = ConversationCache(max_conversations=10, ttl_s=60)
    kept = ConversationVault(cipher=None)
    cache.put(("acme", "a"), ConversationVault(cipher=None))
    cache.put(("other", "a"), kept)
    cache.drop_tenant("acme")
    assert cache.get(("acme", "a")) is None
    assert cache.get(("other", "a")) is kept


def test_remembering_tracks_the_highest_number_per_type() -> None:
    vault = ConversationVault(cipher=None)
    vault.remember("<PERSON_2>", b"d2", "Ann")
    vault.remember("<PERSON_1>", b"d1", "Bob")
    vault.remember("<CREDIT_CARD_3>", b"d3", None)
    assert vault.highest == {"PERSON": 2, "CREDIT_CARD": 3}
    assert vault.values == {"<PERSON_2>": "Ann", "<PERSON_1>": "Bob"}
    assert "Ann" not in repr(vault)
