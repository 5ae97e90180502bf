import type { Strings } from "../i18n";
import { errorText } from "../i18n";
import type { AssistantItem, Item, UserItem } from "../transcript";
import { AnswerText } from "./AnswerText";

export interface ActiveCite {
  turnId: string;
  n: number;
}

interface AssistantProps {
  s: Strings;
  item: AssistantItem;
  active: ActiveCite | null;
  onCite: (turnId: string, n: number, el: HTMLButtonElement) => void;
  onTicket: (turnId: string) => void;
  onRetry: (() => void) | null;
}

export function AssistantMessage({ s, item, active, onCite, onTicket, onRetry }: AssistantProps) {
  const streaming = item.status === "streaming";
  const text = item.text || (item.status === "done" && item.abstained ? s.abstainedFallback : "");
  return (
    <li
      className={`msg msg-assistant${item.abstained ? " abstained" : ""}`}
      data-testid="message-assistant"
      data-turn-id={item.id}
      data-state={item.status}
      aria-busy={streaming}
    >
      <span className="visually-hidden">{s.assistant}: </span>
      {text && (
        <AnswerText
          s={s}
          text={text}
          citations={item.citations}
          activeN={active?.turnId === item.id ? active.n : null}
          onCite={(n, el) => onCite(item.id, n, el)}
        />
      )}
      {streaming && <span className="cursor" aria-hidden="true" />}
      {item.error && (
        <p className="inline-error" role="alert">
          {errorText(s, item.error.code, item.error.message)}
          {onRetry && (
            <button type="button" className="link-button" onClick={onRetry}>
              {s.retry}
            </button>
          )}
        </p>
      )}
      {item.status === "done" && item.abstained && item.offer === "ticket" && (
        <div className="actions">
          <button
            type="button"
            className="ticket"
            data-testid="ticket-button"
            disabled={item.ticketRequested === true}
            onClick={() => onTicket(item.id)}
          >
            {item.ticketRequested ? `✓ ${s.ticketRequested}` : s.openTicket}
          </button>
        </div>
      )}
    </li>
  );
}

export function UserMessage({ s, item, online, onRetry }: { s: Strings; item: UserItem; online: boolean; onRetry: () => void }) {
  return (
    <li className={`msg msg-user msg-${item.status}`} data-testid="message-user" data-client-id={item.id}>
      <span className="visually-hidden">{s.you}: </span>
      <p>{item.text}</p>
      {item.status === "pending" && <span className="meta">{online ? s.sending : s.queued}</span>}
      {item.status === "failed" && (
        <p className="inline-error" role="alert">
          {errorText(s, item.error?.code ?? "other", item.error?.message ?? "")}
          <button type="button" className="link-button" onClick={onRetry}>
            {s.retry}
          </button>
        </p>
      )}
    </li>
  );
}

export function Notice({ s, item }: { s: Strings; item: Extract<Item, { kind: "notice" }> }) {
  return (
    <li className="notice inline-error" role="alert">
      {errorText(s, item.error.code, item.error.message)}
    </li>
  );
}

export function RegeneratingNote({ s }: { s: Strings }) {
  return (
    <li className="note" data-testid="regenerating-note">
      {s.regenerating}
    </li>
  );
}
