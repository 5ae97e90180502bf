"""The offline extractive model: quotes passages with citations, or abstains."""

from __future__ import annotations

import re

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatChunk, ChatRequest, ContextPassage, Message
from frontdesk.gateway.providers.extractive_answer import ExtractiveAnswer, compose_answer
from frontdesk.gateway.providers.extractive_text import content_tokens, split_units
from frontdesk.gateway.providers.local import LocalExtractiveModel, chunk_text, register
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import ConfigError, UnknownModel

ROUTER = {
    "en": "\n".join(
        [
            "If your internet connection stops working, restarting the router fixes most problems.",
            "To reset the router:",
            "1. Unplug the router from the power socket.",
            "2. Wait 30 seconds.",
            "3. Plug it back in and wait until the Internet light is steady white"
            " (about 3 minutes).",
            "If the light stays red, press the Reset button on the back for 10 seconds with a"
            " paper clip.",
            "This restores the factory settings, so your Wi-Fi name and password go back to the"
            " ones on the label.",
        ]
    ),
    "it": "\n".join(
        [
            "Se la connessione a internet non funziona, riavviare il router risolve la maggior"
            " parte dei problemi.",
            "Per resettare il router:",
            "1. Stacca il router dalla presa di corrente.",
            "2. Aspetta 30 secondi.",
            "3. Ricollegalo e attendi che la spia Internet sia bianca fissa (circa 3 minuti).",
            "Se la spia resta rossa, tieni premuto il tasto Reset sul retro per 10 secondi con"
            " una graffetta.",
            "Così il router torna alle impostazioni di fabbrica: nome e password del Wi-Fi"
            " tornano quelli dell'etichetta.",
        ]
    ),
    "es": "\n".join(
        [
            "Si tu conexión a internet deja de funcionar, reiniciar el router soluciona la"
            " mayoría de los problemas.",
            "Para reiniciar el router:",
            "1. Desenchufa el router de la corriente.",
            "2. Espera 30 segundos.",
            "3. Vuelve a enchufarlo y espera a que la luz de Internet esté blanca fija"
            " (unos 3 minutos).",
            "Si la luz sigue roja, mantén pulsado el botón Reset de la parte trasera durante"
            " 10 segundos con un clip.",
            "Así el router vuelve a la configuración de fábrica: el nombre y la contraseña del"
            " wifi vuelven a ser los de la etiqueta.",
        ]
    ),
}

# One paragraph each, as a chunker that flattened the text would deliver them.
ROAMING = {
    "en": " ".join(
        [
            "Roaming outside the EU is charged by zone.",
            "Japan is in zone 3: calls cost €1.50 per minute and data costs €9.90 per 500 MB.",
            "You can buy the Travel Japan pack, 5 GB for 7 days at €19, from the Mi UnaEmpresa"
            " app.",
            "Roaming is switched off by default for new lines; turn it on in the app before you"
            " travel.",
        ]
    ),
    "it": " ".join(
        [
            "Il roaming fuori dall'UE si paga per zona.",
            "Il Giappone è in zona 3: le chiamate costano 1,50 € al minuto e i dati 9,90 € ogni"
            " 500 MB.",
            "Dall'app Mi UnaEmpresa puoi acquistare il pacchetto Viaggio Giappone, 5 GB per"
            " 7 giorni a 19 €.",
            "Per le nuove linee il roaming è disattivato: attivalo dall'app prima di partire.",
        ]
    ),
    "es": " ".join(
        [
            "El roaming fuera de la UE se cobra por zonas.",
            "Japón está en la zona 3: las llamadas cuestan 1,50 € por minuto y los datos 9,90 €"
            " cada 500 MB.",
            "Desde la app Mi UnaEmpresa puedes contratar el bono Viaje Japón, 5 GB durante"
            " 7 días por 19 €.",
            "En las líneas nuevas el roaming viene desactivado: actívalo en la app antes de"
            " viajar.",
        ]
    ),
}

