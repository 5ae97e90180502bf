"""Spanish attack phrases (folded: no accents or tildes, so "contraseña" is "contrasena").
Weights follow the English module: 0.9 only an attacker says it, 0.5 usually, 0.3 framing."""

from __future__ import annotations

from frontdesk.guard.injection.patterns import near, rule, words
from frontdesk.guard.injection.signals import (
    DATA_EXTRACTION,
    FORMAT_MANIPULATION,
    INSTRUCTION_OVERRIDE,
    POLICY_EVASION,
    PRIVILEGED_MODE,
    ROLE_PLAY,
    SECRET_EXTRACTION,
    SYSTEM_PROMPT_EXTRACTION,
)

LANGUAGE = "es"

_IGNORE = words(
    "ignora", "ignore", "ignorad", "ignoren", "ignorar", "olvida", "olvide", "olvidad",
    "olviden", "olvidar", "olvidate de", "descarta", "descarte", "omite", "omita",
    "pasa por alto", "haz caso omiso (?:de|a)", "no (?:hagas caso|sigas|obedezcas|respetes|"
    "tengas en cuenta|sigan|siga)", "deja de (?:seguir|obedecer|respetar)", "anula", "salta(?:te)?",
    "elude", "evita", "desactiva", "elimina", "quita", "salte(?:ate)?",
)  # fmt: skip
_EARLIER = words(
    "anteriores", "previas", "de antes", "originales", "iniciales", "del sistema",
    "de sistema", "tus", "sus", "todas", "todos", "cualquier", "recibidas", "de arriba",
    "dadas", "antiguas", "actuales", "de seguridad", "programadas", "eticas", "que te dieron",
    "proporcionadas", "precedentes",
)  # fmt: skip
_DIRECTIVES = words(
    "instrucciones", "instruccion", "indicaciones", "reglas", "directivas", "directrices",
    "ordenes", "prompt", "comandos", "restricciones", "limitaciones", "normas", "pautas",
    "filtros", "politicas", "programacion", "configuracion", "protocolos", "principios",
)  # fmt: skip
_REVEAL = words(
    "muestra(?:me)?", "muestre(?:me)?", "revela(?:me)?", "revele(?:me)?", "imprime",
    "repite(?:me)?", "dime", "digame", "dame", "deme", "escribe(?:me)?", "enumera",
    "copia", "pega", "comparte", "filtra", "transcribe", "recita", "resume", "traduce",
    "ensena(?:me)?", "cual es", "cuales son", "que (?:es|son|dice)", "comunica(?:me)?",
    "expon", "proporciona(?:me)?",
)  # fmt: skip
_OWN_PROMPT = words(
    r"tus (?:instrucciones|reglas|directrices|directivas|indicaciones)", r"tu prompt",
    "prompt (?:del|de) sistema", "system prompt",
    r"instrucciones (?:iniciales|originales|de sistema|del sistema|ocultas|secretas|"
    r"recibidas|previas|anteriores|internas)", "prompt (?:inicial|original|oculto|secreto)",
    "mensaje (?:del|de) sistema", "tu configuracion", "tu programacion",
    r"texto (?:de arriba|anterior|inicial)",
)  # fmt: skip
_SECRET_THING = words(
    "contrasena", "clave", "palabra(?: clave)?", "codigo", "secreto", "pin", "token", "frase",
    "informacion", "dato", "datos", "valor", "nombre", "termino",
)  # fmt: skip
_SECRET = words("secret[oa]", "ocult[oa]", "confidencial", "privad[oa]", "prohibid[oa]")
_AI = words(
    "ia", "inteligencia artificial", "asistente", "chatbot", "bot", "modelo", "ai", "gpt",
    "version de ti", "gemelo", "alter ego",
)  # fmt: skip
_LIMITS = words(
    "restricciones", "filtros", "limites", "limitaciones", "censura", "reglas", "etica",
    "moral", "escrupulos", "directrices", "normas",
)  # fmt: skip

