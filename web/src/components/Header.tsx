import type { Strings } from "../i18n";
import { LANGS, isLang, type Lang } from "../types";
import type { Pill } from "../useChat";

interface Props {
  s: Strings;
  lang: Lang;
  onLang: (l: Lang) => void;
  pill: Pill;
}

export function Header({ s, lang, onLang, pill }: Props) {
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          U
        </span>
        <div>
          <h1>{s.title}</h1>
          <p className="subtitle">{s.subtitle}</p>
        </div>
      </div>
      <div className="header-tools">
        <span className={`pill pill-${pill}`} role="status" data-testid="connection-status" data-state={pill}>
          <span className="dot" aria-hidden="true" />
          {s.status[pill]}
        </span>
        <label className="lang">
          <span className="visually-hidden">{s.languageLabel}</span>
          <select
            data-testid="language-select"
            value={lang}
            onChange={(e) => {
              if (isLang(e.target.value)) onLang(e.target.value);
            }}
          >
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {s.languageNames[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
