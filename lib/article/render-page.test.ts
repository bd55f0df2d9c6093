import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Article, ArticleSummary, Block } from "./model";
import { ARABIC_WORDS_PER_MINUTE, readingTime, renderArticle, renderArticlePage, wordCount } from "./render-page";
import { parseSeedText } from "./seed-text";

const words = (n: number) => Array.from({ length: n }, () => "كلمة").join(" ");
const paragraph = (text: string): Block => ({ type: "paragraph", children: [{ type: "text", value: text }] });

describe("wordCount", () => {
  it("counts what a reader reads: paragraphs, subheadings, quotes, lists, captions, not image addresses", () => {
    const blocks: Block[] = [
      paragraph("  كلمتان   هنا "),
      { type: "subheading", children: [{ type: "strong", children: [{ type: "text", value: "عنوان فرعي" }] }] },
      { type: "quote", paragraphs: [[{ type: "text", value: "قال" }], [{ type: "text", value: "ثم" }, { type: "break" }, { type: "text", value: "مضى" }]] },
      { type: "list", ordered: false, items: [[{ type: "text", value: "أول" }], [{ type: "link", href: "https://example.com/a b", children: [{ type: "text", value: "ثانٍ" }] }]] },
      { type: "image", src: "https://example.com/x.jpg", alt: "وصف لا يقرأ", caption: [{ type: "text", value: "تعليق الصورة" }] },
      { type: "image", src: "https://example.com/y.jpg", alt: "بلا تعليق" },
    ];
    expect(wordCount(blocks)).toBe(2 + 2 + 3 + 2 + 2);
  });
});

describe("readingTime", () => {
  it.each([
    [0, "دقيقة قراءة"],
    [ARABIC_WORDS_PER_MINUTE, "دقيقة قراءة"],
    [2 * ARABIC_WORDS_PER_MINUTE, "دقيقتا قراءة"],
    [5 * ARABIC_WORDS_PER_MINUTE + 10, "5 دقائق قراءة"],
    [12 * ARABIC_WORDS_PER_MINUTE, "12 دقيقة قراءة"],
  ])("%i words → %s", (n, phrase) => {
    expect(readingTime(n ? [paragraph(words(n))] : [])).toBe(phrase);
  });

  it("gives the seed article its minutes", () => {
    const seed = parseSeedText(readFileSync(path.resolve(import.meta.dirname, "../../content/seed-article.txt"), "utf8"));
    expect(wordCount(seed.blocks)).toBeGreaterThan(400);
    expect(readingTime(seed.blocks)).toBe("3 دقائق قراءة");
  });
});

describe("renderArticle", () => {
  const article: Article = {
    id: "a1",
    slug: "s",
    title: "عنوان",
    blocks: [paragraph(words(700))],
    publishedAt: "2025-01-01T09:00:00+03:00",
    updatedAt: "2025-01-01T09:00:00+03:00",
    revision: 1,
  };

  it("puts the reading time on the date line, for the server page and the worker's offline page alike", () => {
    const html = renderArticle(article, [], { credits: [], timeZone: "Asia/Damascus" });
    expect(html).toMatch(/<time [^>]*>1 كانون الثاني 2025<\/time> <span class="text-muted">· <span data-reading-time>5 دقائق قراءة<\/span><\/span>/);
  });

  it("links the section's name to the section's page, the name escaped and its address encoded", () => {
    const html = renderArticle({ ...article, section: `ثقافة/فنون & "نقد"` }, [], { credits: [], timeZone: "Asia/Damascus" });
    expect(html).toContain(
      `<a class="hover:underline" href="/sections/%D8%AB%D9%82%D8%A7%D9%81%D8%A9%2F%D9%81%D9%86%D9%88%D9%86%20%26%20%22%D9%86%D9%82%D8%AF%22">ثقافة/فنون &amp; &quot;نقد&quot;</a>`,
    );
    expect(renderArticle(article, [], { credits: [], timeZone: "Asia/Damascus" })).not.toContain("/sections/");
  });

  it("sizes the headline with the reader's text size", () => {
    const html = renderArticle(article, [], { credits: [], timeZone: "Asia/Damascus" });
    expect(/<h1 class="([^"]*)"/.exec(html)?.[1]).toContain("var(--reader-scale,1)");
  });
});

describe("renderArticlePage for a section", () => {
  const item: ArticleSummary = {
    id: "a1",
    slug: "test-1",
    title: "مقال تجريبي",
    section: "اقتصاد",
    lede: "نص تجريبي.",
    publishedAt: "2025-01-01T09:00:00+03:00",
    updatedAt: "2025-01-01T09:00:00+03:00",
    revision: 1,
  };

  it("heads the list with the section's name and pages at the section's own address", () => {
    const first = renderArticlePage([item], { page: 1, hasMore: true, timeZone: "Asia/Damascus", section: { name: "اقتصاد" } });
    expect(first).toContain(">اقتصاد</h1>");
    expect(first).toContain('<a rel="next" href="/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF?page=2"');
    expect(first).not.toContain('rel="prev"');
    // The home page's «تابع القراءة» belongs to the home page only.
    expect(first).not.toContain("data-continue-reading");
    const third = renderArticlePage([item], { page: 3, hasMore: false, timeZone: "Asia/Damascus", section: { name: "اقتصاد" } });
    expect(third).toContain(">اقتصاد: الصفحة 3</h1>");
    expect(third).toContain('<a rel="prev" href="/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF?page=2"');
    expect(third).not.toContain('rel="next"');
  });
});
