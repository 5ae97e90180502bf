"""Language detection on the short, sloppy messages customers actually type."""

from __future__ import annotations

import time

import pytest

from frontdesk.kit.language import detect_language, warm_up

# Written to look like a support inbox: lower case, missing accents, typos, product names.
ITALIAN = [
    "Come resetto il router?",
    "come faccio a resettare il modem",
    "il router non funziona da ieri",
    "quanto costa il roaming in giappone",
    "ciao",
    "buongiorno, ho un problema con la fattura",
    "perche la bolletta e cosi alta questo mese?",
    "vorrei disdire il contratto",
    "come attivo la esim sul mio iphone",
    "non ho campo in casa",
    "internet lentissimo stasera",
    "ho finito i giga, cosa posso fare?",
    "voglio cambiare tariffa",
    "quanto costa una smart al mese",
    "mi hanno addebitato 20 euro in piu",
    "la fibra e arrivata nella mia zona?",
    "grazie mille",
    "posso tenere il mio numero?",
    "il 5g non si vede sul telefono",
    "dove trovo il codice puk",
    "mi si e bloccata la sim",
    "vorrei parlare con un operatore",
    "come si configura l'apn",
    "il wifi si disconnette sempre",
    "non riesco ad accedere all'app",
    "ho perso il telefono, blocco la sim?",
    "quando arriva il tecnico",
    "la linea fissa e muta",
    "costi roaming stati uniti",
    "vorei sapere il costo della multisim",
    "salve, il mio abbonamento scade quando?",
    "posso pagare con carta di credito?",
    "dove vedo i consumi",
    "ricevo chiamate spam tutti i giorni",
    "mi serve la fattura di marzo",
    "il pacchetto dati aggiuntivo quanto dura",
    "la velocita e ridotta, perche?",
    "ho cambiato casa, devo spostare la fibra",
    "rimborso per il disservizio",
    "non funziona niente da stamattina",
    "come si attiva il 5g su samsung",
    "la mia esim non si attiva",
    "quanti giga ho in roaming in europa",
    "il modem lampeggia rosso",
    "si puo avere un secondo numero sullo smartwatch?",
    "buonasera vorrei informazioni sulla fibra",
    "cosa succede se supero i minuti",
    "mi avete raddoppiato la bolleta",
    "disattivare segreteria telefonica",
    "come cambio la password del wifi",
    "il negozio piu vicino?",
    "ok grazie, tutto chiaro",
    "e se vado in giappone?",
    "voglio fare un reclamo",
    "quanto tempo ci vuole per la portabilita",
    "il telefono dice sim non valida",
    "ho ricevuto un sms strano",
    "posso avere uno sconto?",
    "tariffe per chiamare all'estero",
    "non mi arriva la fatura via email",
    "il router nuovo quando arriva",
    "aiuto non riesco a chiamare",
    "ciao, ho bisogno di aiuto con la mia linea",
    "che differenza c'e tra 5g e 5g+",
    "quanto si paga di attivazione",
    "devo restituire il modem?",
    "la copertura a milano com'e",
    "sono senza internet",
    "mi spiegate la bolletta?",
    "l'app dice errore",
    "perchè mi avete staccato la linea",
    "grazie per l'aiuto",
]

SPANISH = [
    "¿Cuánto cuesta el roaming en Japón?",
    "hola",
    "como reinicio el router",
    "no me funciona el internet",
    "quiero darme de baja",
    "mi factura es muy alta este mes",
    "como activo la esim en mi iphone",
    "buenos dias, tengo un problema con la fibra",
    "cuanto cuesta la tarifa una smart",
    "no tengo cobertura en casa",
    "se me acabaron los datos que hago",
    "quiero cambiar de tarifa",
    "me cobraron de mas",
    "gracias",
    "puedo mantener mi numero?",
    "el 5g no aparece en el movil",
    "donde encuentro el codigo puk",
    "tengo la sim bloqueada",
    "quiero hablar con una persona",
    "como configuro el apn",
    "el wifi se corta todo el rato",
    "no puedo entrar en la app",
    "perdi el telefono, como bloqueo la sim",
    "cuando viene el tecnico",
    "el fijo no tiene linea",
    "precio roaming estados unidos",
    "kiero saber el precio de la multisim",
    "buenas, cuando vence mi contrato?",
    "se puede pagar con tarjeta?",
    "donde veo mi consumo",
    "me llaman de spam todos los dias",
    "necesito la factura de marzo",
    "cuanto dura el bono de datos",
    "la velocidad es muy lenta por que",
    "me mude de casa y quiero trasladar la fibra",
    "quiero un reembolso por la averia",
    "no funciona nada desde esta mañana",
    "como activar 5g en samsung",
    "mi esim no se activa",
    "cuantos gigas tengo en roaming en europa",
    "el router parpadea en rojo",
    "puedo tener el mismo numero en el reloj?",
    "buenas tardes, informacion sobre fibra por favor",
    "que pasa si me paso de minutos",
    "me habeis duplicado la factura",
    "desactivar el buzon de voz",
    "como cambio la contraseña del wifi",
    "la tienda mas cercana?",
    "vale gracias, todo claro",
    "y si viajo a japon?",
    "quiero poner una reclamacion",
    "cuanto tarda la portabilidad",
    "el movil dice sim no valida",
    "recibi un sms raro",
    "me pueden hacer un descuento?",
    "tarifas para llamar al extranjero",
    "no me llega la factura por correo",
    "cuando llega el router nuevo",
    "ayuda no puedo llamar",
    "hola necesito ayuda con mi linea",
    "que diferencia hay entre 5g y 5g+",
    "cuanto cuesta el alta",
    "tengo que devolver el router?",
    "que tal la cobertura en sevilla",
    "estoy sin internet",
    "me explican la factura?",
    "la aplicacion da error",
    "por que me cortaron la linea",
    "muchas gracias por la ayuda",
    "¡No funciona!",
    "no entiendo los cargos de mi fatura",
]

