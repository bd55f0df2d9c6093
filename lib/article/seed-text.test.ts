import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { inlineText } from "./model";
import { parseSeedText } from "./seed-text";

const seed = readFileSync(new URL("../../content/seed-article.txt", import.meta.url), "utf8");

/** The file's own lines between «شارك» and «مقالات ذات صلة», independent of the parser. */
function bodyLines(file: string): string[] {
  const lines = file.split(/\r?\n/).map((l) => l.trim());
  const start = lines.indexOf("شارك");
  const end = lines.indexOf("مقالات ذات صلة");
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start + 1, end).filter((l) => l !== "");
}

describe("parseSeedText on the seed article", () => {
  const parsed = parseSeedText(seed);

  it("reads the masthead credits", () => {
    expect(parsed.credits).toEqual([
      { role: "رئيس التحرير", name: "سراب حسان غانم" },
      { role: "مدير التحرير", name: "رماح اسماعيل" },
    ]);
  });

  it("reads the headline", () => {
    expect(parsed.title).toBe("ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق");
  });

  it("sees the share control and the related-articles trailer, outside the body", () => {
    expect(parsed.hasShare).toBe(true);
    expect(parsed.hasRelatedTrailer).toBe(true);
    const all = parsed.blocks.map((b) => (b.type === "paragraph" || b.type === "subheading" ? inlineText(b.children) : ""));
    expect(all).not.toContain("شارك");
    expect(all).not.toContain("مقالات ذات صلة");
  });

  it("finds exactly one subheading, «هروب الأسد», after the fifth paragraph", () => {
    const subheadings = parsed.blocks.flatMap((b, i) => (b.type === "subheading" ? [{ i, text: inlineText(b.children) }] : []));
    expect(subheadings).toEqual([{ i: 5, text: "هروب الأسد" }]);
  });

  it("keeps every paragraph character for character, in order", () => {
    const expected = bodyLines(seed).filter((l) => l !== "هروب الأسد");
    // 20 non-empty lines: 2 credits, headline, «شارك», 5 paragraphs, «هروب الأسد», 9 paragraphs, trailer.
    expect(expected).toHaveLength(14);
    const paragraphs = parsed.blocks.filter((b) => b.type === "paragraph");
    expect(paragraphs).toEqual(expected.map((value) => ({ type: "paragraph", children: [{ type: "text", value }] })));
    expect(parsed.blocks).toHaveLength(15);
  });

  it("reads CRLF files the same way", () => {
    expect(parseSeedText(seed.replace(/\r?\n/g, "\r\n"))).toEqual(parsed);
  });
});

describe("parseSeedText rules", () => {
  it("takes a headline even without credits, share control or trailer", () => {
    expect(parseSeedText("\uFEFF  عنوان الخبر  \n\nفقرة أولى من الخبر.\n")).toEqual({
      credits: [],
      title: "عنوان الخبر",
      blocks: [{ type: "paragraph", children: [{ type: "text", value: "فقرة أولى من الخبر." }] }],
      hasShare: false,
      hasRelatedTrailer: false,
    });
  });

  it("keeps a colon in the headline", () => {
    expect(parseSeedText("عاجل: خبر\nنص.").title).toBe("عاجل: خبر");
  });

  it("ends the body at the related-articles trailer", () => {
    const { blocks } = parseSeedText("عنوان\nنص.\nمقالات ذات صلة\nمقال آخر.");
    expect(blocks).toHaveLength(1);
  });

  it("treats short lines ending like sentences as paragraphs", () => {
    const { blocks } = parseSeedText("عنوان\nقصير\nقال:\nنعم.\nلماذا؟\nانتهى…\n«اقتباس»\nسطر طويل جداً بلا علامة ترقيم في آخره لكنه يتجاوز ثماني كلمات بكثير");
    expect(blocks.map((b) => b.type)).toEqual(["subheading", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph"]);
  });

  it("throws without a headline or without a body paragraph", () => {
    expect(() => parseSeedText("")).toThrow(/^لا عنوان بعد/);
    expect(() => parseSeedText("رئيس التحرير: فلان\n\n")).toThrow(/^لا عنوان بعد/);
    expect(() => parseSeedText("شارك\nنص.")).toThrow(/^لا عنوان بعد/);
    expect(() => parseSeedText("عنوان\nشارك\nمقالات ذات صلة")).toThrow(/^لا فقرة في متن/);
    expect(() => parseSeedText("عنوان\nعنوان فرعي")).toThrow(/^لا فقرة في متن/);
  });
});
