import { describe, expect, it } from "vitest";
import { splitEmphasis } from "./emphasis";

describe("splitEmphasis", () => {
  it("marks **bold** runs and keeps the rest as text", () => {
    expect(splitEmphasis("tieni premuto **RESET** per **10 secondi**.")).toEqual([
      { strong: false, text: "tieni premuto " },
      { strong: true, text: "RESET" },
      { strong: false, text: " per " },
      { strong: true, text: "10 secondi" },
      { strong: false, text: "." },
    ]);
  });

  it("leaves unmatched or multi-line markers alone", () => {
    expect(splitEmphasis("a ** b")).toEqual([{ strong: false, text: "a ** b" }]);
    expect(splitEmphasis("**a\nb**")).toEqual([{ strong: false, text: "**a\nb**" }]);
  });

  it("never produces markup from the text", () => {
    expect(splitEmphasis("**<img src=x>**")).toEqual([{ strong: true, text: "<img src=x>" }]);
  });
});