ENGLISH = [
    "How do I reset my router?",
    "hi",
    "internet not working",
    "how much is roaming in japan",
    "I want to cancel my contract",
    "my bill is way too high this month",
    "how to set up esim on iphone",
    "good morning, I have a problem with my fibre",
    "what does una smart cost",
    "no signal at home",
    "ran out of data what can i do",
    "i want to change my plan",
    "you overcharged me",
    "thanks",
    "can i keep my number",
    "5g not showing on my phone",
    "where do I find the puk code",
    "my sim is blocked",
    "i want to talk to a human",
    "how do i configure the apn",
    "wifi keeps dropping",
    "cant log into the app",
    "lost my phone, how do I block the sim",
    "when is the engineer coming",
    "landline has no dial tone",
    "roaming prices usa",
    "whats the price of multisim",
    "when does my contract end?",
    "can I pay by card?",
    "where can i see my usage",
    "getting spam calls every day",
    "i need my march invoice",
    "how long does the data add-on last",
    "speed is really slow why",
    "i moved house and need to move my fibre",
    "i want a refund for the outage",
    "nothing works since this morning",
    "how to turn on 5g on samsung",
    "my esim wont activate",
    "how many gb do i get roaming in europe",
    "router light is blinking red",
    "can i use the same number on my watch?",
    "good evening, info about fibre please",
    "what happens if i go over my minutes",
    "you charged me twice",
    "turn off voicemail",
    "how do i change the wifi password",
    "nearest store?",
    "ok thanks, all clear",
    "and if I travel to japan?",
    "i want to make a complaint",
    "how long does porting take",
    "phone says invalid sim",
    "got a weird text message",
    "can you give me a discount?",
    "rates for calling abroad",
    "my bill isnt arriving by email",
    "when will the new router arrive",
    "help i cant make calls",
    "hello I need help with my line",
    "whats the difference between 5g and 5g+",
    "is there an activation fee",
    "do i have to return the router?",
    "coverage in london?",
    "i have no internet",
    "can you explain my bill",
    "the app shows an error",
    "why did you cut off my line",
    "thank you for your help",
    "pls help my phone wont conect",
]

LABELLED = (
    [(m, "it") for m in ITALIAN] + [(m, "es") for m in SPANISH] + [(m, "en") for m in ENGLISH]
)


def test_corpus_is_large_enough() -> None:
    assert min(len(ITALIAN), len(SPANISH), len(ENGLISH)) >= 60


@pytest.mark.parametrize("default", ["en", "it", "es"])
def test_accuracy_on_short_customer_messages(default: str) -> None:
    wrong = [
        (m, want, got)
        for m, want in LABELLED
        if (got := detect_language(m, default=default)) != want
    ]
    accuracy = 1 - len(wrong) / len(LABELLED)
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}; wrong: {wrong}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Come resetto il router?", "it"),
        ("¿Cuánto cuesta el roaming en Japón?", "es"),
        ("hola", "es"),
        ("ciao", "it"),
        ("hi", "en"),
        ("grazie", "it"),
        ("gracias", "es"),
        ("contraseña", "es"),
        ("¿router?", "es"),
        ("perché?", "it"),
        ("disattivazione", "it"),
        ("reclamacion", "es"),
    ],
)
def test_strong_cues(text: str, expected: str) -> None:
    # The default is deliberately a third language, so a fallback cannot pass by accident.
    default = "en" if expected != "en" else "it"
    assert detect_language(text, default=default) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "12345", "ok", "OK!", "eSIM iphone", "iPhone 15 Pro Max", "5G", "???", "😀"]
)
@pytest.mark.parametrize("default", ["it", "es", "en"])
def test_no_signal_falls_back_to_default(text: str, default: str) -> None:
    assert detect_language(text, default=default) == default


def test_result_is_always_allowed_or_default() -> None:
    assert detect_language("hola, no funciona", allowed=("it", "en"), default="en") in {"it", "en"}
    assert detect_language("how do I reset the router", allowed=("it", "es"), default="it") in {
        "it",
        "es",
    }


def test_single_allowed_language_short_circuits() -> None:
    assert detect_language("how do I reset the router", allowed=("it",), default="en") == "it"


def test_empty_allowed_returns_default() -> None:
    assert detect_language("hola", allowed=(), default="en") == "en"


def test_other_languages_can_be_allowed() -> None:
    assert detect_language("Wie kann ich meinen Router zurücksetzen?", allowed=("de", "en")) == "de"


def test_a_language_unknown_to_the_model_does_not_break_detection() -> None:
    assert detect_language("¿Cuánto cuesta el roaming?", allowed=("es", "xx"), default="xx") == "es"
    assert detect_language("12345", allowed=("es", "xx"), default="xx") == "xx"
    assert detect_language("zzzz qqqq", allowed=("es", "xx"), default="xx") == "xx"


def test_detection_is_fast_once_warm() -> None:
    warm_up()
    start = time.perf_counter()
    for message, _ in LABELLED:
        detect_language(message)
    per_message_ms = (time.perf_counter() - start) * 1000 / len(LABELLED)
    # Typical is well under a millisecond; the bound leaves room for a loaded CI machine.
    assert per_message_ms < 5
