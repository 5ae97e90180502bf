import { useCallback, useEffect, useRef, useState } from "react";
import { CitationPanel } from "./components/CitationPanel";
import { Composer } from "./components/Composer";
import { Header } from "./components/Header";
import type { ActiveCite } from "./components/Messages";
import { Transcript } from "./components/Transcript";
import { closeText, detectLanguage, STRINGS } from "./i18n";
import { loadLanguage, saveLanguage } from "./storage";
import type { Lang } from "./types";
import { useChat } from "./useChat";

function initialLanguage(): Lang {
  return loadLanguage() ?? detectLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const s = STRINGS[lang];
  const chat = useChat(lang);
  const [active, setActive] = useState<ActiveCite | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = s.title;
  }, [lang, s.title]);

  const chooseLang = (l: Lang) => {
    setLang(l);
    saveLanguage(l);
  };

  const onCite = useCallback((turnId: string, n: number, el: HTMLButtonElement) => {
    opener.current = el;
    setActive((cur) => (cur && cur.turnId === turnId && cur.n === n ? null : { turnId, n }));
  }, []);

  const closePanel = useCallback(() => {
    setActive(null);
    opener.current?.focus();
  }, []);

  const t = chat.transcript;
  const turn = active && t ? t.items.find((i) => i.kind === "assistant" && i.id === active.turnId) : undefined;
  const citation = turn?.kind === "assistant" ? turn.citations.find((c) => c.n === active?.n) : undefined;
  const phase = chat.phase;

  return (
    <div className={`app${citation ? " with-panel" : ""}`}>
      <Header s={s} lang={lang} onLang={chooseLang} pill={chat.pill} />
      <main className="main">
        <div className="chat">
          {phase.kind === "starting" && !t && <p className="banner">{s.startingSession}</p>}
          {(phase.kind === "fatal" || phase.kind === "session_error") && (
            <div className="banner banner-error" role="alert" data-testid="fatal-error">
              <span>{phase.kind === "fatal" ? closeText(s, phase.code) : s.sessionError}</span>
              <button type="button" onClick={chat.newConversation}>
                {s.newConversation}
              </button>
            </div>
          )}
          {t && phase.kind !== "session_error" && (
            <Transcript
              s={s}
              transcript={t}
              connected={chat.connected}
              active={citation ? active : null}
              onCite={onCite}
              onTicket={chat.requestTicket}
              onRetry={chat.retry}
            />
          )}
          <Composer s={s} disabled={phase.kind !== "active"} onSend={chat.send} />
        </div>
        {citation && <CitationPanel s={s} citation={citation} onClose={closePanel} />}
      </main>
    </div>
  );
}
