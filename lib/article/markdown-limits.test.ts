import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "./markdown";
import { checkMarkdownLimits, LIMIT_MESSAGES, MarkdownLimitError, MAX_BLOCK_DEPTH } from "./markdown-limits";
import type { Block, Inline } from "./model";
import { inlineText, MAX_INLINE_DEPTH } from "./model";

const MB = 1024 * 1024;
/** `unit` repeated to fill about half a megabyte (two halves and a word stay under the 1 MB body limit). */
const half = (unit: string) => unit.repeat(Math.floor((MB / 2 - 16) / unit.length));
const nestedEmphasis = (levels: number, mark = "*") => `${`${mark}a `.repeat(levels)}b${` c${mark}`.repeat(levels)}`;
const staircase = (levels: number) => Array.from({ length: levels }, (_, i) => `${" ".repeat(2 * i)}- a`).join("\n");

function inlineDepth(run: readonly Inline[]): number {
  let max = 0;
  for (const node of run) {
    if (node.type === "strong" || node.type === "emphasis" || node.type === "link") {
      max = Math.max(max, 1 + inlineDepth(node.children));
    }
  }
  return max;
}

function deepestInline(blocks: readonly Block[]): number {
  const runs = blocks.flatMap((b) =>
    b.type === "quote" ? b.paragraphs : b.type === "list" ? b.items : b.type === "image" ? [b.caption ?? []] : [b.children],
  );
  return Math.max(0, ...runs.map(inlineDepth));
}

/** The limit error a body gets, or undefined; the guard must refuse it before the parser runs. */
function refusal(source: string): string | undefined {
  try {
    checkMarkdownLimits(source);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(MarkdownLimitError);
    return (error as Error).message;
  }
}