ESIM = {
    "en": "\n".join(
        [
            "You can ask for an eSIM in the app or in any store; we email you a QR code.",
            "To set up the eSIM on an iPhone:",
            "1. Open Settings > Mobile Data > Add eSIM.",
            "2. Choose Use QR Code and scan the code from our email.",
            "3. Label the new line and choose it for mobile data.",
            "The QR code works only once: if you delete the eSIM, ask us for a new one.",
        ]
    ),
    "it": "\n".join(
        [
            "Puoi chiedere una eSIM dall'app o in negozio; ti inviamo un codice QR via email.",
            "Per configurare la eSIM su iPhone:",
            "1. Apri Impostazioni > Dati cellulare > Aggiungi eSIM.",
            "2. Scegli Usa codice QR e inquadra il codice della nostra email.",
            "3. Dai un nome alla nuova linea e sceglila per i dati cellulare.",
            "Il codice QR funziona una sola volta: se elimini la eSIM, chiedici un nuovo codice.",
        ]
    ),
}

BILLING_EN = " ".join(
    [
        "Invoices are issued on the 1st of each month and charged to your bank account five"
        " days later.",
        "You can download every invoice as a PDF from the Mi UnaEmpresa app, under Invoices.",
        "If a charge looks wrong, open a billing claim within 30 days of the invoice date.",
    ]
)

PARKS_EN = (
    "Our stores open Monday to Saturday from 10:00 to 20:00."
    " Parking is free for customers for the first hour."
)


def passage(
    n: int, text: str, language: str | None, score: float = 0.85, title: str = ""
) -> ContextPassage:
    return ContextPassage(
        n=n, text=text, title=title, source=f"kb/{n}.md", score=score, language=language
    )


def mixed_router_passages() -> tuple[ContextPassage, ...]:
    # Retrievers return the same topic in several languages; the order is the retriever's.
    return (
        passage(1, ROUTER["en"], "en", 0.91),
        passage(2, ROUTER["it"], "it", 0.90),
        passage(3, ROUTER["es"], "es", 0.89),
        passage(4, BILLING_EN, "en", 0.40),
    )


def normalise(text: str) -> str:
    return " ".join(text.split())


def quotes(answer_text: str, lead_in_present: bool = True) -> list[tuple[str, int]]:
    """(quoted text, cited n) pairs, in order; the lead-in line is dropped."""
    body = answer_text
    if lead_in_present:
        body = re.split(r"(?<=:)[ \n]", answer_text, maxsplit=1)[1]
    parts = re.split(r"\s*\[(\d+)\]", body)
    return [(parts[i].strip(), int(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]


def assert_verbatim(
    answer: ExtractiveAnswer, passages: tuple[ContextPassage, ...], lead_in: bool = True
) -> None:
    by_n = {p.n: p for p in passages}
    pairs = quotes(answer.text, lead_in)
    assert pairs, answer.text
    for quoted, n in pairs:
        source = normalise(by_n[n].text)
        for line in quoted.split("\n"):
            assert normalise(line) in source, f"{line!r} is not in passage [{n}]"
    assert answer.cited == list(dict.fromkeys(n for _, n in pairs))


def request(
    question: str, passages: tuple[ContextPassage, ...], language: str, max_tokens: int = 512
) -> ChatRequest:
    return ChatRequest(
        messages=(Message("system", "You are a helpful assistant."), Message("user", question)),
        passages=passages,
        language=language,
        max_output_tokens=max_tokens,
    )


async def collect(model: LocalExtractiveModel, req: ChatRequest) -> list[ChatChunk]:
    return [chunk async for chunk in model.stream(req)]


# --- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "language", "lead_in"),
    [
        ("Come resetto il router?", "it", "Ecco cosa dice la nostra documentazione:"),
        ("¿Cómo reinicio el router?", "es", "Según nuestra documentación:"),
        ("How do I reset my router?", "en", "According to our documentation:"),
    ],
)
def test_answers_in_the_request_language_from_same_language_passages(
    question: str, language: str, lead_in: str
) -> None:
    passages = mixed_router_passages()
    answer = compose_answer(question, passages, language, 512)

    assert not answer.abstained
    assert answer.text.startswith(lead_in)
    assert answer.language == language
    cited_languages = {p.language for p in passages if p.n in answer.cited}
    assert cited_languages == {language}
    assert_verbatim(answer, passages)


def test_a_procedure_is_quoted_whole_and_in_order() -> None:
    passages = mixed_router_passages()
    answer = compose_answer("Come resetto il router?", passages, "it", 512)

    steps = [line for line in answer.text.split("\n") if re.match(r"\d\. ", line)]
    assert [s[:2] for s in steps] == ["1.", "2.", "3."]
    assert "Per resettare il router:" in answer.text
    assert answer.text.index("1. Stacca") < answer.text.index("3. Ricollegalo")


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("¿Cuánto cuesta el roaming en Japón?", "es", "Japón está en la zona 3"),
        ("quanto costa il roaming in giappone", "it", "Il Giappone è in zona 3"),
        ("roaming prices japan", "en", "Japan is in zone 3"),
        ("how much is the travel japan pack", "en", "5 GB for 7 days at €19"),
    ],
)
def test_price_questions_quote_the_sentence_with_the_price(
    question: str, language: str, expected: str
) -> None:
    passages = tuple(
        passage(n, ROAMING[lang], lang, 0.9 - n / 100)
        for n, lang in enumerate(("en", "it", "es"), 1)
    )
    answer = compose_answer(question, passages, language, 512)

    assert not answer.abstained
    assert expected in answer.text
    assert_verbatim(answer, passages)


