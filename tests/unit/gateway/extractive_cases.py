"""Passages and helpers shared by the extractive-model tests."""

from __future__ import annotations

import re

from frontdesk.gateway.model import ChatChunk, ChatRequest, ContextPassage, Message
from frontdesk.gateway.providers.extractive_answer import ExtractiveAnswer
from frontdesk.gateway.providers.local import LocalExtractiveModel

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