describe("Markdown nesting limits", () => {
  it("accepts bodies nested exactly to the limits, and keeps their nesting", () => {
    expect(MAX_INLINE_DEPTH).toBe(16);
    const atLimit = [
      nestedEmphasis(16),
      nestedEmphasis(16, "_"),
      nestedEmphasis(16, "**"),
      `${"*".repeat(32)}a${"*".repeat(32)}`,
      `[${nestedEmphasis(15)}](https://example.com/)`,
    ];
    for (const source of atLimit) {
      expect(refusal(source)).toBeUndefined();
      expect(deepestInline(parseMarkdownArticle(source).blocks)).toBe(16);
    }
    for (const source of [`${"> ".repeat(8)}a`, `${"- ".repeat(8)}a`, staircase(8), "> - > - > - > - a"]) {
      expect(refusal(source)).toBeUndefined();
      expect(parseMarkdownArticle(source).blocks).toHaveLength(1);
    }
  });

  it("refuses one level deeper, before parsing, with a message naming the limit", () => {
    for (const source of [
      nestedEmphasis(17),
      nestedEmphasis(17, "_"),
      nestedEmphasis(17, "**"),
      `${"*".repeat(33)}a${"*".repeat(33)}`,
      `[${nestedEmphasis(16)}](https://example.com/)`,
    ]) {
      expect(refusal(source)).toBe(LIMIT_MESSAGES.inlineDepth);
      expect(() => parseMarkdownArticle(source)).toThrow(LIMIT_MESSAGES.inlineDepth);
    }
    for (const source of [`${"> ".repeat(9)}a`, `${">".repeat(9)} a`, `${"- ".repeat(9)}a`, `${"1. ".repeat(9)}a`, staircase(9), "> - > - > - > - > a"]) {
      expect(refusal(source)).toBe(LIMIT_MESSAGES.blockDepth);
    }
    expect(LIMIT_MESSAGES.inlineDepth).toContain("16");
    expect(LIMIT_MESSAGES.blockDepth).toContain(String(MAX_BLOCK_DEPTH));
  });

  it.each([
    ["a run of `*` around a word", `${half("*")}word${half("*")}`, LIMIT_MESSAGES.inlineDepth],
    ["a run of `_` around a word", `${half("_")}word${half("_")}`, LIMIT_MESSAGES.inlineDepth],
    ["nested emphasis runs", `${half("*a ")}b${half(" c*")}`, LIMIT_MESSAGES.unpaired],
    ["openers never closed, closers of the other mark", `${half("*a ")}b${half(" c_")}`, LIMIT_MESSAGES.unpaired],
    ["a run of `[`", "[".repeat(MB), LIMIT_MESSAGES.unpaired],
    ["balanced brackets", `${half("[")}a${half("]")}`, LIMIT_MESSAGES.unpaired],
    ["links around emphasis", `${half("[*")}w${half("*](/x)")}`, LIMIT_MESSAGES.unpaired],
    ["mixed marks", `${half("*_[")}w${half("]_*")}`, LIMIT_MESSAGES.unpaired],
    ["a run of `>`", `${">".repeat(MB - 2)} a`, LIMIT_MESSAGES.blockDepth],
    ["nested lists `- - - -`", `${"- ".repeat(MB / 2 - 4)}word`, LIMIT_MESSAGES.blockDepth],
    ["a staircase of indented lists", staircase(1000), LIMIT_MESSAGES.blockDepth],
    ["list items after nested lists", `${"- a\n  - b\n".repeat(300)}\n${"كلمة ".repeat(MB / 10)}`, LIMIT_MESSAGES.nestedItems],
    ["one paragraph dense with emphasis", "*a* ".repeat(MB / 4), LIMIT_MESSAGES.markWork],
    ["backtick runs of every length", Array.from({ length: 1400 }, (_, i) => "`".repeat(i + 1)).join("a"), LIMIT_MESSAGES.markWork],
    ["one-letter paragraphs", "a\n\n".repeat(MB / 3), LIMIT_MESSAGES.lines],
    ["a deep tail after ordinary text", `${"كلمة ".repeat(MB / 10)}\n\n${"*".repeat(40)}a${"*".repeat(40)}`, LIMIT_MESSAGES.inlineDepth],
  ])("refuses a 1 MB body of %s before parsing, in well under a second", (_name, source, message) => {
    const bytes = Buffer.byteLength(source);
    expect(bytes).toBeGreaterThan(MB * 0.8);
    expect(bytes).toBeLessThanOrEqual(MB);
    const started = performance.now();
    expect(() => parseMarkdownArticle(source)).toThrow(message);
    // The guard takes tens of milliseconds here; the parser took seconds to hours on these.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("does not mistake ordinary text for nesting", () => {
    const ordinary = [
      "*".repeat(60),
      "* * * * * * * * * * * * * * * * * * * *",
      "- - - - - - - - - - - - - - - - - - - -",
      "الاسم: ______________________________________ التوقيع: ____________________",
      "the file snake_case_name_with_many_parts_and_more_parts_here_and_there.txt",
      "5 * 3 * 2 * 1 = 30, and a footnote mark* or two** at word ends",
      `${"**عنوان** و_تأكيد_ و[رابط](https://example.com/) ".repeat(60)}`,
      "    code with *many* `*` and ***** stars **** inside an indented block",
    ];
    for (const source of ordinary) expect(refusal(source)).toBeUndefined();
    const article = `${"هذه **فقرة** عادية فيها _تأكيد_ و[رابط](https://example.com/x) وكلمات كثيرة أخرى. ".repeat(20)}\n\n`;
    expect(refusal(article.repeat(Math.floor(MB / article.length)))).toBeUndefined();
    expect(refusal(`${"- a\n  - b\n".repeat(150)}`)).toBeUndefined();
    expect(refusal("*a* ".repeat(MB / 4).replace(/(?:\*a\* ){200}/g, "$&\n\n"))).toBeUndefined();
  });

  it("counts marks that never pair, paragraph by paragraph", () => {
    expect(refusal(Array.from({ length: 60 }, (_, i) => "`".repeat(i + 1)).join("a"))).toBeUndefined();
    expect(refusal(Array.from({ length: 70 }, (_, i) => "`".repeat(i + 1)).join("a"))).toBe(LIMIT_MESSAGES.unpaired);
    expect(refusal("`code` and ``more code`` ".repeat(200))).toBeUndefined();
    expect(refusal("*a ".repeat(60))).toBeUndefined();
    expect(refusal("*a ".repeat(70))).toBe(LIMIT_MESSAGES.unpaired);
    expect(refusal("a* ".repeat(70))).toBe(LIMIT_MESSAGES.unpaired);
    expect(refusal(`${"*a ".repeat(60)}\n\n${"*a ".repeat(60)}`)).toBeUndefined();
  });
});

describe("recursive walks", () => {
  it("inlineText reads inline runs of any depth without overflowing the stack", () => {
    let run: Inline[] = [{ type: "text", value: "عمق" }];
    for (let i = 0; i < 100_000; i++) run = [{ type: i % 2 ? "strong" : "emphasis", children: run }, { type: "break" }];
    expect(inlineText(run)).toBe(`عمق${" ".repeat(100_000)}`);
  });
});
