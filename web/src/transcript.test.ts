import { describe, expect, it } from "vitest";
import { splitCitations } from "./citations";
import { detectLanguage, STRINGS } from "./i18n";
import { addUserMessage, applyEvent, emptyTranscript, pendingMessages, type Transcript } from "./transcript";
import type { ChatEvent } from "./types";

const run = (t: Transcript, evs: ChatEvent[]) => evs.reduce(applyEvent, t);

describe("transcript", () => {
  it("groups deltas by turn and marks done/abstained", () => {
    let t = addUserMessage(emptyTranscript("s"), { client_id: "c1", text: "Q?" });
    t = run(t, [
      { type: "ack", seq: 1, client_id: "c1", message_id: "m1", turn_id: "t1" },
      { type: "delta", seq: 2, turn_id: "t1", text: "Hello " },
      { type: "delta", seq: 3, turn_id: "t1", text: "[1]." },
      { type: "citations", seq: 4, turn_id: "t1", citations: [{ n: 1, source: "a.md", title: "A" }] },
      { type: "done", seq: 5, turn_id: "t1", message_id: "m2", abstained: true, offer: "ticket" },
      { type: "delta", seq: 3, turn_id: "t1", text: "dup" },
    ]);
    expect(t.seq).toBe(5);
    const [u, a] = t.items;
    expect(u).toMatchObject({ kind: "user", status: "acked", turnId: "t1" });
    expect(a).toMatchObject({ kind: "assistant", text: "Hello [1].", status: "done", abstained: true, offer: "ticket" });
    expect(pendingMessages(t)).toEqual([]);
  });

  it("discards the partial text of an interrupted turn", () => {
    const t = run(emptyTranscript("s"), [
      { type: "delta", seq: 1, turn_id: "t1", text: "partial" },
      { type: "turn_interrupted", seq: 2, turn_id: "t1", reason: "restart" },
      { type: "delta", seq: 3, turn_id: "t2", text: "fresh" },
    ]);
    expect(t.items.map((i) => (i.kind === "assistant" ? [i.status, i.text] : null))).toEqual([
      ["interrupted", ""],
      ["streaming", "fresh"],
    ]);
  });

  it("attaches errors to their turn, message or the transcript", () => {
    let t = addUserMessage(emptyTranscript("s"), { client_id: "c1", text: "x", language: "it" });
    expect(pendingMessages(t)).toEqual([{ client_id: "c1", text: "x", language: "it" }]);
    t = run(t, [
      { type: "error", code: "busy", message: "full", client_id: "c1" },
      { type: "error", seq: 1, code: "turn_failed", message: "boom", turn_id: "t9" },
      { type: "error", code: "bad_json", message: "?" },
    ]);
    expect(t.items.map((i) => i.kind + ":" + (i.kind === "notice" ? i.error.code : i.status))).toEqual([
      "user:failed",
      "assistant:failed",
      "notice:bad_json",
    ]);
  });
});

describe("citations", () => {
  it("splits [n] markers, only for known citations", () => {
    expect(splitCitations("a [1] b [2, 3][4]", new Set([1, 2, 3]))).toEqual([
      { kind: "text", text: "a " },
      { kind: "cite", n: 1 },
      { kind: "text", text: " b " },
      { kind: "cite", n: 2 },
      { kind: "cite", n: 3 },
      { kind: "text", text: "[4]" },
    ]);
  });
});

describe("i18n", () => {
  it("detects the language from browser preferences", () => {
    expect(detectLanguage(["it-IT", "en"])).toBe("it");
    expect(detectLanguage(["fr-FR", "es-419"])).toBe("es");
    expect(detectLanguage(["de"])).toBe("en");
  });

  it("has every string in every language", () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(STRINGS.it)).toEqual(keys(STRINGS.en));
    expect(keys(STRINGS.es)).toEqual(keys(STRINGS.en));
  });
});
