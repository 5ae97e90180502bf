// Framework-free client for the `frontdesk.v1` chat stream.
//
// Responsibilities: seq tracking and dedupe, reconnect with exponential backoff and
// `last_seq` replay, and an outbox of `user_message` frames that are re-sent (same
// `client_id`) on every new connection until the server acks them.
import { decodeFrame, frameSeq, parseFrame } from "./frames";
import type { ChatEvent, OutgoingMessage, ReadyEvent } from "./types";

export const PROTOCOL = "frontdesk.v1";

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([4400, 4401, 4403, 4404]);

export const OPEN = 1;

/** The subset of the browser WebSocket API the client needs (easy to fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export type ConnectionStatus = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export interface StatusInfo {
  /** Close code of the last connection, when there was one. */
  closeCode?: number;
  /** Delay before the next attempt (status `reconnecting`). */
  retryInMs?: number;
  /** Failed attempts since the last successful `ready`. */
  attempt: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ClientOptions {
  /** Builds the stream URL for a connection that resumes after `lastSeq`. */
  url: (lastSeq: number) => string;
  createSocket?: SocketFactory;
  /** Highest seq already applied (from storage). */
  initialSeq?: number;
  /** Un-acked messages from a previous page load. */
  initialOutbox?: readonly OutgoingMessage[];
  /** Chat events, delivered once each and in seq order. */
  onEvent: (ev: ChatEvent) => void;
  onStatus?: (status: ConnectionStatus, info: StatusInfo) => void;
  onReady?: (ready: ReadyEvent) => void;
  /** The server reports fewer stored events than we applied; seq was lowered. */
  onResync?: (seq: number) => void;
  timers?: Timers;
  random?: () => number;
  backoff?: { initialMs: number; maxMs: number };
  pingIntervalMs?: number;
  /** If replay has not reached `ready.last_seq` by then, flush the outbox anyway. */
  catchUpTimeoutMs?: number;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const browserSocketFactory: SocketFactory = (url, protocols) => {
  const ws = new WebSocket(url, protocols);
  const like: WebSocketLike = {
    get readyState() {
      return ws.readyState;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (d) => ws.send(d),
    close: (code, reason) => ws.close(code, reason),
  };
  ws.onopen = () => like.onopen?.();
  ws.onmessage = (e) => like.onmessage?.({ data: e.data });
  ws.onclose = (e) => like.onclose?.({ code: e.code, reason: e.reason });
  ws.onerror = () => like.onerror?.();
  return like;
};

/** Exponential backoff with jitter: a delay in [base/2, base], base = initial·2^attempt ≤ max. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, rnd: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + (rnd * base) / 2);
}

export class ChatClient {
  private readonly opts: ClientOptions;
  private readonly timers: Timers;
  private readonly createSocket: SocketFactory;
  private ws: WebSocketLike | null = null;
  private applied: number;
  private outbox: OutgoingMessage[];
  /** client_ids already sent on the current connection. */
  private sentHere = new Set<string>();
  private status: ConnectionStatus = "idle";
  private attempt = 0;
  private lastClose: number | undefined;
  private catchUpTarget: number | null = null; // non-null while replay is catching up
  private ready = false;
  private stopped = false;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private catchUpTimer: unknown = null;
  private heardSincePing = true;

  constructor(opts: ClientOptions) {
    this.opts = opts;
    this.timers = opts.timers ?? defaultTimers;
    this.createSocket = opts.createSocket ?? browserSocketFactory;
    this.applied = opts.initialSeq ?? 0;
    this.outbox = [...(opts.initialOutbox ?? [])];
  }

  get appliedSeq(): number {
    return this.applied;
  }

  get connectionStatus(): ConnectionStatus {
    return this.status;
  }

  /** Messages sent or queued but not acked yet. */
  get pending(): readonly OutgoingMessage[] {
    return this.outbox;
  }

  start(): void {
    if (this.stopped || this.ws) return;
    this.connect();
  }

  /** Queue a message; it is sent now when possible, else after (re)connecting. */
  enqueue(msg: OutgoingMessage): void {
    if (!this.outbox.some((m) => m.client_id === msg.client_id)) this.outbox.push(msg);
    this.flush();
  }

  /** Skip the backoff wait (e.g. the browser came back online). */
  reconnectNow(): void {
    if (this.stopped || this.status !== "reconnecting") return;
    this.clearTimer("retryTimer");
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer("retryTimer");
    this.dropSocket(1000, "client stopped");
    this.setStatus("closed");
  }

  private connect(): void {
    this.setStatus(this.attempt === 0 && this.lastClose === undefined ? "connecting" : "reconnecting");
    this.ready = false;
    this.catchUpTarget = null;
    this.sentHere.clear();
    let ws: WebSocketLike;
    try {
      ws = this.createSocket(this.opts.url(this.applied), [PROTOCOL]);
    } catch {
      this.scheduleReconnect(undefined);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.setStatus("connected");
      this.heardSincePing = true;
      this.schedulePing();
    };
    ws.onmessage = (e) => {
      if (this.ws === ws) this.handleFrame(e.data);
    };
    ws.onclose = (e) => {
      if (this.ws === ws) this.handleClose(e.code);
    };
    ws.onerror = () => {
      /* a close event always follows */
    };
  }

  private handleFrame(data: unknown): void {
    this.heardSincePing = true;
    const raw = decodeFrame(data);
    const seq = frameSeq(raw);
    if (seq !== undefined) {
      if (seq <= this.applied) return; // already applied: replay overlap or re-sent ack
      this.applied = seq;
    }
    const frame = parseFrame(raw);
    if (frame === null) return; // unknown or malformed (its seq, if any, still counts)
    switch (frame.type) {
      case "ready":
        this.handleReady(frame);
        return;
      case "pong":
        return;
      case "ack":
        this.outbox = this.outbox.filter((m) => m.client_id !== frame.client_id);
        break;
      case "error":
        // A message the server refused (invalid, busy) is not retried automatically.
        if (frame.client_id !== undefined && frame.turn_id === undefined) {
          this.outbox = this.outbox.filter((m) => m.client_id !== frame.client_id);
        }
        break;
      default:
        break;
    }
    this.opts.onEvent(frame);
    if (this.catchUpTarget !== null && this.applied >= this.catchUpTarget) this.caughtUp();
  }

  private handleReady(ready: ReadyEvent): void {
    this.ready = true;
    this.attempt = 0;
    this.lastClose = undefined;
    if (this.status !== "connected") this.setStatus("connected");
    if (ready.last_seq < this.applied) {
      this.applied = Math.max(0, ready.last_seq);
      this.opts.onResync?.(this.applied);
    }
    this.opts.onReady?.(ready);
    if (this.applied >= ready.last_seq) {
      this.caughtUp();
    } else {
      // Re-send un-acked messages only after the replay: their acks may be in it.
      this.catchUpTarget = ready.last_seq;
      this.catchUpTimer = this.timers.setTimeout(
        () => this.caughtUp(),
        this.opts.catchUpTimeoutMs ?? 3000,
      );
    }
  }

  private caughtUp(): void {
    this.catchUpTarget = null;
    this.clearTimer("catchUpTimer");
    this.flush();
  }

  private flush(): void {
    const ws = this.ws;
    if (!ws || !this.ready || this.catchUpTarget !== null || ws.readyState !== OPEN) return;
    for (const m of this.outbox) {
      if (this.sentHere.has(m.client_id)) continue;
      const frame: Record<string, string> = { type: "user_message", client_id: m.client_id, text: m.text };
      if (m.language) frame.language = m.language;
      try {
        ws.send(JSON.stringify(frame));
        this.sentHere.add(m.client_id);
      } catch {
        return; // the close handler will reconnect and re-send
      }
    }
  }

  private handleClose(code: number | undefined): void {
    this.dropSocket();
    if (this.stopped) return;
    if (code !== undefined && FATAL_CLOSE_CODES.has(code)) {
      this.lastClose = code;
      this.stopped = true;
      this.setStatus("closed");
      return;
    }
    this.scheduleReconnect(code);
  }

  private scheduleReconnect(code: number | undefined): void {
    this.lastClose = code ?? this.lastClose ?? 1006;
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 8000 };
    const delay = backoffDelay(this.attempt, initialMs, maxMs, (this.opts.random ?? Math.random)());
    this.attempt += 1;
    this.setStatus("reconnecting", delay);
    this.clearTimer("retryTimer");
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private schedulePing(): void {
    this.clearTimer("pingTimer");
    const every = this.opts.pingIntervalMs ?? 25000;
    if (every <= 0) return;
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      const ws = this.ws;
      if (!ws) return;
      if (!this.heardSincePing) {
        // Nothing at all for a full interval after a ping: treat the socket as dead.
        this.handleClose(4000);
        return;
      }
      this.heardSincePing = false;
      try {
        ws.send(JSON.stringify({ type: "ping" }));
      } catch {
        /* close follows */
      }
      this.schedulePing();
    }, every);
  }

  /** Detach and close the current socket, if any; its late events are ignored. */
  private dropSocket(code?: number, reason?: string): void {
    this.clearTimer("pingTimer");
    this.clearTimer("catchUpTimer");
    this.catchUpTarget = null;
    this.ready = false;
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onerror = null;
    ws.onclose = null;
    try {
      if (ws.readyState <= OPEN) ws.close(code ?? 1000, reason);
    } catch {
      /* already closing */
    }
  }

  private clearTimer(name: "retryTimer" | "pingTimer" | "catchUpTimer"): void {
    const h = this[name];
    if (h !== null) this.timers.clearTimeout(h);
    this[name] = null;
  }

  private setStatus(status: ConnectionStatus, retryInMs?: number): void {
    this.status = status;
    const info: StatusInfo = { attempt: this.attempt };
    if (this.lastClose !== undefined) info.closeCode = this.lastClose;
    if (retryInMs !== undefined) info.retryInMs = retryInMs;
    this.opts.onStatus?.(status, info);
  }
}