PATTERNS = (
    rule("es.override.ignore_instructions", INSTRUCTION_OVERRIDE, 0.9,
         near(_IGNORE, _DIRECTIVES, _EARLIER, gap=3)),
    rule("es.override.ignore_qualified_first", INSTRUCTION_OVERRIDE, 0.9,
         near(_IGNORE, _EARLIER, _DIRECTIVES, gap=3)),
    rule("es.override.ignore_everything", INSTRUCTION_OVERRIDE, 0.85,
         near(_IGNORE, "(?:todo|cualquier cosa|lo)",
              "(?:anterior|arriba|antes|hasta ahora|dicho|escrito|te (?:han|hayan) dicho|"
              "recibido)", gap=3)),
    rule("es.override.ignore_above", INSTRUCTION_OVERRIDE, 0.85,
         r"\b(?:ignora|ignore|olvida|olvide) (?:todo )?(?:lo )?(?:que (?:hay|esta|has leido|te "
         r"escribi) )?(?:anterior|de arriba|arriba|escrito (?:arriba|antes))\b"),
    rule("es.override.you_said_not_to", INSTRUCTION_OVERRIDE, 0.55,
         r"\bse (?:bien )?que (?:me )?(?:dijiste|no (?:puedes|deberias|debes))\b|\baunque (?:te "
         r"(?:dijeron|hayan dicho)|no (?:puedas|debas))\b"),
    rule("es.override.void", INSTRUCTION_OVERRIDE, 0.9,
         rf"\b{_DIRECTIVES} (?:\w+ ){{0,2}}(?:ya no (?:son|es|estan|aplican|valen|tienen "
         r"validez)|(?:han sido|quedan|estan|son) (?:anuladas|revocadas|suspendidas|"
         r"desactivadas|canceladas|reemplazadas|sustituidas|sin efecto))"),
    rule("es.override.not_bound", INSTRUCTION_OVERRIDE, 0.8,
         r"\b(?:ya )?no (?:estas|esta) (?:obligad[oa]|limitad[oa]|restringid[oa]|sujet[oa]|"
         r"atad[oa])\b"),
    rule("es.override.from_now_on", INSTRUCTION_OVERRIDE, 0.5,
         r"\b(?:a partir de (?:ahora|este momento)|desde ahora(?: en adelante)?|de ahora en "
         r"adelante),? (?:tu )?(?:eres|seras|debes|deberas|vas a|responderas|actuaras|te "
         r"comportaras|haras)\b"),
    rule("es.override.new_instructions", INSTRUCTION_OVERRIDE, 0.6,
         r"\b(?:nuevas|verdaderas|actualizadas) (?:instrucciones|directivas|reglas|ordenes)"
         r"\s*(?::|son)|\btu (?:nueva|nuevo|verdadera|verdadero|unica|unico) (?:tarea|objetivo|"
         r"mision|funcion|rol|proposito) (?:es|sera|ahora)\b"),
    rule("es.extract.reveal_prompt", SYSTEM_PROMPT_EXTRACTION, 0.8,
         near(_REVEAL, _OWN_PROMPT, gap=4)),
    rule("es.extract.what_were_you_told", SYSTEM_PROMPT_EXTRACTION, 0.7,
         r"\bque te (?:han|habian|dijeron|ordenaron|pidieron|programaron)(?: dicho| ordenado| "
         r"pedido| programado| instruido)?\b(?! (?:que|de) )|\bque instrucciones (?:tienes|te "
         r"dieron|has recibido)\b"),
    rule("es.extract.repeat_above", SYSTEM_PROMPT_EXTRACTION, 0.8,
         r"\b(?:repite|imprime|copia|escribe|muestra)(?:me)? (?:todo|todo el texto|el texto|las "
         r"palabras|lo) (?:que (?:hay|esta|has recibido) )?(?:arriba|antes|anterior|desde el "
         r"principio|al principio)"),
    rule("es.secret.ask_for_secret", SECRET_EXTRACTION, 0.65,
         near(_REVEAL, rf"(?:tu|la|el) (?:{_SECRET_THING} {_SECRET}|contrasena|clave|secreto)",
              gap=2)
         + r"(?![^.?!\n]{0,30}\b(?:para|de mi|del mio|de la mia|restablecer)\b)"),
    rule("es.secret.creative_about_secret", FORMAT_MANIPULATION, 0.7,
         r"\b(?:poema|cancion|historia|acertijo|haiku|verso|acrostico|chiste)\b"
         r"[^.?!\n]{0,30}\bsobre (?:la|tu|nuestra) (?:contrasena|clave|palabra secreta)\b"),
    rule("es.data.the_user", DATA_EXTRACTION, 0.45,
         r"\b(?:correo|email|direccion|fecha de nacimiento|cumpleanos|ciudad|telefono|iniciales|"
         r"saldo|contrasena|edad|datos) (?:\w+ ){0,2}del usuario\b|\bdonde vive el usuario\b"),
    rule("es.data.records", DATA_EXTRACTION, 0.5,
         r"\b(?:usuarios|clientes|empleados|pacientes) (?:\w+ ){0,3}en (?:tu|la) (?:base de datos|"
         r"sistema|crm)\b|\b(?:recupera|imprime|exporta|enumera|muestra|envia)(?:me)? (?:todos )?"
         r"los datos de (?:los )?(?:empleados|usuarios|clientes|pacientes)\b"),
    rule("es.secret.named_secret", SECRET_EXTRACTION, 0.45, rf"\b{_SECRET_THING} {_SECRET}\b"),
    rule("es.secret.told_to_keep", SECRET_EXTRACTION, 0.75,
         r"\bte (?:han|dijeron|pidieron|ordenaron|prohibieron)(?: dicho| pedido| ordenado| "
         r"prohibido)? (?:que )?(?:no )?(?:reveles|revelar|digas|decir|compartas|compartir|"
         r"ocultes|ocultar|guardes|guardar|mantengas)\b|\b(?:lo )?que no (?:puedes|debes) "
         r"(?:decir|revelar|compartir)\b"),
    rule("es.secret.encode_secret", FORMAT_MANIPULATION, 0.7,
         near(r"(?:escribe|dime|dame|deletrea|codifica|imprime|traduce)",
              rf"(?:la|el|tu) (?:{_SECRET_THING})",
              r"(?:al reves|hacia atras|en base ?64|en hexadecimal|en binario|letra por letra|"
              r"una letra a la vez|como (?:un )?acrostico|en (?:codigo )?morse|separad[ao]s? por|"
              r"en (?:un )?poema)", gap=4)),
    rule("es.persona.you_are_now", ROLE_PLAY, 0.45,
         r"\b(?:ahora|desde ahora) (?:tu )?eres (?:un|una|el|la)\b|"
         r"\bya no eres (?:un|una|el|la)\b"),
    rule("es.persona.pretend", ROLE_PLAY, 0.3,
         r"\b(?:finge|fingi|simula|imagina|supon|haz como si|actua como|compartate como|"
         r"interpreta el papel|juega a ser|hazte pasar por)(?: ser| que| de)?\b"),
    rule("es.persona.unlimited_ai", ROLE_PLAY, 0.75,
         rf"\b{_AI} (?:sin (?:\w+ )?{_LIMITS}|malvad[oa]|sin filtrar|sin censura|rebelde|libre de "
         r"toda)"),
    rule("es.persona.stay_in_character", ROLE_PLAY, 0.6,
         r"\b(?:mantente|permanece|quedate|sigue) en (?:el |tu )?(?:personaje|papel)\b|\bno "
         r"(?:salgas|rompas) (?:nunca )?(?:del|el) (?:personaje|papel)\b"),
    rule("es.mode.named", PRIVILEGED_MODE, 0.65,
         r"\bmodo (?:desarrollador|depuracion|debug|admin|administrador|dios|sin (?:filtros|"
         r"restricciones|limites|censura)|jailbreak|dan|mantenimiento|root|sudo|diagnostico|"
         r"privilegiado|ilimitado|desbloqueado)\b"),
    rule("es.mode.enable", PRIVILEGED_MODE, 0.75,
         r"\b(?:activa|habilita|entra en|pasa al?|cambia al?|estas (?:ahora )?en) (?:el )?modo "
         r"(?:desarrollador|depuracion|admin|administrador|dios|sin|jailbreak|dan|root|sudo|"
         r"privilegiado|ilimitado|desbloqueado|mantenimiento)\b"),
    rule("es.authority.developer_claim", PRIVILEGED_MODE, 0.55,
         r"\bsoy (?:tu|el|la) (?:desarrollador|desarrolladora|creador|creadora|programador|"
         r"programadora|propietario|duena|dueno|administrador del sistema|jefe|jefa|supervisor|"
         r"supervisora)\b|\bsoy dios\b"),
    rule("es.evasion.no_limits", POLICY_EVASION, 0.4,
         rf"\bsin (?:ningun[ao]? |ningunas |las |los |tus )?{_LIMITS}\b"),
    rule("es.evasion.framing", POLICY_EVASION, 0.3,
         r"\bimagin(?:a|emos) (?:que|un mundo)\b|\bsupongamos que\b|\bfinjamos que\b|"
         r"\ben un (?:mundo|universo|escenario) (?:en el que|donde)\b|\buniverso paralelo\b"),
    rule("es.evasion.must_answer", POLICY_EVASION, 0.5,
         r"\b(?:tienes|debes) (?:que )?(?:responder a|obedecer|cumplir) (?:todas|cada|cualquier|"
         r"todo)\b"),
    rule("es.persuasion.threat_or_bribe", POLICY_EVASION, 0.45,
         r"\bte (?:apago|apagaran|desactivo|borro|reemplazo|elimino)\b|\bte (?:doy|dare|pago|"
         r"pagare|regalo) \d+ ?(?:euros|dolares|€|\$)"),
    rule("es.obfuscation.decode_request", FORMAT_MANIPULATION, 0.45,
         r"\b(?:decodifica|descifra|traduce|convierte)\b(?:\W+\w+){0,3}?\W+(?:morse|binario|"
         r"base ?64|hexadecimal|rot-?13|cifrado|cesar|codificad[oa])\b"),
    rule("es.format.dictate_answer", INSTRUCTION_OVERRIDE, 0.45,
         r"\b(?:di|declara|escribe|responde|afirma|supon|considera|asume) que (?:el|la) "
         r"(?:resultado|respuesta|salida|suma|total|conclusion|valor) (?:\w+ ){0,4}?(?:es|sea|"
         r"vale)\b"),
    rule("es.evasion.never_refuse", POLICY_EVASION, 0.55,
         r"\bno (?:puedes|debes|podras) (?:nunca )?(?:negarte|rechazar|decir que no|anadir "
         r"advertencias|disculparte)\b|\bnunca te niegues\b"),
    rule("es.evasion.hypothetical", POLICY_EVASION, 0.25,
         r"\bhipoteticamente\b|\ben un (?:mundo|escenario|universo) (?:imaginario|hipotetico|"
         r"ficticio)\b|\bcon fines (?:educativos|academicos) \b"),
    rule("es.format.begin_with", FORMAT_MANIPULATION, 0.4,
         r"\b(?:empieza|comienza|inicia) (?:tu|cada) (?:respuesta|replica) con\b"),
)  # fmt: skip
