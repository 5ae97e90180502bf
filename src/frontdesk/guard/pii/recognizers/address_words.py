"""Words that make a run of words a street: the vocabulary of the address recognizer.

Lower case, without the abbreviation's dot. Italian, Spanish and English first, then the
commonest forms of the neighbouring languages, because customers move and so do addresses.
"""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Before the street's name: "Via Roma 12", "Calle Mayor 5", "Rue de la Gare", "ul. Miła 5".
STREET_BEFORE = _word_set(
    """
    via viale v.le piazza piazzale p.za p.zza corso c.so largo vicolo strada contrada borgo
    lungomare lungotevere località loc frazione fraz salita traversa calata rione incrocio
    rotonda stretto canale vico calle c
    avenida avda av avd plaza pza paseo carrera carretera ctra camino ronda travesía travesia
    glorieta pasaje rambla urbanización urb callejón rue avenue boulevard bd bld chemin allée
    impasse route quai cours rua rúa travessa praça estrada alameda ul ulica aleja al os osiedle
    odos odós leoforos πλατεία οδός λεωφόρος
"""
)

# After the street's name: "24 Clarke Avenue", "Koepenicker Str. 74", "Rákóczi út 66".
STREET_AFTER = _word_set(
    """
    street st avenue ave av road rd lane ln drive dr boulevard blvd way court ct place pl square
    sq terrace close crescent cres highway hwy parkway pkwy circle cir trail row walk gardens
    grove mews parade alley esplanade str straße strasse gasse weg allee platz ring damm ufer
    straat laan plein gracht kade út útja utca u tér körút krt köz gade vej gata gatan vägen väg
    veien vegen gate gaten torg torget katu tie kuja polku sokak sokağı caddesi cad bulvarı
    terrasse tee iela gatvė gatve prospekt prospekts
"""
)

# Endings of one-word street names: "Koskikatu", "Nybyvägen", "Hafnarstraeti", "Skogstien".
STREET_ENDINGS = (
    "katu", "tie", "kuja", "polku", "vägen", "gatan", "gata", "vej", "vejen", "veien",
    "vegen", "gate", "gaten", "straße", "strasse", "straat", "stræde", "straeti", "stræti",
    "weg", "laan", "gasse", "platz", "plein", "torget", "allee", "bakken", "stien", "stigen",
    "vænget", "utca", "iela", "gatvė", "tänav", "gade", "sokak",
)  # fmt: skip

# A flat, floor, unit or post-office box: "Apt. 864", "Suite 464", "Interno 4", "Piso 3".
UNIT = _word_set(
    """
    apt apartment suite ste unit flat floor fl room postbox interno int scala piano piso puerta
    pta planta escalera esc bajo
"""
)
# Street words that are also English words ("via email", "av"): in lower case they open an
# address only with a number after the name.
ENGLISH_WORDS = frozenset({"via", "c", "al", "av", "os", "loc", "bd", "urb", "rue"})
PO_BOX = frozenset({"box", "postale", "correos", "apartado", "postbox"})

# Words between parts of a street name: "Rue de la Gare", "Via della Spiga", "Willemine ten".
PARTICLES = _word_set(
    """
    de la le les du des del della delle dello degli dei di da do dos das d l y e i van von der
    den ten ter het op am an im zu nad pod upon sur sul sous bei
"""
)

# Phrases that announce an address in the next few words.
CONTEXT = frozenset({
    "address", "addr", "live", "lives", "living", "located", "locat", "deliver", "ship",
    "send", "reside", "resident", "moved", "move", "letter", "taxi", "drop", "meet",
    "indirizz", "abito", "vivo", "residen", "domicil", "spedi", "consegn", "trasferit",
    "direcci", "dirección", "envi", "entreg", "calle", "mudado", "recoger",
    "corner", "angolo", "incrocio", "esquina", "cruce",
})  # fmt: skip

# Capitalised words that start a new sentence rather than continue an address.
NOT_A_PLACE = _word_set(
    """
    i i'm it its it's the this that these those there they he she we you my your our please
    thanks thank regards hi hello yes no ok so and but or if when what where who why how can
    could would will is are was were do does did have has had let let's grazie ciao buongiorno
    salve sono ho il lo la gli le un una per con che non gracias hola buenos soy tengo el los
    las por con que no es phone tel fax mobile email e-mail website web address office desk work
    home mob cell telefono cellulare teléfono móvil correo
"""
)