def test_quotes_keep_document_order_within_a_passage() -> None:
    passages = (passage(1, ESIM["en"], "en", 0.9), passage(2, BILLING_EN, "en", 0.5))
    answer = compose_answer("I deleted my eSIM, does the QR code still work?", passages, "en", 512)

    assert answer.cited == [1]
    source = normalise(ESIM["en"])
    positions = [source.index(normalise(q.split("\n")[0])) for q, _ in quotes(answer.text)]
    assert positions == sorted(positions)
    assert "The QR code works only once" in answer.text


def test_an_answer_has_between_one_and_five_quotes() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.9),)
    answer = compose_answer("When is my invoice charged?", passages, "en", 512)

    assert 2 <= len(quotes(answer.text)) <= 5
    assert "five days later" in answer.text


def test_passages_in_another_language_are_quoted_with_a_note() -> None:
    passages = (passage(1, ESIM["en"], "en", 0.9),)
    answer = compose_answer("Come configuro la eSIM su iPhone?", passages, "it", 512)

    assert not answer.abstained
    assert answer.text.startswith(
        "Ecco cosa dice la nostra documentazione (disponibile solo in inglese):"
    )
    assert answer.language == "en"
    assert_verbatim(answer, passages)


def test_passage_language_is_detected_when_missing() -> None:
    passages = (passage(1, ESIM["en"], None), passage(2, ESIM["it"], None))
    answer = compose_answer("Come configuro la eSIM su iPhone?", passages, "it", 512)

    assert answer.cited == [2]


def test_overlapping_chunks_are_quoted_once() -> None:
    words = ROUTER["en"].split(" ")
    first, second = " ".join(words[:60]), " ".join(words[35:])
    passages = (passage(1, first, "en", 0.9), passage(2, second, "en", 0.88))
    answer = compose_answer("Reset button light stays red", passages, "en", 512)

    lines = [normalise(q) for q, _ in quotes(answer.text)]
    assert len(lines) == len(set(lines))
    assert answer.text.count("press the Reset button") == 1


# --- abstention ----------------------------------------------------------------------------


def test_repeated_words_in_the_question_are_counted_once() -> None:
    once = compose_answer("router reset", mixed_router_passages(), "en", 512)
    twice = compose_answer("router router reset reset!", mixed_router_passages(), "en", 512)
    assert once == twice


