// Wire types for protocol `frontdesk.v1` (see docs/protocol.md).

export type Lang = "it" | "es" | "en";

export interface Citation {
  n: number;
  source: string;
  title: string;
  anchor?: string | null;
  snippet?: string | null;
  score?: number | null;
  /** Optional: when both ids are present the passage endpoint is used. */
  source_id?: string;
  chunk_id?: string;
}

export interface ReadyEvent {
  type: "ready";
  protocol: string;
  session_id: string;
  last_seq: number;
}

export interface AckEvent {
  type: "ack";
  seq: number;
  client_id: string;
  message_id: string;
  turn_id: string;
}

export interface DeltaEvent {
  type: "delta";
  seq: number;
  turn_id: string;
  text: string;
}

export interface CitationsEvent {
  type: "citations";
  seq: number;
  turn_id: string;
  citations: Citation[];
}

export interface DoneEvent {
  type: "done";
  seq: number;
  turn_id: string;
  message_id: string;
  abstained: boolean;
  offer: string | null;
  model?: string | null;
}

export interface TurnInterruptedEvent {
  type: "turn_interrupted";
  seq: number;
  turn_id: string;
  reason?: string;
}

/** `seq` is present only when the error belongs to a turn. */
export interface ServerErrorEvent {
  type: "error";
  seq?: number;
  code: string;
  message: string;
  client_id?: string;
  turn_id?: string;
}

export interface PongEvent {
  type: "pong";
}

/** Events that change the transcript (delivered to the app in seq order). */
export type ChatEvent =
  | AckEvent
  | DeltaEvent
  | CitationsEvent
  | DoneEvent
  | TurnInterruptedEvent
  | ServerErrorEvent;

export type ServerFrame = ChatEvent | ReadyEvent | PongEvent;

export interface OutgoingMessage {
  client_id: string;
  text: string;
  language?: Lang;
}

export const LANGS: readonly Lang[] = ["it", "es", "en"];

export function isLang(v: unknown): v is Lang {
  return v === "it" || v === "es" || v === "en";
}
