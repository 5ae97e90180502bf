"""Words that carry no claim, per language: the grounding check ignores them.

Function words, plus the phrases an assistant wraps its answers in ("you can", "puedes",
"ti consiglio", "please", "help"): a sentence is judged on what it asserts, and "I hope
this helps" asserts nothing a passage could support.
"""

from __future__ import annotations

from frontdesk.guard.policy.terms import fold

_SHARED = """
    a o e y i u no si sí ok
"""
_IT = """
    il lo la i gli le un uno una di da in con su per tra fra del dello della dei degli delle
    al allo alla ai agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle
    sul sullo sulla sui sugli sulle che chi cui non ma anche come dove quando quanto quale
    quali questo questa questi queste quello quella quelli quelle e ed o se poi piu molto
    essere sono sei siamo siete era erano stato stata sara avere ho hai ha abbiamo avete
    hanno aveva puoi puo possono posso potete devi deve devono serve servono fare fa fai
    mio mia tuo tua suo sua nostro vostro loro ti ci vi si mi ne lo gli li puoi ecco certo
    grazie prego aiuto aiutare aiutarti informazioni ulteriori altro altra altri bisogno
    consiglio consigliamo possibile sempre anche cosi quindi inoltre infatti oppure ogni
    tutto tutti tutte qui qua
"""
_ES = """
    el la los las un una unos unas de del al a en con por para sin sobre entre hasta desde
    que quien cual cuales como donde cuando cuanto cuanta este esta estos estas ese esa esos
    esas esto eso aquel y e o u ni pero si no mas muy tambien ya ser es son soy eres somos
    era eran fue sera estar esta estan estoy estas haber ha han he has hemos hay tener tiene
    tienen tengo tienes puede pueden puedes puedo podemos hacer hace haces mi mis tu tus su
    sus nuestro vuestro le les lo me te se nos os gracias ayuda ayudar ayudarte informacion
    mas otro otra otros necesitas necesita recomendamos recomiendo posible siempre asi
    entonces ademas cada todo todos todas aqui claro
"""
_EN = """
    the a an of to in on at by for with from into about as and or but if not no nor so than
    then that this these those there here it its is are was were be been being am do does
    did have has had having can could will would shall should may might must you your yours
    we our ours they their them he she his her i me my mine what which who whom whose when
    where why how all any each every both some such more most other also just only very too
    please thanks thank help helps hope happy glad information further need needs let know
    anything else sure course possible always simply
"""

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(fold(f"{words} {_SHARED}").split())
    for lang, words in (("it", _IT), ("es", _ES), ("en", _EN))
}
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def stopwords_for(language: str | None) -> frozenset[str]:
    """The language's words, or every language's when it is unknown."""
    if language is None:
        return ALL_STOPWORDS
    return STOPWORDS.get(language, ALL_STOPWORDS)