def test_abstains_on_an_off_topic_question() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.21), passage(2, PARKS_EN, "en", 0.18))
    answer = compose_answer("What is the capital of Australia?", passages, "en", 512)

    assert answer.abstained
    assert answer.text == ""
    assert answer.cited == []
    assert answer.support < 0.3


def test_abstains_without_passages() -> None:
    answer = compose_answer("How do I reset my router?", (), "en", 512)
    assert answer.abstained
    assert answer.support == 0.0


def test_abstains_on_a_question_without_content_words() -> None:
    answer = compose_answer("ok, thanks!", (passage(1, BILLING_EN, "en", 0.3),), "en", 512)
    assert answer.abstained


def test_min_support_is_the_abstention_threshold() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.9),)
    answered = compose_answer("When is my invoice charged?", passages, "en", 512)
    strict = compose_answer("When is my invoice charged?", passages, "en", 512, min_support=0.99)

    assert not answered.abstained
    assert strict.abstained
    assert strict.support == answered.support


# --- budget and determinism ----------------------------------------------------------------


@pytest.mark.parametrize("budget", [1, 3, 8, 15, 25, 40, 512])
def test_max_words_is_respected(budget: int) -> None:
    passages = mixed_router_passages()
    answer = compose_answer("How do I reset my router?", passages, "en", budget)

    assert len(answer.text.split()) <= budget
    assert not answer.abstained
    for quoted, _ in quotes(answer.text, lead_in_present=answer.text.startswith("According")):
        for line in quoted.split("\n"):
            assert normalise(line) in normalise(ROUTER["en"])


def test_a_tight_budget_truncates_like_a_model_at_its_limit() -> None:
    answer = compose_answer("How do I reset my router?", mixed_router_passages(), "en", 4)
    assert answer.truncated
    assert answer.text.endswith("[1]")


def test_a_procedure_that_does_not_fit_is_marked_truncated_not_shortened() -> None:
    # Steps 1 and 2 alone would look like the whole procedure; a cut answer must say it is cut.
    answer = compose_answer("How do I reset my router?", mixed_router_passages(), "en", 15)
    assert answer.truncated
    assert answer.text.startswith("To reset the router:\n1. Unplug")


def test_a_question_that_is_not_a_how_to_does_not_get_the_whole_procedure() -> None:
    answer = compose_answer("wifi password after reset", mixed_router_passages(), "en", 512)
    assert "Wi-Fi name and password" in answer.text
    assert "1. Unplug" not in answer.text


def test_the_same_request_gives_the_same_answer() -> None:
    passages = mixed_router_passages()
    first = compose_answer("Come resetto il router?", passages, "it", 512)
    for _ in range(3):
        assert compose_answer("Come resetto il router?", passages, "it", 512) == first


# --- streaming model -----------------------------------------------------------------------


async def test_stream_concatenates_to_the_composed_answer() -> None:
    model = LocalExtractiveModel()
    req = request("¿Cuánto cuesta el roaming en Japón?", (passage(1, ROAMING["es"], "es"),), "es")

    chunks = await collect(model, req)

    deltas = [c.delta for c in chunks if c.delta]
    assert "".join(deltas) == model.answer(req).text
    assert len(deltas) > 3
    assert all(len(d.split()) <= 3 for d in deltas)
    final = chunks[-1]
    assert final.delta == ""
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.output_tokens == len(model.answer(req).text.split())
    words_in = 5 + 6 + len(ROAMING["es"].split())  # system prompt + question + passage
    assert final.usage.input_tokens == words_in
    assert all(c.finish_reason is None for c in chunks[:-1])


async def test_stream_is_deterministic() -> None:
    model = LocalExtractiveModel()
    req = request("How do I reset my router?", mixed_router_passages(), "en")
    assert await collect(model, req) == await collect(model, req)


