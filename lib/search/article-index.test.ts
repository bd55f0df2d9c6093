import { describe, expect, it } from "vitest";
import { ArticleIndex, BREAK, decodeTokens, encodeTokens } from "./article-index";
import { article, ids, indexOf } from "./articles.fixture";
import { searchableDocument } from "./document";
import { parseQuery } from "./query";

describe("searchableDocument", () => {
  it("keeps the summary and every kind of block as plain text, part by part", () => {
    const doc = searchableDocument({
      ...article("a", "عنوان", []),
      summary: "ملخص المقال",
      blocks: [
        { type: "paragraph", children: [{ type: "text", value: "فقرة " }, { type: "strong", children: [{ type: "text", value: "مهمة" }] }] },
        { type: "subheading", children: [{ type: "text", value: "عنوان فرعي" }] },
        { type: "quote", paragraphs: [[{ type: "text", value: "اقتباس" }]] },
        { type: "list", ordered: false, items: [[{ type: "text", value: "بند أول" }], [{ type: "text", value: "بند ثان" }]] },
        { type: "image", src: "/a.jpg", alt: "نص بديل", caption: [{ type: "text", value: "تعليق الصورة" }] },
        { type: "image", src: "/b.jpg", alt: "بلا تعليق" },
      ],
    });
    expect(doc).toEqual({
      id: "a",
      title: "عنوان",
      parts: ["ملخص المقال", "فقرة مهمة", "عنوان فرعي", "اقتباس", "بند أول\nبند ثان", "تعليق الصورة"],
      publishedAt: "2024-12-08T08:00:00Z",
      revision: 1,
    });
  });
});

describe("token varints", () => {
  it("round-trip ids of every size, and refuse bytes that end inside a token", () => {
    const tokens = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 4_000_000_000];
    const bytes = encodeTokens(tokens);
    const out = new Uint32Array(tokens.length);
    expect(decodeTokens(bytes, out)).toBe(tokens.length);
    expect([...out]).toEqual(tokens);
    expect(decodeTokens(bytes.subarray(0, bytes.length - 1), new Uint32Array(tokens.length))).toBe(-1);
    expect(decodeTokens(bytes, new Uint32Array(2))).toBe(-1);
  });
});

describe("ArticleIndex", () => {
  it("keeps each article's words in order, the headline first, each part closed by a break", () => {
    const index = indexOf(article("a", "هروب الأسد", ["وصل موسكو", "ليلا"]));
    const doc = index.document(0);
    expect(doc?.titleLength).toBe(2);
    expect([...(doc?.tokens ?? [])].map((id) => (id === BREAK ? "|" : index.token(id)))).toEqual([
      "هروب",
      "الاسد",
      "|",
      "وصل",
      "موسكو",
      "|",
      "ليلا",
      "|",
    ]);
  });

  it("replaces an edited article: old words stop matching, new ones match", () => {
    const index = indexOf(article("e", "خبر", ["تحرير سجن صيدنايا"], { revision: 1 }));
    expect(ids(index, "صيدنايا")).toEqual(["e"]);
    expect(index.addOrReplace(article("e", "خبر", ["اقتحام حي المالكي"], { revision: 2 }))).toBe("replaced");
    expect(ids(index, "صيدنايا")).toEqual([]);
    expect(ids(index, "المالكي")).toEqual(["e"]);
    expect(index.size).toBe(1);
  });

  it("skips a re-sync of the revision already indexed", () => {
    const index = indexOf(article("e", "خبر", ["دمشق"], { revision: 3 }));
    expect(index.addOrReplace(article("e", "خبر", ["دمشق"], { revision: 3 }))).toBe("unchanged");
    expect(index.addOrReplace(article("n", "خبر", ["حمص"]))).toBe("added");
  });

  it("removes a withdrawn article", () => {
    const index = indexOf(article("w", "خبر", ["دمشق"]), article("k", "خبر", ["دمشق"]));
    expect(index.remove("w")).toBe(true);
    expect(index.has("w")).toBe(false);
    expect(index.has("k")).toBe(true);
    expect(ids(index, "دمشق")).toEqual(["k"]);
    expect(index.remove("w")).toBe(false);
    expect(index.remove("never-there")).toBe(false);
  });

  it("lists the held ids and revisions, for reconciling with the library", () => {
    const index = indexOf(article("a", "خبر", ["دمشق"], { revision: 2 }), article("b", "خبر", ["حمص"]));
    index.remove("b");
    expect(index.revisions()).toEqual(new Map([["a", 2]]));
    expect(index.revisionOf("a")).toBe(2);
    expect(index.revisionOf("b")).toBeUndefined();
  });

  it("searches the same before and after its postings are packed, and keeps taking articles after", () => {
    const index = new ArticleIndex();
    for (let i = 0; i < 40; i++) index.addOrReplace(article(`v${i}`, "خبر", [`دمشق كلمة${i}`]));
    for (let i = 0; i < 20; i++) index.addOrReplace(article(`v${i}`, "خبر", [`حمص كلمة${i}`], { revision: 2 }));
    const before = ["دمشق", "حمص", "كلمة3", "كلم"].map((q) => ids(index, q));
    index.compact();
    expect(["دمشق", "حمص", "كلمة3", "كلم"].map((q) => ids(index, q))).toEqual(before);
    index.addOrReplace(article("fresh", "خبر", ["اللاذقية"]));
    expect(ids(index, "اللاذ")).toEqual(["fresh"]);
  });

  it("finds a word's tokens with particles attached, exactly or by the prefix being typed", () => {
    const index = indexOf(article("p", "خبر", ["والثورة مستمرة وبالثورة تحررت ثورات للبنان"]));
    const tokens = (query: string) =>
      [...index.matchTokens(parseQuery(query).units[0]!.words[0]!)].map(([id, exact]) => `${index.token(id)}${exact ? "" : "…"}`).sort();
    expect(tokens("الثورة ")).toEqual(["والثوره", "وبالثوره"]);
    expect(tokens("ثور")).toEqual(["ثورات…", "والثوره…", "وبالثوره…"]);
    expect(tokens("لبنان ")).toEqual(["للبنان"]);
  });
});
