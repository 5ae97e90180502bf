// Defensive parsing of server frames: anything malformed is dropped, never thrown.
import type { Citation, ServerFrame } from "./types";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | undefined =>
  typeof o[k] === "string" ? (o[k] as string) : undefined;

/** Returns the frame's `seq` when it is a positive integer. */
export function frameSeq(v: unknown): number | undefined {
  if (!isObj(v)) return undefined;
  const s = v.seq;
  return typeof s === "number" && Number.isInteger(s) && s > 0 ? s : undefined;
}

function parseCitation(v: unknown): Citation | null {
  if (!isObj(v)) return null;
  const n = v.n;
  if (typeof n !== "number" || !Number.isInteger(n)) return null;
  const c: Citation = {
    n,
    source: str(v, "source") ?? "",
    title: str(v, "title") ?? str(v, "source") ?? `#${n}`,
    anchor: str(v, "anchor") ?? null,
    snippet: str(v, "snippet") ?? null,
    score: typeof v.score === "number" ? v.score : null,
  };
  const sid = v.source_id;
  const cid = v.chunk_id;
  if ((typeof sid === "string" || typeof sid === "number") && String(sid) !== "") {
    c.source_id = String(sid);
  }
  if ((typeof cid === "string" || typeof cid === "number") && String(cid) !== "") {
    c.chunk_id = String(cid);
  }
  return c;
}

/** JSON-decodes a text frame; `undefined` for binary or malformed frames. */
export function decodeFrame(raw: unknown): unknown {
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Validates a decoded frame; unknown types and malformed frames give `null`. */
export function parseFrame(v: unknown): ServerFrame | null {
  if (!isObj(v)) return null;
  const seq = frameSeq(v);
  const turn_id = str(v, "turn_id");
  switch (v.type) {
    case "ready":
      return {
        type: "ready",
        protocol: str(v, "protocol") ?? "",
        session_id: str(v, "session_id") ?? "",
        last_seq: typeof v.last_seq === "number" ? v.last_seq : 0,
      };
    case "pong":
      return { type: "pong" };
    case "ack": {
      const client_id = str(v, "client_id");
      if (seq === undefined || client_id === undefined || turn_id === undefined) return null;
      return { type: "ack", seq, client_id, turn_id, message_id: str(v, "message_id") ?? "" };
    }
    case "delta": {
      const text = str(v, "text");
      if (seq === undefined || turn_id === undefined || text === undefined) return null;
      return { type: "delta", seq, turn_id, text };
    }
    case "citations": {
      if (seq === undefined || turn_id === undefined || !Array.isArray(v.citations)) return null;
      const citations = v.citations.map(parseCitation).filter((c): c is Citation => c !== null);
      return { type: "citations", seq, turn_id, citations };
    }
    case "done":
      if (seq === undefined || turn_id === undefined) return null;
      return {
        type: "done",
        seq,
        turn_id,
        message_id: str(v, "message_id") ?? "",
        abstained: v.abstained === true,
        offer: str(v, "offer") ?? null,
        model: str(v, "model") ?? null,
      };
    case "turn_interrupted":
      if (seq === undefined || turn_id === undefined) return null;
      return { type: "turn_interrupted", seq, turn_id, reason: str(v, "reason") ?? "" };
    case "error": {
      const e: ServerFrame = {
        type: "error",
        code: str(v, "code") ?? "unknown",
        message: str(v, "message") ?? "",
      };
      if (seq !== undefined) e.seq = seq;
      const client_id = str(v, "client_id");
      if (client_id !== undefined) e.client_id = client_id;
      if (turn_id !== undefined) e.turn_id = turn_id;
      return e;
    }
    default:
      return null;
  }
}
