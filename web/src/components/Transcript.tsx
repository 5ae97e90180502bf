import { useEffect, useRef } from "react";
import type { Strings } from "../i18n";
import { awaitingAnswer, type Transcript as T } from "../transcript";
import { type ActiveCite, AssistantMessage, Notice, RegeneratingNote, UserMessage } from "./Messages";

interface Props {
  s: Strings;
  transcript: T;
  connected: boolean;
  active: ActiveCite | null;
  onCite: (turnId: string, n: number, el: HTMLButtonElement) => void;
  onTicket: (turnId: string) => void;
  onRetry: (userItemId: string) => void;
}

export function Transcript({ s, transcript, connected, active, onCite, onTicket, onRetry }: Props) {
  const box = useRef<HTMLElement>(null);
  const stick = useRef(true); // follow new text unless the reader scrolled up
  const items = transcript.items;
  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items]);
  const onScroll = () => {
    const el = box.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  const rows = items.map((item, idx) => {
    switch (item.kind) {
      case "user":
        return <UserMessage key={item.id} s={s} item={item} online={connected} onRetry={() => onRetry(item.id)} />;
      case "notice":
        return <Notice key={item.id} s={s} item={item} />;
      case "assistant": {
        if (item.status === "interrupted") {
          // Shown only until the regenerated answer starts.
          const later = items.slice(idx + 1).some((i) => i.kind === "assistant");
          return later ? null : <RegeneratingNote key={item.id} s={s} />;
        }
        const asker = items.find((i) => i.kind === "user" && i.turnId === item.id);
        const retry = item.status === "failed" && asker ? () => onRetry(asker.id) : null;
        return (
          <AssistantMessage
            key={item.id}
            s={s}
            item={item}
            active={active}
            onCite={onCite}
            onTicket={onTicket}
            onRetry={retry}
          />
        );
      }
    }
  });

  return (
    <section className="transcript" aria-label={s.transcriptLabel} ref={box} onScroll={onScroll}>
      <ol role="log" aria-live="polite" aria-relevant="additions text">
        {items.length === 0 && <li className="welcome">{s.welcome}</li>}
        {rows}
        {awaitingAnswer(transcript) && connected && (
          <li className="typing">
            <span className="dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="visually-hidden">{s.typing}</span>
          </li>
        )}
      </ol>
    </section>
  );
}
