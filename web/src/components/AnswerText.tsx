import { splitCitations } from "../citations";
import type { Strings } from "../i18n";
import type { Citation } from "../types";
import { Emphasis } from "./Emphasis";

interface Props {
  s: Strings;
  text: string;
  citations: Citation[];
  activeN: number | null;
  onCite: (n: number, el: HTMLButtonElement) => void;
}

/** Answer text with `[n]` markers turned into citation buttons once the citation is known. */
export function AnswerText({ s, text, citations, activeN, onCite }: Props) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const segments = splitCitations(text, new Set(byN.keys()));
  return (
    <p className="answer">
      {segments.map((seg, i) => {
        if (seg.kind === "text") return <Emphasis key={i} text={seg.text} />;
        const c = byN.get(seg.n);
        return (
          <sup key={i} className="cite">
            <button
              type="button"
              data-testid="citation-button"
              aria-label={s.citationLabel(seg.n, c?.title ?? "")}
              aria-expanded={activeN === seg.n}
              aria-controls="citation-panel"
              title={c?.title}
              onClick={(e) => onCite(seg.n, e.currentTarget)}
            >
              {seg.n}
            </button>
          </sup>
        );
      })}
    </p>
  );
}
