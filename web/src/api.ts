// REST calls (same origin) and the stream URL.
import type { Lang } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Optional API key from the page URL (`/?token=...`), for tenants without anonymous access. */
function token(): string | null {
  try {
    return new URLSearchParams(window.location.search).get("token");
  } catch {
    return null;
  }
}

function headers(json: boolean): HeadersInit {
  const h: Record<string, string> = { Accept: "application/json" };
  if (json) h["Content-Type"] = "application/json";
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

async function failure(res: Response): Promise<ApiError> {
  let code = "http_error";
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, code, message);
}

export async function createSession(language: Lang): Promise<string> {
  const res = await fetch("/v1/sessions", {
    method: "POST",
    headers: headers(true),
    body: JSON.stringify({ language }),
  });
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as { id?: unknown };
  if (typeof body.id !== "string" || body.id === "") throw new ApiError(res.status, "bad_response", "no session id");
  return body.id;
}

export interface Passage {
  text: string;
  title?: string;
  anchor?: string;
}

const pickStr = (o: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  return undefined;
};

/** The full cited passage, or `null` when the endpoint is missing or says no. */
export async function fetchPassage(sourceId: string, chunkId: string, signal?: AbortSignal): Promise<Passage | null> {
  const url = `/v1/sources/${encodeURIComponent(sourceId)}/passages/${encodeURIComponent(chunkId)}`;
  const res = await fetch(url, { headers: headers(false), ...(signal ? { signal } : {}) });
  if (!res.ok) return null;
  const raw = (await res.json()) as unknown;
  if (typeof raw !== "object" || raw === null) return null;
  let o = raw as Record<string, unknown>;
  if (typeof o.passage === "object" && o.passage !== null) o = o.passage as Record<string, unknown>;
  const text = pickStr(o, "text", "content", "passage", "snippet");
  if (text === undefined) return null;
  const p: Passage = { text };
  const title = pickStr(o, "title");
  const anchor = pickStr(o, "anchor");
  if (title !== undefined) p.title = title;
  if (anchor !== undefined) p.anchor = anchor;
  return p;
}

export function streamUrl(sessionId: string, lastSeq: number): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const q = new URLSearchParams({ last_seq: String(lastSeq) });
  const t = token();
  if (t) q.set("token", t);
  return `${scheme}//${window.location.host}/v1/sessions/${encodeURIComponent(sessionId)}/stream?${q.toString()}`;
}

/** Asks for a person to follow up on an answer; idempotent per turn. Returns the ticket id. */
export async function openTicket(sessionId: string, turnId: string): Promise<string> {
  const res = await fetch(`/v1/sessions/${encodeURIComponent(sessionId)}/tickets`, {
    method: "POST",
    headers: headers(true),
    body: JSON.stringify({ turn_id: turnId }),
  });
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as { id?: unknown };
  if (typeof body.id !== "string") throw new ApiError(res.status, "bad_response", "no ticket id");
  return body.id;
}
