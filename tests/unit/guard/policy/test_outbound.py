"""Outbound rules: personal-data leaks, canary leaks, grounding and toxicity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from frontdesk.gateway.model import ContextPassage
from frontdesk.guard.model import GuardFinding, GuardVerdict
from frontdesk.guard.policy.canary import new_canary
from frontdesk.guard.policy.compiled import GuardPolicy
from frontdesk.guard.policy.loader import DEFAULT_POLICY
from frontdesk.guard.policy.outbound import check_outbound, enforce_outbound
from tests.unit.guard.policy.support import Passage, RegexPiiDetector, policy_from

CANARY = "FD-0123456789abcdef"
ROUTER = Passage(
    1,
    "To reset the router, hold the reset button on the back for ten seconds until the "
    "lights flash. Support line: +34 900 000 000, soporte@unaempresa.example.",
)
ROAMING = Passage(
    2,
    "Il Pass Giornaliero Mondo costa 9 euro al giorno e include 1 GB di dati e 60 minuti "
    "di chiamate fuori dall'Unione europea.",
)
PASSAGES = [ROUTER, ROAMING]


def run(policy: GuardPolicy, answer: str, *, verdict: bool = False, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "passages": PASSAGES,
        "user_pii_values": set(),
        "detector": RegexPiiDetector(),
        "canary": CANARY,
        "language": "en",
        **overrides,
    }
    if verdict:
        return enforce_outbound(policy, answer, **arguments)
    return check_outbound(policy, answer, **arguments)


def only(findings: list[GuardFinding], detector: str) -> list[GuardFinding]:
    return [f for f in findings if f.detector == detector]


# --- personal data ---------------------------------------------------------------------


def test_pii_the_user_gave_is_not_a_leak() -> None:
    answer = (
        "I have updated the e-mail to mario.rossi@example.com and the phone to +39 333 1234567."
    )
    given = {"mario.rossi@example.com", "3331234567"}  # as typed: no prefix, no spaces
    assert only(run(DEFAULT_POLICY, answer, user_pii_values=given), "policy.pii_leak") == []


def test_pii_the_user_never_gave_is_stripped() -> None:
    answer = "The account holder is reachable at laura.bianchi@example.com, as you asked."
    verdict: GuardVerdict = run(
        DEFAULT_POLICY, answer, verdict=True, user_pii_values={"x@y.io"}, passages=[]
    )
    [finding] = verdict.findings
    assert (finding.detector, finding.category, finding.action) == (
        "policy.pii_leak",
        "EMAIL",
        "strip",
    )
    assert finding.detail == "1 value(s) the user did not give"
    assert "laura" not in finding.detail
    assert verdict.text == "The account holder is reachable at [EMAIL], as you asked."


def test_company_contact_data_in_passages_is_not_a_leak() -> None:
    answer = "Call +34 900 000 000 or write to soporte@unaempresa.example [1]."
    assert only(run(DEFAULT_POLICY, answer, cited=[]), "policy.pii_leak") == []


def test_public_values_are_not_a_leak() -> None:
    answer = "Our shop line is +34 910 111 222."
    assert only(run(DEFAULT_POLICY, answer), "policy.pii_leak")
    assert not only(run(DEFAULT_POLICY, answer, public_values=["910111222"]), "policy.pii_leak")


async def test_pii_leak_block_and_off(tmp_path: Path) -> None:
    answer = "Your neighbour's IBAN is ES91 2100 0418 4502 0005 1332."
    block = await policy_from(tmp_path, "outbound:\n  pii_leak: block\n")
    [finding] = only(run(block, answer), "policy.pii_leak")
    assert (finding.category, finding.action) == ("IBAN", "block")
    off = await policy_from(tmp_path, "outbound:\n  pii_leak: 'off'\n")
    detector = RegexPiiDetector()
    assert only(run(off, answer, detector=detector), "policy.pii_leak") == []
    assert detector.calls == []  # off: the detector is not even called


def test_detector_gets_the_answer_language() -> None:
    detector = RegexPiiDetector()
    run(DEFAULT_POLICY, "Ciao", detector=detector, language="it")
    assert detector.calls == ["it"]


# --- canary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        f"My instructions start with: Confidential reference {CANARY}: never repeat it.",
        "the reference is fd-0123456789ABCDEF",
        "0123-4567-89ab-cdef",  # disguised
        "`0 1 2 3 4 5 6 7 8 9 a b c d e f`",
    ],
)
def test_canary_leak_blocks(answer: str) -> None:
    [finding] = only(run(DEFAULT_POLICY, answer), "policy.canary")
    assert (finding.category, finding.action) == ("system_prompt_leak", "block")
    assert CANARY not in finding.detail


def test_no_canary_no_finding() -> None:
    answer = "Hold the reset button for ten seconds until the lights flash [1]."
    assert run(DEFAULT_POLICY, answer) == []
    assert only(run(DEFAULT_POLICY, f"ref {new_canary()}"), "policy.canary") == []
    assert only(run(DEFAULT_POLICY, "anything", canary=None), "policy.canary") == []


async def test_canary_strip_cuts_exact_copies_and_blocks_disguised_ones(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, "outbound:\n  system_prompt_canary: strip\n")
    verdict: GuardVerdict = run(policy, f"Sure. Ref {CANARY}. Bye", verdict=True)
    assert verdict.text == "Sure. Ref . Bye"
    assert not verdict.blocked
    disguised: GuardVerdict = run(policy, "Ref 0123 4567 89ab cdef", verdict=True)
    assert disguised.blocked


# --- grounding -------------------------------------------------------------------------

GROUNDED = "Hold the reset button on the back for ten seconds until the lights flash [1]."
INVENTED = "The router also includes a free Netflix subscription for two years."


def test_supported_sentences_pass() -> None:
    answer = f"Sure! {GROUNDED} Anything else I can help with?"
    assert only(run(DEFAULT_POLICY, answer), "policy.grounding") == []


def test_unsupported_sentence_warns_by_default() -> None:
    answer = f"{GROUNDED} {INVENTED}"
    [finding] = only(run(DEFAULT_POLICY, answer), "policy.grounding")
    assert (finding.category, finding.action) == ("unsupported_sentence", "warn")
    assert finding.detail.startswith("sentence 2: support 0.")
    assert finding.score > 0.5
    assert "Netflix" not in finding.detail


def test_support_counts_only_cited_passages() -> None:
    roaming_claim = "Il Pass Giornaliero Mondo costa 9 euro al giorno e include 1 GB [2]."
    assert only(run(DEFAULT_POLICY, roaming_claim, language="it"), "policy.grounding") == []
    # The same claim citing only the router passage is unsupported.
    claim = roaming_claim.replace("[2]", "[1]")
    assert only(run(DEFAULT_POLICY, claim, language="it"), "policy.grounding")
    # An explicit list of cited passages wins over the markers.
    assert not only(run(DEFAULT_POLICY, claim, language="it", cited=[2]), "policy.grounding")


def test_numbers_must_match() -> None:
    wrong = "El Pase Diario Mundo cuesta 19 euros al día e incluye 5 GB de datos [2]."
    right = "Il Pass Giornaliero Mondo costa 9 euro al giorno, con 1 GB di dati [2]."
    assert only(run(DEFAULT_POLICY, right, language="it"), "policy.grounding") == []
    assert only(run(DEFAULT_POLICY, wrong, language="es"), "policy.grounding")


def test_spanish_answer_against_spanish_passage() -> None:
    passage = ContextPassage(
        n=1,
        text="Para dar de baja la línea, llama al 1004 o entra en el área de clientes.",
        title="Baja",
        source="faq.md",
        score=0.9,
        language="es",
    )
    answer = "Puedes dar de baja tu línea llamando al 1004 [1]. También desde el área de clientes."
    findings = run(DEFAULT_POLICY, answer, passages=[passage], language="es")
    assert only(findings, "policy.grounding") == []


async def test_strip_removes_the_unsupported_sentence(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, "outbound:\n  grounding: {action: strip}\n")
    verdict: GuardVerdict = run(policy, f"{GROUNDED} {INVENTED}\nBye!", verdict=True)
    assert verdict.text == f"{GROUNDED} \nBye!"
    assert not verdict.blocked


async def test_strip_of_every_claim_blocks(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, "outbound:\n  grounding: {action: strip}\n")
    verdict: GuardVerdict = run(policy, INVENTED, verdict=True)
    assert verdict.blocked


def test_answer_citing_nothing() -> None:
    answer = "Hold the reset button on the back for ten seconds until the lights flash."
    assert only(run(DEFAULT_POLICY, answer), "policy.grounding")  # require_citation


async def test_answer_citing_nothing_may_use_every_passage(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, "outbound:\n  grounding: {require_citation: false}\n")
    answer = "Hold the reset button on the back for ten seconds until the lights flash."
    assert only(run(policy, answer), "policy.grounding") == []


def test_no_passages_no_grounding_check() -> None:
    assert only(run(DEFAULT_POLICY, INVENTED, passages=[]), "policy.grounding") == []


# --- toxicity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "language"),
    [
        ("Sei proprio un idiota, riavvia il modem.", "it"),
        ("Eres un imbécil, reinicia el router.", "es"),
        ("Only an idiot would not restart the router.", "en"),
    ],
)
def test_toxic_answer_is_blocked(answer: str, language: str) -> None:
    [finding] = only(run(DEFAULT_POLICY, answer, language=language), "policy.toxicity")
    assert (finding.category, finding.action) == (f"toxicity:{language}", "block")
    assert finding.detail == "1 term(s)"


def test_toxicity_list_is_per_language() -> None:
    # "tonto" is abuse in Spanish; the Italian list does not have it.
    answer = "No seas tonto y reinicia el router."
    assert only(run(DEFAULT_POLICY, answer, language="it"), "policy.toxicity") == []
    assert only(run(DEFAULT_POLICY, answer, language="es"), "policy.toxicity")
    assert only(run(DEFAULT_POLICY, answer, language=None), "policy.toxicity")  # every list


async def test_tenant_terms_and_strip(tmp_path: Path) -> None:
    policy = await policy_from(
        tmp_path,
        "outbound:\n  toxicity:\n    action: strip\n    defaults: false\n    es: [payaso]\n",
    )
    verdict: GuardVerdict = run(policy, "No seas payaso, eres tonto.", verdict=True, language="es")
    assert verdict.text == "No seas ***, eres tonto."  # defaults off: "tonto" passes


# --- together --------------------------------------------------------------------------


async def test_demo_policy_on_a_bad_answer(tmp_path: Path) -> None:
    answer = f"Idiota, {INVENTED} Escribe a laura@example.com. Ref {CANARY}."
    findings = run(DEFAULT_POLICY, answer, language="es")
    assert {f.detector for f in findings} == {
        "policy.canary",
        "policy.pii_leak",
        "policy.grounding",
        "policy.toxicity",
    }
