import { describe, expect, it } from "vitest";
import { ASSAD, AVOID, REVOLUTION } from "./articles.fixture";
import { highlightSnippet } from "./snippet";
import type { SnippetSegment } from "./snippet";

const marked = (segments: SnippetSegment[]): string[] => segments.filter((s) => s.match).map((s) => s.text);
const joined = (segments: SnippetSegment[]): string => segments.map((s) => s.text).join("");

describe("highlightSnippet", () => {
  it("marks the original words, diacritics and hamzas kept, for a folded query", () => {
    // The paragraph reads «وتجنّب»: the whole word is marked, و and shadda included.
    expect(marked(highlightSnippet(AVOID, "تجنب الاشتباكات"))).toEqual(["وتجنّب", "الاشتباكات"]);
  });

  it("marks a whole prefixed word and keeps its hamza", () => {
    const segments = highlightSnippet("وقال إن الأسد غادر، ثم والأسدُ وصل", "الاسد", 500);
    expect(marked(segments)).toEqual(["الأسد", "والأسدُ"]);
    expect(joined(segments)).toBe("وقال إن الأسد غادر، ثم والأسدُ وصل");
  });

  it("marks the word being typed by prefix", () => {
    expect(marked(highlightSnippet(REVOLUTION, "الثو"))).toEqual(["الثورة"]);
  });

  it("marks a quoted phrase as one run where its words follow each other, and nowhere else", () => {
    const text = "الأسد في موسكو، وتحدثت المصادر عن هروب الأسد ليلاً ثم عن هروب آخر";
    expect(marked(highlightSnippet(text, "«هروب الأسد»", 500))).toEqual(["هروب الأسد"]);
    expect(marked(highlightSnippet(text, '"هروب الأسد"', 500))).toEqual(["هروب الأسد"]);
    // Unquoted, each word wherever it is.
    expect(marked(highlightSnippet(text, "هروب الأسد", 500))).toEqual(["الأسد", "هروب", "الأسد", "هروب"]);
    expect(marked(highlightSnippet(ASSAD, "«الهارب بشار»"))).toEqual(["الهارب بشار"]);
  });

  it("does not run a phrase across a line break, as the index does not", () => {
    expect(marked(highlightSnippet("تفاصيل هروب\nالأسد", "«هروب الأسد»"))).toEqual([]);
  });

  it("marks no function word, not even one typed", () => {
    expect(marked(highlightSnippet("هروب الأسد من دمشق", "الأسد من"))).toEqual(["الأسد"]);
  });

  it("cuts around the first match at word boundaries with ellipses", () => {
    const segments = highlightSnippet(AVOID, "الحواجز", 80);
    const text = joined(segments);
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(82);
    expect(marked(segments)).toEqual(["الحواجز"]);
    // Every run between the ellipses is a verbatim slice of the paragraph.
    expect(AVOID.replace(/\s+/g, " ")).toContain(text.slice(1, -1));
  });

  it("spends the room before a match near the end of the text", () => {
    const text = joined(highlightSnippet(AVOID, "بالسكان", 80));
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("بالسكان.")).toBe(true);
    expect(text.length).toBeGreaterThan(60);
  });

  it("has no ellipsis when the whole text fits", () => {
    expect(highlightSnippet("هروب الأسد", "الأسد")).toEqual([
      { text: "هروب ", match: false },
      { text: "الأسد", match: true },
    ]);
  });

  it("shows the opening of the text when nothing matches", () => {
    const segments = highlightSnippet(AVOID, "ققققق", 60);
    expect(segments).toHaveLength(1);
    expect(segments[0]?.match).toBe(false);
    expect(segments[0]?.text.endsWith("…")).toBe(true);
    expect(AVOID.startsWith(segments[0]?.text.slice(0, -1) ?? "x")).toBe(true);
  });

  it("returns no segments for empty text", () => {
    expect(highlightSnippet("", "الأسد")).toEqual([]);
  });

  it("does not mark words that only share letters with the query", () => {
    // «الأسر» is not «الأسد»; «وولد» is و + «ولد», but «ولد» is not و + «لد».
    expect(marked(highlightSnippet("عادت الأسر وولد الطفل", "الأسد"))).toEqual([]);
    expect(marked(highlightSnippet("عادت الأسر وولد الطفل", "ولد"))).toEqual(["وولد"]);
    expect(marked(highlightSnippet("ولد الطفل", "لد "))).toEqual([]);
  });
});
