import { beforeEach, describe, expect, it } from "vitest";
import { ChatClient, PROTOCOL, backoffDelay, type ConnectionStatus, type Timers, type WebSocketLike } from "./protocol";
import type { ChatEvent } from "./types";

/** A fake WebSocket driven by the test: `serverOpen`, `serverSend`, `serverClose`. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error("not open");
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000, reason = ""): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  serverOpen(lastSeq: number): void {
    this.readyState = 1;
    this.onopen?.();
    this.serverSend({ type: "ready", protocol: PROTOCOL, session_id: "s1", last_seq: lastSeq });
  }
  serverSend(frame: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
  userMessages(): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === "user_message");
  }
}

/** Manually advanced timers. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private tasks = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.tasks.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }
  get pending(): number[] {
    return [...this.tasks.values()].map((t) => t.at - this.now);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.tasks.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

const delta = (seq: number, text: string, turn = "t1") => ({ type: "delta", seq, turn_id: turn, text });
const ack = (seq: number, client_id: string, turn = "t1") => ({
  type: "ack",
  seq,
  client_id,
  message_id: `m-${client_id}`,
  turn_id: turn,
});

function setup(initialSeq = 0) {
  FakeWebSocket.instances = [];
  const timers = new FakeTimers();
  const events: ChatEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  const client = new ChatClient({
    url: (n) => `ws://test/v1/sessions/s1/stream?last_seq=${n}`,
    createSocket: (url, protocols) => new FakeWebSocket(url, protocols),
    initialSeq,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    timers,
    random: () => 0.5,
    pingIntervalMs: 0,
  });
  client.start();
  const sock = () => {
    const s = FakeWebSocket.instances.at(-1);
    if (!s) throw new Error("no socket");
    return s;
  };
  return { client, timers, events, statuses, sock };
}

describe("ChatClient", () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
  });

  it("asks for the frontdesk.v1 subprotocol and resumes from the stored seq", () => {
    const { sock } = setup(7);
    expect(sock().protocols).toEqual([PROTOCOL]);
    expect(sock().url).toBe("ws://test/v1/sessions/s1/stream?last_seq=7");
  });

  it("dedupes events by seq", () => {
    const { client, events, sock } = setup();
    sock().serverOpen(0);
    sock().serverSend(ack(1, "c1"));
    sock().serverSend(delta(2, "Hello "));
    sock().serverSend(delta(2, "Hello ")); // duplicate
    sock().serverSend(ack(1, "c1")); // stale
    sock().serverSend(delta(3, "world"));
    sock().serverSend({ type: "pong" });
    expect(events.map((e) => ("seq" in e ? e.seq : -1))).toEqual([1, 2, 3]);
    expect(client.appliedSeq).toBe(3);
  });

  it("delivers unsequenced errors and skips malformed frames", () => {
    const { events, sock } = setup();
    sock().serverOpen(0);
    sock().onmessage?.({ data: "not json" });
    sock().serverSend({ type: "mystery", seq: 1 });
    sock().serverSend({ type: "error", code: "bad_json", message: "x" });
    sock().serverSend(delta(1, "dup of an unknown frame's seq"));
    sock().serverSend(delta(2, "ok"));
    expect(events.map((e) => e.type)).toEqual(["error", "delta"]);
  });

  it("replays after reconnect with last_seq and never duplicates", () => {
    const { client, events, statuses, timers, sock } = setup();
    const first = sock();
    first.serverOpen(0);
    first.serverSend(ack(1, "c1"));
    first.serverSend(delta(2, "A"));
    first.serverClose(1012);
    expect(client.connectionStatus).toBe("reconnecting");
    expect(statuses).toContain("reconnecting");
    expect(FakeWebSocket.instances).toHaveLength(1);
    timers.advance(500);
    const second = sock();
    expect(second).not.toBe(first);
    expect(second.url).toContain("last_seq=2");
    second.serverOpen(4);
    // The server replays from the requested seq; an overlapping replay is harmless too.
    second.serverSend(delta(2, "A"));
    second.serverSend(delta(3, "B"));
    second.serverSend({ type: "done", seq: 4, turn_id: "t1", message_id: "m", abstained: false, offer: null });
    expect(events.map((e) => ("seq" in e ? e.seq : 0))).toEqual([1, 2, 3, 4]);
    expect(client.connectionStatus).toBe("connected");
  });

  it("re-sends un-acked messages with the same client_id after reconnect", () => {
    const { client, timers, sock } = setup();
    const first = sock();
    first.serverOpen(0);
    client.enqueue({ client_id: "c1", text: "hola", language: "es" });
    expect(first.userMessages()).toEqual([{ type: "user_message", client_id: "c1", text: "hola", language: "es" }]);
    first.serverClose(1006); // dropped before the ack
    client.enqueue({ client_id: "c2", text: "while down" }); // queued, socket is down
    expect(client.pending.map((m) => m.client_id)).toEqual(["c1", "c2"]);
    timers.advance(1000);
    const second = sock();
    second.serverOpen(0);
    expect(second.userMessages().map((f) => f.client_id)).toEqual(["c1", "c2"]);
    second.serverSend(ack(1, "c1"));
    second.serverSend(ack(2, "c2", "t2"));
    expect(client.pending).toEqual([]);
    second.serverClose(1011);
    timers.advance(1000);
    sock().serverOpen(2);
    expect(sock().userMessages()).toEqual([]); // acked ones are never re-sent
  });

  it("waits for the replay before re-sending, and skips messages acked in it", () => {
    const { client, timers, sock } = setup();
    sock().serverOpen(0);
    client.enqueue({ client_id: "c1", text: "one" });
    client.enqueue({ client_id: "c2", text: "two" });
    sock().serverClose(1006);
    timers.advance(1000);
    const s = sock();
    s.serverOpen(2); // the server stored the ack of c1 (seq 1) and a delta (seq 2)
    expect(s.userMessages()).toEqual([]);
    s.serverSend(ack(1, "c1"));
    expect(s.userMessages()).toEqual([]);
    s.serverSend(delta(2, "x"));
    expect(s.userMessages().map((f) => f.client_id)).toEqual(["c2"]);
  });

  it("restores the outbox from a previous page load", () => {
    FakeWebSocket.instances = [];
    const client = new ChatClient({
      url: (n) => `ws://x/?last_seq=${n}`,
      createSocket: (u, p) => new FakeWebSocket(u, p),
      initialSeq: 5,
      initialOutbox: [{ client_id: "c9", text: "still here" }],
      onEvent: () => undefined,
      timers: new FakeTimers(),
      pingIntervalMs: 0,
    });
    client.start();
    const s = FakeWebSocket.instances[0]!;
    s.serverOpen(5);
    expect(s.userMessages()).toEqual([{ type: "user_message", client_id: "c9", text: "still here" }]);
  });

  it.each([4401, 4403, 4404])("does not reconnect after close code %i", (code) => {
    const { client, timers, statuses, sock } = setup();
    sock().serverOpen(0);
    sock().serverClose(code);
    timers.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(client.connectionStatus).toBe("closed");
    expect(statuses.at(-1)).toBe("closed");
    expect(timers.pending).toEqual([]);
  });

  it("drops a message the server refused instead of retrying it forever", () => {
    const { client, sock } = setup();
    sock().serverOpen(0);
    client.enqueue({ client_id: "c1", text: "x" });
    sock().serverSend({ type: "error", code: "busy", message: "queue full", client_id: "c1" });
    expect(client.pending).toEqual([]);
  });

  it("backs off exponentially with jitter up to 8 s and resets after ready", () => {
    const { timers, sock } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      sock().serverClose(1006);
      delays.push(timers.pending[0]!);
      timers.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([375, 750, 1500, 3000, 6000, 6000, 6000]);
    sock().serverOpen(0);
    sock().serverClose(1012);
    expect(timers.pending).toEqual([375]);
  });

  it("keeps backoff delays within [base/2, base] and under the 8 s cap", () => {
    for (let a = 0; a < 12; a++) {
      const base = Math.min(8000, 500 * 2 ** a);
      expect(backoffDelay(a, 500, 8000, 0)).toBe(base / 2);
      expect(backoffDelay(a, 500, 8000, 1)).toBe(base);
    }
  });

  it("pings and reconnects when a socket goes silent", () => {
    FakeWebSocket.instances = [];
    const timers = new FakeTimers();
    const client = new ChatClient({
      url: (n) => `ws://x/?last_seq=${n}`,
      createSocket: (u, p) => new FakeWebSocket(u, p),
      onEvent: () => undefined,
      timers,
      random: () => 0,
      pingIntervalMs: 1000,
    });
    client.start();
    const first = FakeWebSocket.instances[0]!;
    first.serverOpen(0);
    timers.advance(1000);
    expect(first.sent).toEqual([{ type: "ping" }]);
    first.serverSend({ type: "pong" });
    timers.advance(1000);
    expect(first.sent).toHaveLength(2);
    timers.advance(1000); // no pong this time
    expect(client.connectionStatus).toBe("reconnecting");
    timers.advance(250);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it("stops cleanly without reconnecting", () => {
    const { client, timers, sock } = setup();
    sock().serverOpen(0);
    client.stop();
    timers.advance(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
