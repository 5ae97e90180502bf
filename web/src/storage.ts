// sessionStorage: the session id, the highest applied seq and the transcript, written
// together after every applied event so a reload resumes exactly where it was.
// localStorage: the chosen UI language.
import type { Transcript } from "./transcript";
import { isLang, type Lang } from "./types";

const KEY_SESSION = "frontdesk.session_id";
const KEY_SEQ = "frontdesk.last_seq";
const KEY_TRANSCRIPT = "frontdesk.transcript";
const KEY_LANG = "frontdesk.language";

function get(store: () => Storage, key: string): string | null {
  try {
    return store().getItem(key);
  } catch {
    return null;
  }
}

function set(store: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, value);
  } catch {
    /* storage full or disabled: the chat still works, only resume is lost */
  }
}

const ss = () => window.sessionStorage;
const ls = () => window.localStorage;

export function loadTranscript(): Transcript | null {
  const sessionId = get(ss, KEY_SESSION);
  if (!sessionId) return null;
  const empty: Transcript = { sessionId, seq: 0, items: [] };
  const raw = get(ss, KEY_TRANSCRIPT);
  if (!raw) return empty;
  try {
    const t = JSON.parse(raw) as Partial<Transcript>;
    if (t.sessionId === sessionId && typeof t.seq === "number" && Array.isArray(t.items)) {
      return { sessionId, seq: t.seq, items: t.items };
    }
  } catch {
    /* corrupt: start the transcript over but keep the session */
  }
  return empty;
}

export function saveTranscript(t: Transcript): void {
  set(ss, KEY_SESSION, t.sessionId);
  set(ss, KEY_SEQ, String(t.seq));
  set(ss, KEY_TRANSCRIPT, JSON.stringify(t));
}

// Streaming writes are coalesced: a slightly older snapshot is still consistent (its seq
// matches its items), and the reconnect replays whatever came after it.
let queued: Transcript | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

export function saveTranscriptSoon(t: Transcript, delayMs = 150): void {
  queued = t;
  timer ??= setTimeout(flushTranscript, delayMs);
}

export function flushTranscript(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (queued) saveTranscript(queued);
  queued = null;
}

export function clearSession(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  queued = null;
  set(ss, KEY_SESSION, null);
  set(ss, KEY_SEQ, null);
  set(ss, KEY_TRANSCRIPT, null);
}

export function loadLanguage(): Lang | null {
  const v = get(ls, KEY_LANG);
  return isLang(v) ? v : null;
}

export function saveLanguage(lang: Lang): void {
  set(ls, KEY_LANG, lang);
}
