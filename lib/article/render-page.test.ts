import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Article, ArticleSummary, Block } from "./model";
import { ARABIC_WORDS_PER_MINUTE, readingTime, renderArticle, renderArticlePage, renderAuthorPage, renderByline, wordCount } from "./render-page";
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
    expect(html).toMatch(/<time [^>]*>1 كانون الثاني 2025، 09:00<\/time> <span class="text-muted">· <span data-reading-time>5 دقائق قراءة<\/span><\/span>/);
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

describe("bylines and corrections", () => {
  const base: Article = {
    id: "a2",
    slug: "s2",
    title: "مقال تجريبي",
    blocks: [paragraph("نص تجريبي")],
    publishedAt: "2024-12-08T06:30:00Z",
    updatedAt: "2024-12-09T10:05:00Z",
    revision: 3,
  };
  const ctx = { credits: [{ role: "رئيس التحرير", name: "اسم تجريبي" }], timeZone: "Asia/Damascus" };

  it("signs the article under the headline, each name a link to the author's page, the masthead credits still above", () => {
    const html = renderArticle({ ...base, authors: ["سعاد الأحمد", "كاتب <تجريبي>", "ثالث"] }, [], ctx);
    const h1 = html.indexOf("</h1>");
    const byline = html.indexOf("data-byline");
    expect(html.indexOf("اسم تجريبي")).toBeLessThan(html.indexOf("<h1"));
    expect(byline).toBeGreaterThan(h1);
    expect(byline).toBeLessThan(html.indexOf("<time"));
    expect(html).toContain(
      `بقلم <a class="font-bold text-ink hover:underline" rel="author" href="/authors/${encodeURIComponent("سعاد-الأحمد")}">سعاد الأحمد</a>، ` +
        `<a class="font-bold text-ink hover:underline" rel="author" href="/authors/${encodeURIComponent("كاتب-<تجريبي>")}">كاتب &lt;تجريبي&gt;</a>` +
        ` و<a class="font-bold text-ink hover:underline" rel="author" href="/authors/${encodeURIComponent("ثالث")}">ثالث</a></p>`,
    );
  });

  it("shows no byline for an article the masthead alone signs", () => {
    expect(renderArticle(base, [], ctx)).not.toContain("data-byline");
    expect(renderByline([])).toBe("");
  });

  it("dates the article and its last edit to the minute in the site's zone", () => {
    const html = renderArticle(base, [], ctx);
    expect(html).toContain('<time datetime="2024-12-08T06:30:00.000Z">8 كانون الأول 2024، 09:30</time>');
    expect(html).toContain('حُدِّث <time datetime="2024-12-09T10:05:00.000Z">9 كانون الأول 2024، 13:05</time>');
  });

  it("lists corrections under the body, oldest first, each with its day and time, escaped", () => {
    const html = renderArticle(
      {
        ...base,
        corrections: [
          { note: "صُحّح اسم المدينة <b>", at: "2024-12-08T07:00:00Z" },
          { note: "صُحّح التاريخ", at: "2024-12-09T10:05:00Z" },
        ],
      },
      [],
      ctx,
    );
    const notes = [...html.matchAll(/<li data-correction>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
    expect(notes).toEqual(["تصحيح: صُحّح اسم المدينة &lt;b&gt; (8 كانون الأول 2024، 10:00)", "تصحيح: صُحّح التاريخ (9 كانون الأول 2024، 13:05)"]);
    expect(html.indexOf("data-corrections")).toBeGreaterThan(html.indexOf("article-body"));
    expect(renderArticle(base, [], ctx)).not.toContain("data-correction");
  });

  it("renders an author's list with links to their other pages", () => {
    const item = { ...base, lede: "نص تجريبي", authors: ["سعاد الأحمد"] };
    const html = renderAuthorPage("سعاد الأحمد", [item], { page: 2, hasMore: true, timeZone: "Asia/Damascus", pathOf: (p) => `/authors/x?page=${p}` });
    expect(html).toContain("<h1 id=\"author-heading\" class=\"text-2xl font-bold\">مقالات سعاد الأحمد: الصفحة 2</h1>");
    expect(html).toContain('rel="prev" href="/authors/x?page=1"');
    expect(html).toContain('rel="next" href="/authors/x?page=3"');
    // Lists keep the date alone.
    expect(html).toContain(">8 كانون الأول 2024</time>");
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
