import { describe, expect, it } from "vitest";
import type { Article, Inline } from "./model";
import { MAX_INLINE_DEPTH } from "./model";
import { READ_MAX_DEPTH, readArticle } from "./read";
import { readFeedPage } from "@/lib/feed/feed-page";

const instant = "2025-01-01T09:00:00.000Z";
const article = (overrides: Record<string, unknown> = {}): Article & Record<string, unknown> => ({
  id: "id-1",
  slug: "test-1",
  title: "مقال تجريبي",
  summary: "ملخص تجريبي",
  section: "قسم تجريبي",
  blocks: [{ type: "paragraph", children: [{ type: "text", value: "نص تجريبي" }] }],
  publishedAt: instant,
  updatedAt: instant,
  revision: 1,
  ...overrides,
});

/** Emphasis nested `depth` deep around a word, built without recursion. */
function nested(depth: number): Inline {
  let node: Inline = { type: "text", value: "كلمة" };
  for (let i = 0; i < depth; i++) node = { type: "emphasis", children: [node] };
  return node;
}

describe("readArticle", () => {
  it("reads a well-formed article as it is", () => {
    expect(readArticle(article())).toEqual(article());
  });

  it("ignores fields it does not know, at every level, and keeps none of them", () => {
    const newer = article({
      kicker: "حقل من إصدار أحدث",
      blocks: [{ type: "paragraph", align: "start", children: [{ type: "text", value: "نص", lang: "ar" }] }],
    });
    expect(readArticle(newer)).toEqual(article({ blocks: [{ type: "paragraph", children: [{ type: "text", value: "نص" }] }] }));
  });

  it("skips block and inline types it does not know, keeping the rest", () => {
    const newer = article({
      blocks: [
        { type: "video", src: "/v.mp4" },
        { type: "paragraph", children: [{ type: "text", value: "أ" }, { type: "footnote", n: 1 }, { type: "break" }] },
        "not a block",
        null,
      ],
    });
    expect(readArticle(newer)?.blocks).toEqual([{ type: "paragraph", children: [{ type: "text", value: "أ" }, { type: "break" }] }]);
  });

  it("drops optional fields of the wrong type rather than the article", () => {
    expect(readArticle(article({ summary: 5, section: null }))).toEqual(
      (({ summary: _s, section: _c, ...rest }) => rest)(article()),
    );
  });

  it.each([
    ["no title", { title: "" }],
    ["a title that is not text", { title: 7 }],
    ["a slug that is not one", { slug: "Not A Slug" }],
    ["an id too long", { id: "x".repeat(65) }],
    ["a six-digit year", { publishedAt: "+010000-01-01T00:00:00.000Z" }],
    ["a negative year", { updatedAt: "-000001-12-31T21:00:00.000Z" }],
    ["no offset", { publishedAt: "2025-01-01T09:00:00" }],
    ["a date that is no date", { publishedAt: "2025-13-45T99:00:00Z" }],
    ["revision zero", { revision: 0 }],
    ["a fractional revision", { revision: 1.5 }],
    ["blocks that are not a list", { blocks: {} }],
  ])("cannot read an article with %s", (_name, overrides) => {
    expect(readArticle(article(overrides))).toBeUndefined();
  });

  it("reads the deepest nesting publishing allows, and refuses a deeper one than any reader walks, without overflowing", () => {
    const allowed = article({ blocks: [{ type: "paragraph", children: [nested(MAX_INLINE_DEPTH)] }] });
    expect(readArticle(allowed)).toEqual(allowed);
    for (const depth of [READ_MAX_DEPTH + 1, 100_000]) {
      const deep = article({ blocks: [{ type: "quote", paragraphs: [[nested(depth)]] }] });
      expect(readArticle(deep)).toBeUndefined();
    }
  });
});

