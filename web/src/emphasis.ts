// Knowledge passages are Markdown; answers quote them verbatim. Only **bold** is rendered:
// everything else stays text, so nothing in a passage can inject markup.

export type Run = { strong: boolean; text: string };

const BOLD = /\*\*([^*\n]+?)\*\*/g;

export function splitEmphasis(text: string): Run[] {
  const out: Run[] = [];
  let last = 0;
  for (const m of text.matchAll(BOLD)) {
    const start = m.index ?? 0;
    if (start > last) out.push({ strong: false, text: text.slice(last, start) });
    out.push({ strong: true, text: m[1] ?? "" });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ strong: false, text: text.slice(last) });
  return out;
}
