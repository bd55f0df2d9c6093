import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import {
  INDEX_FORMAT_VERSION,
  addOrReplace,
  createArticleIndex,
  has,
  highlightSnippet,
  indexedRevisions,
  loadIndex,
  loadIndexAsync,
  needsMoreLetters,
  remove,
  searchArticles,
  searchableDocument,
  serializeIndex,
} from "./article-index";
import type { ArticleIndex, SnippetSegment } from "./article-index";

const seedLines = readFileSync(new URL("../../content/seed-article.txt", import.meta.url), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "");
const seedParagraph = (containing: string): string => {
  const line = seedLines.find((l) => l.includes(containing));
  if (!line) throw new Error(`no seed paragraph with ${containing}`);
  return line;
};

// The paragraph with «تجنّب» and «بالسكان», the one with «الثورة», and the
// one with «الأسد»: the words the examples are about.
const AVOID = seedParagraph("تجنّب");
const REVOLUTION = seedParagraph("14 عاماً من الثورة");
const ASSAD = seedParagraph("الهارب بشار الأسد");

function article(
  id: string,
  title: string,
  paragraphs: string[],
  { publishedAt = "2024-12-08T08:00:00Z", revision = 1, summary }: { publishedAt?: string; revision?: number; summary?: string } = {},
): Article {
  return {
    id,
    slug: id,
    title,
    summary,
    blocks: paragraphs.map((value) => ({ type: "paragraph", children: [{ type: "text", value }] })),
    publishedAt,
    updatedAt: publishedAt,
    revision,
  };
}

function indexOf(...articles: Article[]): ArticleIndex {
  const index = createArticleIndex();
  for (const a of articles) addOrReplace(index, a);
  return index;
}

const ids = (index: ArticleIndex, query: string): string[] => searchArticles(index, query).map((hit) => hit.id);

const seed = article("seed", "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق", [REVOLUTION, AVOID, ASSAD]);

describe("searchableDocument", () => {
  it("joins the summary and every kind of block as plain text", () => {
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
      text: "ملخص المقال\nفقرة مهمة\nعنوان فرعي\nاقتباس\nبند أول\nبند ثان\nتعليق الصورة",
      publishedAt: "2024-12-08T08:00:00Z",
      revision: 1,
    });
  });
});

describe("searchArticles: folding and prefixes", () => {
  const index = indexOf(seed);

  it.each([
    ["hamza dropped", "الاسد"],
    ["shadda dropped", "تجنب"],
    ["ta marbuta typed as ha", "الثوره"],
    ["Arabic-Indic digits", "٢٠٢٤"],
    ["the headline", "فرار بشار"],
  ])("finds the seed paragraph: %s («%s»)", (_case, query) => {
    expect(ids(index, query)).toEqual(["seed"]);
  });

  it.each([
    ["ب + ال", "بالثورة"],
    ["و + ال", "والأسد"],
    ["ل + ال", "للسكان"],
    ["bare stem", "ثورة"],
  ])("matches a query word with an attached prefix: %s («%s»)", (_case, query) => {
    expect(ids(index, query)).toEqual(["seed"]);
  });

  it("finds a prefixed word in the text by its plain and stem forms", () => {
    const prefixed = indexOf(article("p", "خبر", ["خرجوا دعماً والثورة مستمرة وزيارة للبنان"]));
    expect(ids(prefixed, "الثوره")).toEqual(["p"]);
    expect(ids(prefixed, "ثورة")).toEqual(["p"]);
    expect(ids(prefixed, "لبنان")).toEqual(["p"]);
  });

  it("matches the word being typed by prefix", () => {
    expect(ids(index, "الثو")).toEqual(["seed"]);
    expect(ids(index, "هروب الأس")).toEqual(["seed"]);
    expect(searchArticles(index, "هروب الأس")[0]?.matchedWords).toBe(2);
  });

  it("matches a completed word (followed by a space) exactly, not by prefix", () => {
    expect(ids(index, "الثو ")).toEqual([]);
  });

  it("does not expand a bare article, an article and one letter, or a single letter", () => {
    // «ال» alone would match nearly every article; the reader has not typed the word yet.
    expect(ids(index, "ال")).toEqual([]);
    expect(ids(index, "الث")).toEqual([]);
    expect(ids(index, "بالس")).toEqual([]);
    expect(ids(index, "ث")).toEqual([]);
    expect(ids(index, "بالسك")).toEqual(["seed"]);
  });

  it("matches a word being typed after لل by both readings", () => {
    const lebanon = indexOf(article("l", "خبر", ["زيارة لبنان"]), article("s", "خبر", ["حاجات السكان"]));
    expect(ids(lebanon, "للبن")).toEqual(["l"]);
    expect(ids(lebanon, "للسك")).toEqual(["s"]);
  });

  it("tells a word still too short to expand from a word that matched nothing", () => {
    expect(needsMoreLetters("ال")).toBe(true);
    expect(needsMoreLetters("هروب بال")).toBe(true);
    expect(needsMoreLetters("الث")).toBe(true);
    expect(needsMoreLetters("ب")).toBe(true);
    expect(needsMoreLetters("با")).toBe(true);
    expect(needsMoreLetters("وا")).toBe(true);
    expect(needsMoreLetters("وب")).toBe(true);
    expect(needsMoreLetters("لا")).toBe(false);
    expect(needsMoreLetters("مط")).toBe(false);
    expect(needsMoreLetters("الثو")).toBe(false);
    expect(needsMoreLetters("ال ")).toBe(false);
    expect(needsMoreLetters("ققققق")).toBe(false);
    expect(needsMoreLetters("")).toBe(false);
  });

  it("does not match unrelated words by fuzziness", () => {
    // «الأسد» one letter away from «الأسر», «الأسى»: different words.
    const other = indexOf(article("x", "خبر", ["عادت الأسر إلى بيوتها"]));
    expect(ids(other, "الأسد")).toEqual([]);
  });

  it("returns nothing for nonsense, empty or punctuation-only queries", () => {
    expect(searchArticles(index, "ققققق")).toEqual([]);
    expect(searchArticles(index, "")).toEqual([]);
    expect(searchArticles(index, "  ،؟!  ")).toEqual([]);
  });

  it("honours the limit", () => {
    const many = indexOf(...Array.from({ length: 5 }, (_, i) => article(`m${i}`, "خبر", ["دمشق"])));
    expect(searchArticles(many, "دمشق", { limit: 2 })).toHaveLength(2);
    expect(searchArticles(many, "دمشق")).toHaveLength(5);
  });
});

