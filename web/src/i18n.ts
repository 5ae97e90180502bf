// All UI strings, in Italian, Spanish and English.
import { isLang, type Lang } from "./types";

export interface Strings {
  title: string;
  subtitle: string;
  languageLabel: string;
  languageNames: Record<Lang, string>;
  status: { connecting: string; connected: string; reconnecting: string; offline: string };
  transcriptLabel: string;
  welcome: string;
  you: string;
  assistant: string;
  inputLabel: string;
  inputPlaceholder: string;
  inputHint: string;
  send: string;
  sending: string;
  queued: string;
  retry: string;
  typing: string;
  regenerating: string;
  abstainedFallback: string;
  openTicket: string;
  ticketRequested: string;
  citationLabel: (n: number, title: string) => string;
  citationPanelLabel: string;
  citationSource: string;
  citationSection: string;
  citationScore: string;
  citationLoading: string;
  citationExcerpt: string;
  close: string;
  startingSession: string;
  newConversation: string;
  sessionError: string;
  closeErrors: Record<"4400" | "4401" | "4403" | "4404" | "other", string>;
  errors: Record<"bad_json" | "unknown_type" | "invalid_message" | "turn_failed" | "busy" | "other", string>;
}

const it: Strings = {
  title: "UnaEmpresa · Assistente",
  subtitle: "Risposte dalla base di conoscenza aziendale",
  languageLabel: "Lingua",
  languageNames: { it: "IT · Italiano", es: "ES · Español", en: "EN · English" },
  status: { connecting: "Connessione…", connected: "Connesso", reconnecting: "Riconnessione…", offline: "Offline" },
  transcriptLabel: "Conversazione",
  welcome: "Ciao! Fai una domanda e ti risponderò citando le fonti.",
  you: "Tu",
  assistant: "Assistente",
  inputLabel: "Il tuo messaggio",
  inputPlaceholder: "Scrivi una domanda…",
  inputHint: "Invio per inviare, Maiusc+Invio per andare a capo",
  send: "Invia",
  sending: "Invio…",
  queued: "In coda: verrà inviato appena torna la connessione",
  retry: "Riprova",
  typing: "L'assistente sta scrivendo…",
  regenerating: "Risposta interrotta: rigenerazione in corso…",
  abstainedFallback: "Non ho trovato una risposta nella base di conoscenza.",
  openTicket: "Apri un ticket",
  ticketRequested: "Ticket richiesto",
  citationLabel: (n, title) => `Fonte ${n}: ${title}`,
  citationPanelLabel: "Fonte citata",
  citationSource: "Documento",
  citationSection: "Sezione",
  citationScore: "Pertinenza",
  citationLoading: "Caricamento del passaggio…",
  citationExcerpt: "Estratto",
  close: "Chiudi",
  startingSession: "Avvio della conversazione…",
  newConversation: "Nuova conversazione",
  sessionError: "Impossibile avviare la conversazione. Riprova tra poco.",
  closeErrors: {
    "4400": "Versione del protocollo non supportata dal server.",
    "4401": "Accesso non autorizzato: credenziali mancanti o non valide.",
    "4403": "Questa conversazione appartiene a un altro utente.",
    "4404": "Questa conversazione non esiste più.",
    other: "La connessione è stata chiusa.",
  },
  errors: {
    bad_json: "Il server non ha compreso il messaggio.",
    unknown_type: "Il server non ha riconosciuto il messaggio.",
    invalid_message: "Messaggio non valido (vuoto o troppo lungo).",
    turn_failed: "Non è stato possibile generare una risposta. Riprova.",
    busy: "Troppi messaggi in attesa. Attendi la risposta e riprova.",
    other: "Si è verificato un errore.",
  },
};

