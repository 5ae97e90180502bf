import { useEffect, useRef, useState } from "react";
import { fetchPassage, type Passage } from "../api";
import type { Strings } from "../i18n";
import type { Citation } from "../types";
import { Emphasis } from "./Emphasis";

interface Props {
  s: Strings;
  citation: Citation;
  onClose: () => void;
}

type Load = { kind: "idle" } | { kind: "loading" } | { kind: "loaded"; passage: Passage } | { kind: "fallback" };

export function CitationPanel({ s, citation, onClose }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [load, setLoad] = useState<Load>({ kind: "idle" });
  const { source_id: sourceId, chunk_id: chunkId } = citation;

  useEffect(() => {
    heading.current?.focus();
  }, [citation]);

  useEffect(() => {
    if (sourceId === undefined || chunkId === undefined) {
      setLoad({ kind: "idle" });
      return;
    }
    const ctl = new AbortController();
    setLoad({ kind: "loading" });
    fetchPassage(sourceId, chunkId, ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) setLoad(p ? { kind: "loaded", passage: p } : { kind: "fallback" });
      },
      () => {
        if (!ctl.signal.aborted) setLoad({ kind: "fallback" });
      },
    );
    return () => ctl.abort();
  }, [sourceId, chunkId]);

  const text = load.kind === "loaded" ? load.passage.text : (citation.snippet ?? "");
  const anchor = (load.kind === "loaded" ? load.passage.anchor : undefined) ?? citation.anchor;
  const raw = citation.score;
  // Scores in [0, 1] read as a percentage; anything else (e.g. BM25) is shown as is.
  const pct = typeof raw === "number" && raw >= 0 && raw <= 1 ? Math.round(raw * 100) : null;
  const score = typeof raw === "number" && Number.isFinite(raw) ? raw : null;

  return (
    <aside
      id="citation-panel"
      className="citation-panel"
      data-testid="citation-panel"
      aria-labelledby="citation-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <div className="panel-head">
        <p className="panel-kicker">
          {s.citationPanelLabel} <span className="badge">{citation.n}</span>
        </p>
        <button type="button" className="close" onClick={onClose} aria-label={s.close} title={s.close}>
          ×
        </button>
      </div>
      <h2 id="citation-title" ref={heading} tabIndex={-1} data-testid="citation-title">
        {citation.title}
      </h2>
      <dl className="meta-list">
        {citation.source && (
          <>
            <dt>{s.citationSource}</dt>
            <dd className="mono">{citation.source}</dd>
          </>
        )}
        {anchor && (
          <>
            <dt>{s.citationSection}</dt>
            <dd className="mono">#{anchor}</dd>
          </>
        )}
        {score !== null && (
          <>
            <dt>{s.citationScore}</dt>
            <dd data-testid="citation-score">
              {pct !== null ? (
                <>
                  <meter min={0} max={100} value={pct} aria-label={s.citationScore} /> {pct}%
                </>
              ) : (
                score.toFixed(2)
              )}
            </dd>
          </>
        )}
      </dl>
      {load.kind === "loading" && <p className="meta">{s.citationLoading}</p>}
      {load.kind !== "loading" && text && (
        <figure className="passage">
          <figcaption className="visually-hidden">{s.citationExcerpt}</figcaption>
          <blockquote data-testid="citation-snippet">
            <Emphasis text={text} />
          </blockquote>
        </figure>
      )}
    </aside>
  );
}