describe("reading bylines and corrections", () => {
  const correction = { note: "صُحّح اسم المدينة", at: "2025-01-02T09:00:00.000Z" };

  it("reads a byline and corrections as sent", () => {
    const full = article({ authors: ["سعاد الأحمد", "كاتب تجريبي"], corrections: [correction] });
    expect(readArticle(full)).toEqual(full);
  });

  it.each([
    ["a string", "سعاد الأحمد"],
    ["a list with a number", ["سعاد الأحمد", 7]],
    ["an empty name", ["سعاد الأحمد", " "]],
    ["an empty list", []],
    ["a name of 10,000 characters", ["س".repeat(10_000)]],
  ])("shows the article without a byline when authors is %s", (_what, authors) => {
    expect(readArticle(article({ authors }))).toEqual(article());
  });

  it("keeps the corrections it can show and the article whatever the others are", () => {
    const read = readArticle(
      article({ corrections: [correction, { note: "بلا وقت" }, { note: 3, at: correction.at }, "نص", { note: "تصحيح ثانٍ", at: "2025-01-03T09:00:00Z", by: "x" }] }),
    );
    expect(read?.corrections).toEqual([correction, { note: "تصحيح ثانٍ", at: "2025-01-03T09:00:00Z" }]);
    expect(readArticle(article({ corrections: "صُحّح" }))).toEqual(article());
    expect(readArticle(article({ corrections: [{ note: "بلا وقت" }] }))).toEqual(article());
  });
});

describe("reading pictures", () => {
  const src = "/media/0123456789abcdef0123456789abcdef";
  const placeholder = "data:image/webp;base64,UklGRg==";

  it("keeps a picture's size and placeholder, and reads pictures stored before they had any", () => {
    const sized = { type: "image", src, alt: "صورة", width: 1200, height: 800, placeholder };
    expect(readArticle(article({ blocks: [sized] }))?.blocks).toEqual([sized]);
    expect(readArticle(article({ blocks: [{ type: "image", src, alt: "قديمة" }] }))?.blocks).toEqual([{ type: "image", src, alt: "قديمة" }]);
  });

  it.each([
    [{ width: 1200 }, {}],
    [{ width: "1200", height: 800 }, {}],
    [{ width: 0, height: 800 }, {}],
    [{ width: 1.5, height: 800 }, {}],
    [{ width: 1200, height: 800, placeholder: "javascript:alert(1)" }, { width: 1200, height: 800 }],
    [{ placeholder: "data:image/svg+xml;base64,PHN2Zz4=" }, {}],
    [{ placeholder: `data:image/webp;base64,${"A".repeat(4096)}` }, {}],
  ])("drops unsound picture fields %j, keeping the picture", (fields, kept) => {
    const read = readArticle(article({ blocks: [{ type: "image", src, alt: "صورة", ...fields }] }));
    expect(read?.blocks).toEqual([{ type: "image", src, alt: "صورة", ...kept }]);
  });
});

describe("readFeedPage", () => {
  const page = (articles: unknown[], deleted: unknown[] = []) => ({ articles, deleted, cursor: "abc", hasMore: false });

  it("skips and counts the entries it cannot read, never the page", () => {
    const read = readFeedPage(page([article(), article({ title: "" }), 42, article({ id: "id-2", slug: "test-2" })], ["gone", 7, ""]));
    expect(read?.page.articles.map((a) => a.id)).toEqual(["id-1", "id-2"]);
    expect(read?.page.deleted).toEqual(["gone"]);
    expect(read?.skipped).toBe(4);
  });

  it("ignores fields a newer server adds to the page", () => {
    const read = readFeedPage({ ...page([article()]), serverVersion: 2, next: { hint: true } });
    expect(read).toEqual({ page: page([article()]), skipped: 0 });
  });

  it.each([
    ["not an object", []],
    ["no cursor", { articles: [], deleted: [], hasMore: false }],
    ["an empty cursor", { articles: [], deleted: [], cursor: "", hasMore: false }],
    ["no hasMore", { articles: [], deleted: [], cursor: "abc" }],
    ["articles that are not a list", { articles: {}, deleted: [], cursor: "abc", hasMore: false }],
  ])("cannot read a page with %s", (_name, value) => {
    expect(readFeedPage(value)).toBeUndefined();
  });
});
