// Pure transcript state: what the page shows, rebuilt only from applied events.
import type { ChatEvent, Citation, Lang, OutgoingMessage } from "./types";

export interface ItemError {
  code: string;
  message: string;
}

export interface UserItem {
  kind: "user";
  id: string; // client_id
  text: string;
  language?: Lang;
  status: "pending" | "acked" | "failed";
  messageId?: string;
  turnId?: string;
  error?: ItemError;
}

export interface AssistantItem {
  kind: "assistant";
  id: string; // turn_id
  text: string;
  citations: Citation[];
  status: "streaming" | "done" | "interrupted" | "failed";
  abstained?: boolean;
  offer?: string | null;
  messageId?: string;
  model?: string | null;
  error?: ItemError;
  ticketRequested?: boolean;
}

export interface NoticeItem {
  kind: "notice";
  id: string;
  error: ItemError;
}

export type Item = UserItem | AssistantItem | NoticeItem;

export interface Transcript {
  sessionId: string;
  /** Highest applied seq; stored together with the items so they never disagree. */
  seq: number;
  items: Item[];
}

export function emptyTranscript(sessionId: string): Transcript {
  return { sessionId, seq: 0, items: [] };
}

export function addUserMessage(t: Transcript, m: OutgoingMessage): Transcript {
  const existing = t.items.find((i) => i.kind === "user" && i.id === m.client_id);
  if (existing) {
    return patch(t, existing.id, "user", (u) => ({ ...u, status: "pending", error: undefined }));
  }
  const item: UserItem = { kind: "user", id: m.client_id, text: m.text, status: "pending" };
  if (m.language) item.language = m.language;
  return { ...t, items: [...t.items, item] };
}

/** Un-acked user messages, to hand to the protocol client after a reload. */
export function pendingMessages(t: Transcript): OutgoingMessage[] {
  return t.items.flatMap((i) =>
    i.kind === "user" && i.status === "pending"
      ? [i.language ? { client_id: i.id, text: i.text, language: i.language } : { client_id: i.id, text: i.text }]
      : [],
  );
}

export function setSeq(t: Transcript, seq: number): Transcript {
  return { ...t, seq };
}

export function markTicketRequested(t: Transcript, turnId: string): Transcript {
  return patch(t, turnId, "assistant", (a) => ({ ...a, ticketRequested: true }));
}

export function applyEvent(t: Transcript, ev: ChatEvent): Transcript {
  if (ev.seq !== undefined) {
    if (ev.seq <= t.seq) return t; // never apply twice
    t = { ...t, seq: ev.seq };
  }
  switch (ev.type) {
    case "ack":
      return patch(t, ev.client_id, "user", (u) => ({
        ...u,
        status: "acked",
        messageId: ev.message_id,
        turnId: ev.turn_id,
        error: undefined,
      }));
    case "delta":
      return upsertTurn(t, ev.turn_id, (a) =>
        a.status === "streaming" ? { ...a, text: a.text + ev.text } : a,
      );
    case "citations":
      return upsertTurn(t, ev.turn_id, (a) => ({ ...a, citations: ev.citations }));
    case "done":
      return upsertTurn(t, ev.turn_id, (a) => ({
        ...a,
        status: a.status === "failed" ? "failed" : "done",
        abstained: ev.abstained,
        offer: ev.offer,
        messageId: ev.message_id,
        model: ev.model ?? null,
      }));
    case "turn_interrupted":
      return upsertTurn(t, ev.turn_id, (a) => ({ ...a, text: "", citations: [], status: "interrupted" }));
    case "error": {
      const error = { code: ev.code, message: ev.message };
      if (ev.turn_id !== undefined) {
        return upsertTurn(t, ev.turn_id, (a) => ({ ...a, status: "failed", error }));
      }
      const cid = ev.client_id;
      if (cid !== undefined && t.items.some((i) => i.kind === "user" && i.id === cid && i.status !== "acked")) {
        return patch(t, cid, "user", (u) => ({ ...u, status: "failed", error }));
      }
      const id = `notice-${ev.seq ?? t.items.length}-${ev.code}`;
      return { ...t, items: [...t.items, { kind: "notice", id, error }] };
    }
  }
}

function upsertTurn(t: Transcript, turnId: string, f: (a: AssistantItem) => AssistantItem): Transcript {
  if (t.items.some((i) => i.kind === "assistant" && i.id === turnId)) {
    return patch(t, turnId, "assistant", f);
  }
  const fresh: AssistantItem = { kind: "assistant", id: turnId, text: "", citations: [], status: "streaming" };
  return { ...t, items: [...t.items, f(fresh)] };
}

function patch<K extends Item["kind"]>(
  t: Transcript,
  id: string,
  kind: K,
  f: (i: Extract<Item, { kind: K }>) => Extract<Item, { kind: K }>,
): Transcript {
  let changed = false;
  const items = t.items.map((i) => {
    if (i.kind !== kind || i.id !== id) return i;
    changed = true;
    return f(i as Extract<Item, { kind: K }>);
  });
  return changed ? { ...t, items } : t;
}

/** True while the assistant is expected to answer (used for a typing indicator). */
export function awaitingAnswer(t: Transcript): boolean {
  const last = t.items.at(-1);
  if (!last) return false;
  if (last.kind === "user") return last.status !== "failed";
  return last.kind === "assistant" && last.status === "interrupted";
}
