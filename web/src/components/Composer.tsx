import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { Strings } from "../i18n";

export const MAX_CHARS = 4000;

interface Props {
  s: Strings;
  disabled: boolean;
  onSend: (text: string) => boolean;
}

export function Composer({ s, disabled, onSend }: Props) {
  const [text, setText] = useState("");
  const trimmed = text.trim();

  const submit = () => {
    if (disabled || trimmed === "" || trimmed.length > MAX_CHARS) return;
    if (onSend(trimmed)) setText("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor="chat-input" className="visually-hidden">
        {s.inputLabel}
      </label>
      <textarea
        id="chat-input"
        data-testid="chat-input"
        rows={2}
        maxLength={MAX_CHARS}
        placeholder={s.inputPlaceholder}
        value={text}
        aria-describedby="chat-hint"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" data-testid="send-button" disabled={disabled || trimmed === ""}>
        {s.send}
      </button>
      <p id="chat-hint" className="hint">
        {s.inputHint}
      </p>
    </form>
  );
}