describe("searchArticles: ranking", () => {
  it("puts a headline match before a body match, even an older one", () => {
    const index = indexOf(
      article("body", "أخبار اليوم", ["تحدث التقرير عن الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("title", "هروب الأسد", ["تقرير"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    const hits = searchArticles(index, "الأسد");
    expect(hits.map((h) => h.id)).toEqual(["title", "body"]);
    expect(hits.map((h) => h.titleMatch)).toEqual([true, false]);
  });

  it("puts more matched words first and still shows partial matches", () => {
    const index = indexOf(
      article("one", "خبر", ["وصل الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("two", "خبر", ["تفاصيل هروب الأسد"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    const hits = searchArticles(index, "هروب الأسد");
    expect(hits.map((h) => [h.id, h.matchedWords])).toEqual([
      ["two", 2],
      ["one", 1],
    ]);
  });

  it("puts an article matching every word before a headline matching only some", () => {
    const index = indexOf(
      article("partial-title", "الأسد", ["لا شيء آخر"]),
      article("all-in-body", "خبر", ["تفاصيل هروب الأسد"]),
    );
    expect(ids(index, "هروب الأسد")).toEqual(["all-in-body", "partial-title"]);
    // Among articles matching every word, the headline still wins.
    const both = indexOf(
      article("body", "خبر", ["هروب الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("title", "هروب", ["الأسد"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    expect(ids(both, "هروب الأسد")).toEqual(["title", "body"]);
  });

  it("puts the newest first when everything else ties", () => {
    const index = indexOf(
      article("old", "خبر", ["دمشق"], { publishedAt: "2024-01-01T00:00:00Z" }),
      article("new", "خبر", ["دمشق"], { publishedAt: "2024-12-31T00:00:00Z" }),
      article("mid", "خبر", ["دمشق"], { publishedAt: "2024-06-01T00:00:00Z" }),
    );
    expect(ids(index, "دمشق")).toEqual(["new", "mid", "old"]);
  });

  it("counts a repeated query word once", () => {
    const index = indexOf(article("a", "خبر", ["دمشق"]));
    expect(searchArticles(index, "دمشق دمشق")[0]?.matchedWords).toBe(1);
  });
});

describe("incremental updates", () => {
  it("replaces an edited article: old words stop matching, new ones match", () => {
    const index = indexOf(article("e", "خبر", ["تحرير سجن صيدنايا"], { revision: 1 }));
    expect(ids(index, "صيدنايا")).toEqual(["e"]);
    expect(addOrReplace(index, article("e", "خبر", ["اقتحام حي المالكي"], { revision: 2 }))).toBe("replaced");
    expect(ids(index, "صيدنايا")).toEqual([]);
    expect(ids(index, "المالكي")).toEqual(["e"]);
    expect(index.documentCount).toBe(1);
  });

  it("skips a re-sync of the revision already indexed", () => {
    const index = indexOf(article("e", "خبر", ["دمشق"], { revision: 3 }));
    expect(addOrReplace(index, article("e", "خبر", ["دمشق"], { revision: 3 }))).toBe("unchanged");
    expect(addOrReplace(index, article("n", "خبر", ["حمص"]))).toBe("added");
  });

  it("removes a withdrawn article", () => {
    const index = indexOf(article("w", "خبر", ["دمشق"]), article("k", "خبر", ["دمشق"]));
    expect(remove(index, "w")).toBe(true);
    expect(has(index, "w")).toBe(false);
    expect(has(index, "k")).toBe(true);
    expect(ids(index, "دمشق")).toEqual(["k"]);
    expect(remove(index, "w")).toBe(false);
    expect(remove(index, "never-there")).toBe(false);
  });

  it("lists the indexed ids and revisions, for reconciling with the store", () => {
    const index = indexOf(article("a", "خبر", ["دمشق"], { revision: 2 }), article("b", "خبر", ["حمص"]));
    remove(index, "b");
    expect(indexedRevisions(index)).toEqual(new Map([["a", 2]]));
  });

  it("survives many edits and removals (vacuuming)", async () => {
    const index = createArticleIndex();
    for (let i = 0; i < 60; i++) addOrReplace(index, article(`v${i}`, "خبر", [`دمشق كلمة${i}`]));
    for (let i = 0; i < 60; i++) addOrReplace(index, article(`v${i}`, "خبر", [`حمص كلمة${i}`], { revision: 2 }));
    for (let i = 0; i < 30; i++) remove(index, `v${i}`);
    await index.vacuum();
    expect(index.dirtCount).toBe(0);
    expect(ids(index, "دمشق")).toEqual([]);
    expect(searchArticles(index, "حمص", { limit: 100 })).toHaveLength(30);
  });
});

describe("serialization", () => {
  it("round-trips, and the loaded index keeps updating", () => {
    const index = indexOf(seed, article("gone", "خبر", ["دمشق"]), article("other", "هروب الأسد", ["دمشق"]));
    remove(index, "gone");
    const json = serializeIndex(index);
    expect(JSON.parse(json)).toMatchObject({ format: INDEX_FORMAT_VERSION });

    const loaded = loadIndex(json);
    expect(loaded).toBeDefined();
    if (!loaded) return;
    for (const query of ["الاسد", "تجنب", "الثوره", "دمشق", "الثو"]) {
      expect(searchArticles(loaded, query), query).toEqual(searchArticles(index, query));
    }
    expect(has(loaded, "gone")).toBe(false);
    addOrReplace(loaded, article("fresh", "خبر", ["اللاذقية"]));
    expect(ids(loaded, "اللاذقية")).toEqual(["fresh"]);
    expect(loadIndex(JSON.parse(json))).toBeDefined();
  });

  it("loads without blocking, with the same checks", async () => {
    const json = serializeIndex(indexOf(seed));
    const loaded = await loadIndexAsync(json);
    expect(loaded && ids(loaded, "تجنب")).toEqual(["seed"]);
    expect(await loadIndexAsync("{")).toBeUndefined();
    expect(await loadIndexAsync(json.replace(`"format":${INDEX_FORMAT_VERSION}`, '"format":0'))).toBeUndefined();
  });

  it("rejects an index of another format version or folding", () => {
    const stored = JSON.parse(serializeIndex(indexOf(seed))) as Record<string, unknown>;
    expect(loadIndex(JSON.stringify({ ...stored, format: INDEX_FORMAT_VERSION - 1 }))).toBeUndefined();
    expect(loadIndex(JSON.stringify({ ...stored, format: undefined }))).toBeUndefined();
    expect(loadIndex(JSON.stringify({ ...stored, fold: "00000000" }))).toBeUndefined();
  });

  it.each([
    ["not JSON", "not json"],
    ["truncated", serializeIndex(indexOf(seed)).slice(0, 200)],
    ["null", "null"],
    ["an array", "[]"],
    ["an empty object", "{}"],
    ["undefined", undefined],
  ])("returns undefined for a corrupt index: %s", (_case, stored) => {
    expect(loadIndex(stored)).toBeUndefined();
  });

  it("returns undefined when the MiniSearch data inside is damaged", () => {
    const stored = JSON.parse(serializeIndex(indexOf(seed))) as { index: Record<string, unknown> };
    expect(loadIndex({ ...stored, index: { ...stored.index, index: "oops" } })).toBeUndefined();
    expect(loadIndex({ ...stored, index: { ...stored.index, serializationVersion: 99 } })).toBeUndefined();
    expect(loadIndex({ ...stored, index: null })).toBeUndefined();
  });
});

describe("highlightSnippet", () => {
  const marked = (segments: SnippetSegment[]): string[] => segments.filter((s) => s.match).map((s) => s.text);
  const joined = (segments: SnippetSegment[]): string => segments.map((s) => s.text).join("");

  it("marks the original words, diacritics and hamzas kept, for a folded query", () => {
    // The paragraph reads «وتجنّب»: the whole word is marked, و and shadda included.
    const segments = highlightSnippet(AVOID, "تجنب الاشتباكات");
    expect(marked(segments)).toEqual(["وتجنّب", "الاشتباكات"]);
  });

  it("marks a whole prefixed word and keeps its hamza", () => {
    const segments = highlightSnippet("وقال إن الأسد غادر، ثم والأسدُ وصل", "الاسد", 500);
    expect(marked(segments)).toEqual(["الأسد", "والأسدُ"]);
    expect(joined(segments)).toBe("وقال إن الأسد غادر، ثم والأسدُ وصل");
  });

  it("marks the word being typed by prefix", () => {
    expect(marked(highlightSnippet(REVOLUTION, "الثو"))).toEqual(["الثورة"]);
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
    const segments = highlightSnippet("هروب الأسد", "الأسد");
    expect(segments).toEqual([
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
