"""Words around and inside people's names: the vocabulary of the person recognizer."""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Before a surname or a full name: "Mr. Manning", "Sig.ra Bianchi", "Dña. Pilar Gómez".
TITLES = _word_set(
    """
    mr mrs ms miss mx dr prof sir madam mister sig sigra sig.ra signor signore signora signorina
    dott dottor dottore dottoressa dott.ssa ing avv geom rag sr sra srta señor señora señorita
    don doña dña dra lic
"""
)

# Phrases after which the next capitalised words are a name. One phrase per line.
_INTRODUCTIONS = """
my name is
my name's
name is
i am
i'm
im
this is
call me
named
called
name
full name
account holder
holder
signed
regards
kind regards
best regards
sincerely
dear
hi
hello
mi chiamo
il mio nome è
il mio nome e
sono
nome
nominativo
intestatario
intestata a
intestato a
cordiali saluti
saluti
gentile
caro
cara
me llamo
mi nombre es
soy
nombre
titular
a nombre de
atentamente
saludos
estimado
estimada
querido
querida
said
asked
told
replied
ha detto
ha chiesto
dijo
preguntó
"""
# Phrases that leave no doubt a name follows, even in text typed in lower case: first word
# and length. After the others ("i'm", "sono", "soy", "hi") lower-case text needs a known name.
STRONG_INTROS = frozenset({
    ("my", 3), ("my", 2), ("name", 2), ("mi", 2), ("il", 4), ("me", 2), ("mi", 3),
    ("call", 2), ("full", 2), ("account", 2), ("a", 3),
})  # fmt: skip
INTRODUCTIONS_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _line in _INTRODUCTIONS.strip().splitlines():
    _phrase = tuple(_line.split())
    INTRODUCTIONS_BY_FIRST[_phrase[0]] = (*INTRODUCTIONS_BY_FIRST.get(_phrase[0], ()), _phrase)
# Longest phrase first, so "my name is" wins over "my name".
INTRODUCTIONS_BY_FIRST = {
    first: tuple(sorted(phrases, key=len, reverse=True))
    for first, phrases in INTRODUCTIONS_BY_FIRST.items()
}

# After a name found from a cue, one more name: "said Gladys to Logan", "ha detto Anna a Piero".
FOLLOW_ON = _word_set("to a")

# A list after these and a colon is a list of people: "our 3 founders: Kónya, Becker and Vasquez".
PEOPLE_NOUNS = _word_set(
    """
    founders partners members owners guests colleagues children kids parents authors speakers
    attendees participants contacts fondatori soci membri ospiti colleghi figli genitori autori
    partecipanti fundadores socios miembros invitados colegas hijos padres autores participantes
"""
)

# Between parts of a name: "Willemine ten Pas", "Ludwig van Beethoven", "María de la Cruz".
PARTICLES = _word_set("de la del della di da dos das du van von der den ten ter y e")

# After a name, these make it a company: "Hill Inc.", "Rossi S.r.l.", "García S.L.".
ORG_SUFFIXES = _word_set(
    """
    inc ltd llc llp plc corp co company group gmbh ag sa spa srl sl sas bv nv oy ab as s.p.a
    s.r.l s.l s.a and & orchestra foundation fund bank university institute incorporated
    corporation investments movers partners holdings capital solutions systems technologies
    services consulting turnpike bridge
"""
)

# Capitalised words that are never a name: they start sentences, or name days and months.
NOT_A_NAME = _word_set(
    """
    i i'm im me my mine you your he him his she her we us our they them their it its the a an
    this that these those there here what which who whom whose when where why how and or but if
    so not no yes ok okay please thanks thank hi hello hey dear regards is am are was were be
    been have has had do does did can could will would shall should may might must let to of in
    on at by for with from about as into than then also just monday tuesday wednesday thursday
    friday saturday sunday january february march april june july august september october
    november december lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio
    marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre lunes martes
    miércoles jueves viernes sábado domingo enero febrero abril mayo junio julio septiembre
    octubre noviembre diciembre il lo la gli le un una uno di da per con su tra fra che non sono
    ho hai ciao grazie buongiorno buonasera salve come cosa quando dove perché quanto vorrei
    posso el los las un unos unas de del por para con sin que no soy tengo hola gracias buenos
    buenas cómo como qué cuándo dónde cuánto quiero puedo customer client cliente user agent bot
    support team manager operator operatore phone email e-mail address website mobile fax office
    desk date name zip note subject re info answer question bot user when where time street
    avenue road via calle piazza plaza princess prince royal queen king saint mr mrs ms miss dr
    prof sig sr sra english italian spanish american british european inglese italiano italiana
    spagnolo spagnola español española inglés mi mia mio miei mie tu tuo tua su sus suo sua
    nuestro nuestra vuestro nostro nostra vostro vostra
"""
)

# A lone capitalised word right after these is a place more often than a person.
PLACE_PREPOSITIONS = _word_set("in at from near to a da en desde")

# Words that make a capitalised run a place or a thing, not a person: "Isaac Lodge".
PLACE_WORDS = _word_set(
    """
    street st avenue road lane drive boulevard way court place square terrace close crescent
    flats flat lodge parks park hills hill isle island islands fort union heights gardens manor
    village harbor harbour port bay valley springs falls ridge meadows view crossing junction
    mill mills station center centre estates green store royal princess prince orchestra county
    city lake river mount beach cove creek point san santa são sankt saint
"""
)
