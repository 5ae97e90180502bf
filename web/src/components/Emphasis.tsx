import { Fragment } from "react";
import { splitEmphasis } from "../emphasis";

/** Text with `**bold**` runs shown in bold; never interpreted as HTML. */
export function Emphasis({ text }: { text: string }) {
  return (
    <>
      {splitEmphasis(text).map((run, i) =>
        run.strong ? <strong key={i}>{run.text}</strong> : <Fragment key={i}>{run.text}</Fragment>,
      )}
    </>
  );
}