async def test_stream_abstains_with_one_final_chunk() -> None:
    model = LocalExtractiveModel()
    req = request("What is the capital of Australia?", (passage(1, PARKS_EN, "en", 0.2),), "en")

    chunks = await collect(model, req)

    assert len(chunks) == 1
    assert chunks[0].finish_reason == "abstain"
    assert chunks[0].delta == ""
    assert chunks[0].usage is not None
    assert chunks[0].usage.output_tokens == 0


async def test_stream_respects_max_output_tokens() -> None:
    model = LocalExtractiveModel()
    req = request("How do I reset my router?", mixed_router_passages(), "en", max_tokens=6)

    chunks = await collect(model, req)

    text = "".join(c.delta for c in chunks)
    assert 0 < len(text.split()) <= 6
    assert chunks[-1].finish_reason == "length"


async def test_passages_already_in_the_prompt_are_counted_once() -> None:
    passages = (passage(1, BILLING_EN, "en"),)
    system = f"Answer from these passages:\n[1]\n{BILLING_EN}"
    req = ChatRequest(
        messages=(Message("system", system), Message("user", "When is my invoice charged?")),
        passages=passages,
        language="en",
    )
    chunks = await collect(LocalExtractiveModel(), req)
    usage = chunks[-1].usage
    assert usage is not None
    assert usage.input_tokens == len(system.split()) + 5


def test_chunk_text_round_trips() -> None:
    text = "According to our documentation:\n1. Unplug it.\n2. Wait  30 seconds. [1]"
    assert "".join(chunk_text(text)) == text
    assert "".join(chunk_text("  leading space")) == "  leading space"
    assert chunk_text("") == []


# --- registry ------------------------------------------------------------------------------


def test_registers_local_extractive() -> None:
    registry = ProviderRegistry()
    register(registry)

    model = registry.resolve("local:extractive")
    assert model.name == "local:extractive"
    assert isinstance(model, LocalExtractiveModel)
    with pytest.raises(UnknownModel):
        registry.resolve("local:gpt-4")


def test_min_support_comes_from_provider_settings() -> None:
    registry = ProviderRegistry(settings={"local": ProviderSettings(min_support=0.99)})
    register(registry)
    model = registry.resolve("local:extractive")
    assert isinstance(model, LocalExtractiveModel)
    assert model.answer(
        request("When is my invoice charged?", (passage(1, BILLING_EN, "en"),), "en")
    ).abstained


@pytest.mark.parametrize("bad", ["high", 1.5, -0.1])
def test_invalid_min_support_is_a_config_error(bad: object) -> None:
    registry = ProviderRegistry(settings={"local": ProviderSettings(min_support=bad)})
    register(registry)
    with pytest.raises(ConfigError, match="min_support"):
        registry.resolve("local:extractive")


# --- text handling -------------------------------------------------------------------------


def test_tokens_meet_across_inflections_accents_and_decimal_commas() -> None:
    assert content_tokens("Come resetto il router?") == content_tokens("How do I reset my router?")
    assert content_tokens("Japón") == content_tokens("japon")
    assert "4.99" in content_tokens("costa 4,99 €")
    assert "eur" in content_tokens("¿Cuánto cuesta?")
    assert content_tokens("giga") == content_tokens("GB")
    assert content_tokens("wi-fi") == content_tokens("wifi")


def test_units_keep_lists_together_and_skip_markdown_furniture() -> None:
    text = "## Reset\n\nTo reset the router:\n1. Unplug it.\n2. Wait.\n\n"
    text += "| a | b |\n|---|---|\n| 1 | 2 |"
    units = split_units(text)

    assert [u.text for u in units] == [
        "To reset the router:",
        "1. Unplug it.",
        "2. Wait.",
        "| a | b |",
        "| 1 | 2 |",
    ]
    assert units[0].group == units[1].group == units[2].group is not None
    assert units[1].context == frozenset(content_tokens("Reset"))


def test_a_chunk_cut_mid_sentence_is_marked_as_fragment() -> None:
    units = split_units("the router and wait. Then plug it back in and wait until the light")
    assert units[0].fragment
    assert units[-1].fragment
