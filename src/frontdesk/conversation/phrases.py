"""What the assistant itself says (not the model), in every supported language."""

from __future__ import annotations

NOT_AVAILABLE = {
    "it": (
        "Mi dispiace, questa informazione non è disponibile nella nostra documentazione. "
        "Vuoi che apra un ticket per farti ricontattare da un operatore?"
    ),
    "es": (
        "Lo siento, esa información no está disponible en nuestra documentación. "
        "¿Quieres que abra una incidencia para que te contacte un agente?"
    ),
    "en": (
        "Sorry, that information is not available in our documentation. "
        "Would you like me to open a ticket so that an agent can get back to you?"
    ),
}

TURN_FAILED = {
    "it": "Non sono riuscito a completare la risposta. Il tuo messaggio è salvato: riprova.",
    "es": "No he podido completar la respuesta. Tu mensaje está guardado: inténtalo de nuevo.",
    "en": "I could not finish the answer. Your message is saved: please try again.",
}

DECLINED = {
    "it": (
        "Mi dispiace, non posso aiutarti con questa richiesta. "
        "Vuoi che apra un ticket per farti ricontattare da un operatore?"
    ),
    "es": (
        "Lo siento, no puedo ayudarte con esa petición. "
        "¿Quieres que abra una incidencia para que te contacte un agente?"
    ),
    "en": (
        "Sorry, I can't help with that request. "
        "Would you like me to open a ticket so that an agent can get back to you?"
    ),
}

LANGUAGE_NAMES = {"it": "Italian", "es": "Spanish", "en": "English"}


def phrase(table: dict[str, str], language: str) -> str:
    return table.get(language, table["en"])
