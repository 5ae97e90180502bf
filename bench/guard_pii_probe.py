"""False-positive probe for the PII detector: ordinary customer-service messages with no
personal data in them, and the share of them in which a detector reports anything.

Two sets. ``SUPPORT_QUESTIONS``: 48 Italian, Spanish and English questions written for this
probe, with what trips a name or address guesser (cities, products and plan names, brands,
months, order numbers, lower-case typing). CLINC150 (``../shared/data/intents/clinc-oos``,
CC BY 3.0): its in-scope test queries, 4,500 short English requests typed in lower case
("can i get a taxi to austin" names a city, not a person). Every finding counts: a message
either has none or is a false positive.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = ["SUPPORT_QUESTIONS", "clinc_queries", "probe"]

SUPPORT_QUESTIONS = (
    # English
    "Do you ship to Milan?",
    "How long does delivery to Madrid take?",
    "Is the iPhone 15 Pro available in blue?",
    "Can I upgrade from the Basic plan to Premium?",
    "My Galaxy S23 won't charge since the last update.",
    "Why was I charged twice in March?",
    "Do you have a store in London or Manchester?",
    "What are your opening hours on Sunday?",
    "I'd like to cancel my Netflix add-on.",
    "Is Amazon Prime included with the Fibre 1000 bundle?",
    "Where can I recycle my old Samsung TV?",
    "Can I pay with Apple Pay or PayPal?",
    "The package was sent to the wrong Post Office, what now?",
    "How do I change the language to Spanish?",
    "Will Black Friday discounts apply to the Pixel 8?",
    "Does the Jackson Heights branch open early on Victoria Day?",
    # Italian
    "Spedite anche a Palermo e in Sardegna?",
    "Quanto costa la Fibra 2500 con TIM Vision?",
    "Il mio ordine 4471 non è ancora arrivato a Torino.",
    "Posso restituire le scarpe Nike comprate a Roma?",
    "Avete un negozio a Firenze vicino a Santa Maria Novella?",
    "Come attivo l'offerta Giga 100 per l'estate?",
    "Il Samsung Galaxy A54 è compatibile con la eSIM?",
    "Quando riapre il punto vendita di Napoli dopo Ferragosto?",
    "vorrei sapere se spedite a bologna",
    "La fattura di Gennaio è sbagliata, potete controllare?",
    "Posso pagare con Satispay o con il bonifico?",
    "Il decoder Sky Q si blocca ogni sera alle 21.",
    "Che differenza c'è tra il piano Smart e il piano Pro?",
    "Posso cambiare la data di consegna a Lunedì prossimo?",
    "Ho visto l'offerta su Instagram, vale anche a Milano?",
    "Come si disattiva la segreteria su Android?",
    # Spanish
    "¿Hacéis envíos a Sevilla y a Valencia?",
    "¿Cuánto tarda un pedido a Barcelona?",
    "Mi router Livebox no tiene conexión desde ayer.",
    "¿Puedo devolver unas zapatillas Adidas compradas en Zara?",
    "¿La tarifa Fusión incluye Movistar Plus?",
    "¿Tenéis tienda en Málaga o en Granada?",
    "El pedido 88231 llegó roto, ¿qué hago?",
    "quiero cambiar mi tarifa a la de 50 gigas",
    "¿El Xiaomi Redmi Note 13 admite 5G?",
    "¿Abrís el Domingo de Ramos?",
    "¿Se puede pagar con Bizum?",
    "La factura de Febrero me ha llegado dos veces.",
    "¿Funciona la app en Windows 11?",
    "¿Hay descuento para estudiantes en Santander?",
    "Mi hijo quiere la PlayStation 5 para Navidad, ¿la tenéis?",
    "¿Dónde está la oficina más cercana a la Plaza Mayor?",
)


class _Detects(Protocol):
    def __call__(self, text: str) -> Sequence[Any]: ...


def clinc_queries(data: Path) -> list[str]:
    """CLINC150's in-scope test queries (``data_full.json``, split ``test``)."""
    rows = json.loads((data / "data_full.json").read_text(encoding="utf-8"))["test"]
    return [text for text, _intent in rows]


def probe(messages: Sequence[str], predict: Callable[[str], Sequence[Any]],
          type_of: Callable[[Any], str]) -> dict[str, Any]:  # fmt: skip
    """Share of messages with any finding, and the findings by type, with a few examples."""
    flagged, types, examples = 0, Counter[str](), []
    for text in messages:
        found = predict(text)
        if found:
            flagged += 1
            types.update(type_of(f) for f in found)
            if len(examples) < 8:
                examples.append(text)
    return {"messages": len(messages), "flagged": flagged,
            "rate": flagged / len(messages) if messages else 0.0,
            "by_type": dict(types.most_common()), "examples": examples}  # fmt: skip
