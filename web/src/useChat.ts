// React glue: session bootstrap, the protocol client and the persisted transcript.
import { useCallback, useEffect, useRef, useState } from "react";
import { createSession, openTicket, streamUrl } from "./api";
import { newClientId } from "./ids";
import { ChatClient, type ConnectionStatus } from "./protocol";
import { clearSession, flushTranscript, loadTranscript, saveTranscriptSoon } from "./storage";
import {
  addUserMessage,
  applyEvent,
  emptyTranscript,
  markTicketRequested,
  pendingMessages,
  setSeq,
  type Transcript,
} from "./transcript";
import type { Lang } from "./types";

export type Phase =
  | { kind: "starting" }
  | { kind: "active" }
  | { kind: "session_error" }
  | { kind: "fatal"; code: number | undefined };

export type Pill = "connecting" | "connected" | "reconnecting" | "offline";

// One session creation in flight at a time (React StrictMode runs effects twice).
let inflight: Promise<string> | null = null;

function obtainSession(lang: Lang): Promise<string> {
  inflight ??= createSession(lang);
  return inflight;
}

function onlineNow(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

export function useChat(lang: Lang) {
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("idle");
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const [online, setOnline] = useState(onlineNow);
  const [generation, setGeneration] = useState(0);
  const ref = useRef<Transcript | null>(null);
  const client = useRef<ChatClient | null>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  const commit = useCallback((t: Transcript, now = false) => {
    ref.current = t;
    saveTranscriptSoon(t);
    if (now) flushTranscript();
    setTranscript(t);
  }, []);

  useEffect(() => {
    let cancelled = false;
    let c: ChatClient | null = null;
    setPhase({ kind: "starting" });
    const begin = (t: Transcript) => {
      if (cancelled) return;
      inflight = null;
      commit(t, true);
      setPhase({ kind: "active" });
      c = new ChatClient({
        url: (n) => streamUrl(t.sessionId, n),
        initialSeq: t.seq,
        initialOutbox: pendingMessages(t),
        onEvent: (ev) => {
          if (ref.current) commit(applyEvent(ref.current, ev));
        },
        onResync: (seq) => {
          if (ref.current) commit(setSeq(ref.current, seq));
        },
        onStatus: (s, info) => {
          if (cancelled) return;
          setStatus(s);
          if (s === "closed") setPhase({ kind: "fatal", code: info.closeCode });
        },
      });
      client.current = c;
      c.start();
    };
    const saved = loadTranscript();
    if (saved) {
      begin(saved);
    } else {
      obtainSession(langRef.current).then(
        (id) => begin(emptyTranscript(id)),
        () => {
          inflight = null;
          if (!cancelled) setPhase({ kind: "session_error" });
        },
      );
    }
    return () => {
      cancelled = true;
      c?.stop();
      client.current = null;
    };
  }, [generation, commit]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      client.current?.reconnectNow();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    window.addEventListener("pagehide", flushTranscript);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
      window.removeEventListener("pagehide", flushTranscript);
    };
  }, []);

  const send = useCallback(
    (text: string): boolean => {
      const t = ref.current;
      const c = client.current;
      if (!t || !c || phase.kind !== "active") return false;
      const msg = { client_id: newClientId(), text, language: langRef.current };
      commit(addUserMessage(t, msg), true);
      c.enqueue(msg);
      return true;
    },
    [commit, phase.kind],
  );

  /** Re-asks a refused or failed question as a new message (new client_id). */
  const retry = useCallback(
    (userItemId: string) => {
      const t = ref.current;
      const item = t?.items.find((i) => i.kind === "user" && i.id === userItemId);
      if (!t || !item || item.kind !== "user") return;
      if (item.status === "failed") commit({ ...t, items: t.items.filter((i) => i !== item) });
      send(item.text);
    },
    [commit, send],
  );

  const requestTicket = useCallback(
    (turnId: string) => {
      const t = ref.current;
      if (!t) return;
      const item = t.items.find((i) => i.kind === "assistant" && i.id === turnId);
      commit(markTicketRequested(t, turnId), true);
      // The ticket is stored server-side; the event lets an embedding page react as well.
      void openTicket(t.sessionId, turnId).catch((err: unknown) => {
        console.warn("ticket request failed", err);
      });
      window.dispatchEvent(
        new CustomEvent("frontdesk:open-ticket", {
          detail: {
            session_id: t.sessionId,
            turn_id: turnId,
            message_id: item?.kind === "assistant" ? item.messageId : undefined,
            language: langRef.current,
          },
        }),
      );
    },
    [commit],
  );

  const newConversation = useCallback(() => {
    // The effect cleanup stops the current client; ref is cleared so it applies nothing more.
    clearSession();
    ref.current = null;
    setTranscript(null);
    setStatus("idle");
    setGeneration((g) => g + 1);
  }, []);

  let pill: Pill;
  if (phase.kind === "fatal" || phase.kind === "session_error" || !online) pill = "offline";
  else if (status === "connected") pill = "connected";
  else if (status === "reconnecting") pill = "reconnecting";
  else pill = "connecting";

  const connected = phase.kind === "active" && status === "connected";
  return { transcript, phase, pill, connected, send, retry, requestTicket, newConversation };
}
