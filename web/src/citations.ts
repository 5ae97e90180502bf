// Splits answer text into plain runs and `[n]` citation markers.

export type Segment = { kind: "text"; text: string } | { kind: "cite"; n: number };

// `[1]`, `[1, 2]`, `[1,2,3]`; adjacent markers like `[1][2]` match one by one.
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

export function splitCitations(text: string, known?: ReadonlySet<number>): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const nums = (m[1] ?? "").split(",").map((s) => Number.parseInt(s.trim(), 10));
    if (known && !nums.every((n) => known.has(n))) continue; // not (yet) a known citation
    const start = m.index ?? 0;
    if (start > last) out.push({ kind: "text", text: text.slice(last, start) });
    for (const n of nums) out.push({ kind: "cite", n });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}