const es: Strings = {
  title: "UnaEmpresa · Asistente",
  subtitle: "Respuestas de la base de conocimiento de la empresa",
  languageLabel: "Idioma",
  languageNames: { it: "IT · Italiano", es: "ES · Español", en: "EN · English" },
  status: { connecting: "Conectando…", connected: "Conectado", reconnecting: "Reconectando…", offline: "Sin conexión" },
  transcriptLabel: "Conversación",
  welcome: "¡Hola! Haz una pregunta y te responderé citando las fuentes.",
  you: "Tú",
  assistant: "Asistente",
  inputLabel: "Tu mensaje",
  inputPlaceholder: "Escribe una pregunta…",
  inputHint: "Intro para enviar, Mayús+Intro para una nueva línea",
  send: "Enviar",
  sending: "Enviando…",
  queued: "En cola: se enviará cuando vuelva la conexión",
  retry: "Reintentar",
  typing: "El asistente está escribiendo…",
  regenerating: "Respuesta interrumpida: regenerando…",
  abstainedFallback: "No encontré una respuesta en la base de conocimiento.",
  openTicket: "Abrir un ticket",
  ticketRequested: "Ticket solicitado",
  citationLabel: (n, title) => `Fuente ${n}: ${title}`,
  citationPanelLabel: "Fuente citada",
  citationSource: "Documento",
  citationSection: "Sección",
  citationScore: "Relevancia",
  citationLoading: "Cargando el pasaje…",
  citationExcerpt: "Extracto",
  close: "Cerrar",
  startingSession: "Iniciando la conversación…",
  newConversation: "Nueva conversación",
  sessionError: "No se pudo iniciar la conversación. Inténtalo de nuevo en un momento.",
  closeErrors: {
    "4400": "El servidor no admite esta versión del protocolo.",
    "4401": "Acceso no autorizado: faltan credenciales o no son válidas.",
    "4403": "Esta conversación pertenece a otro usuario.",
    "4404": "Esta conversación ya no existe.",
    other: "Se cerró la conexión.",
  },
  errors: {
    bad_json: "El servidor no entendió el mensaje.",
    unknown_type: "El servidor no reconoció el mensaje.",
    invalid_message: "Mensaje no válido (vacío o demasiado largo).",
    turn_failed: "No se pudo generar una respuesta. Inténtalo de nuevo.",
    busy: "Demasiados mensajes en espera. Espera la respuesta y vuelve a intentarlo.",
    other: "Se produjo un error.",
  },
};

const en: Strings = {
  title: "UnaEmpresa · Assistant",
  subtitle: "Answers from the company knowledge base",
  languageLabel: "Language",
  languageNames: { it: "IT · Italiano", es: "ES · Español", en: "EN · English" },
  status: { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" },
  transcriptLabel: "Conversation",
  welcome: "Hi! Ask a question and I will answer with the sources I used.",
  you: "You",
  assistant: "Assistant",
  inputLabel: "Your message",
  inputPlaceholder: "Type a question…",
  inputHint: "Enter to send, Shift+Enter for a new line",
  send: "Send",
  sending: "Sending…",
  queued: "Queued: it will be sent when the connection is back",
  retry: "Retry",
  typing: "The assistant is typing…",
  regenerating: "Answer interrupted: regenerating…",
  abstainedFallback: "I could not find an answer in the knowledge base.",
  openTicket: "Open a ticket",
  ticketRequested: "Ticket requested",
  citationLabel: (n, title) => `Source ${n}: ${title}`,
  citationPanelLabel: "Cited source",
  citationSource: "Document",
  citationSection: "Section",
  citationScore: "Relevance",
  citationLoading: "Loading the passage…",
  citationExcerpt: "Excerpt",
  close: "Close",
  startingSession: "Starting the conversation…",
  newConversation: "New conversation",
  sessionError: "The conversation could not be started. Please try again shortly.",
  closeErrors: {
    "4400": "The server does not support this protocol version.",
    "4401": "Not authorized: credentials are missing or invalid.",
    "4403": "This conversation belongs to another user.",
    "4404": "This conversation no longer exists.",
    other: "The connection was closed.",
  },
  errors: {
    bad_json: "The server could not understand the message.",
    unknown_type: "The server did not recognise the message.",
    invalid_message: "Invalid message (empty or too long).",
    turn_failed: "An answer could not be produced. Please try again.",
    busy: "Too many messages waiting. Wait for the answer and try again.",
    other: "Something went wrong.",
  },
};

export const STRINGS: Record<Lang, Strings> = { it, es, en };

/** First supported language in the browser's preferences, else English. */
export function detectLanguage(prefs: readonly string[]): Lang {
  for (const p of prefs) {
    const base = p.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

export function errorText(s: Strings, code: string, serverMessage: string): string {
  const known = (s.errors as Record<string, string>)[code];
  if (known !== undefined && code !== "other") return known;
  return serverMessage ? `${s.errors.other} (${serverMessage})` : s.errors.other;
}

export function closeText(s: Strings, code: number | undefined): string {
  const known = (s.closeErrors as Record<string, string>)[String(code)];
  return known ?? s.closeErrors.other;
}
