import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "./markdown";
import { renderBlocks } from "./render-html";
import { sanitizeArticleHtml } from "./sanitize";
import { parseSeedText } from "./seed-text";
import { XSS_CASES, markupViolations } from "./xss-cases.fixture";

describe("sanitizeArticleHtml is the identity on the renderer's output", () => {
  it.each(XSS_CASES)("$name", ({ markdown }) => {
    const html = renderBlocks(parseMarkdownArticle(markdown).blocks);
    expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it("the seed article", () => {
    const seed = readFileSync(new URL("../../content/seed-article.txt", import.meta.url), "utf8");
    const html = renderBlocks(parseSeedText(seed).blocks);
    expect(html).toContain("<h2>هروب الأسد</h2>");
    expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it("pictures, first and later, held or not", () => {
    const src = "/media/0123456789abcdef0123456789abcdef";
    const image = { type: "image" as const, src, alt: 'صورة "x"', width: 1200, height: 800, placeholder: "data:image/webp;base64,UklGRg==" };
    for (const held of [undefined, () => false]) {
      const html = renderBlocks([image, { ...image, caption: [{ type: "text", value: "تعليق & 'y'" }] }], held ? { held } : {});
      expect(markupViolations(html)).toEqual([]);
      expect(sanitizeArticleHtml(html)).toBe(html);
    }
  });

  it("every block and inline type, with quotes and ampersands", () => {
    const html = renderBlocks(
      parseMarkdownArticle(
        `# "عنوان" & 'فرعي'\n\nنص **غامق** و*مائل* [رابط](https://example.com/?a=1&b='2') [بريد](mailto:a@b.c) [هاتف](tel:+963) [داخلي](/x#y)  \nسطر\n\n> اقتباس\n\n1. أ\n2. ب\n\n- ج\n\n![صورة "x" & 'y'](/i.png)\nتعليق`,
      ).blocks,
    );
    expect(markupViolations(html)).toEqual([]);
    expect(sanitizeArticleHtml(html)).toBe(html);
  });
});

describe("sanitizeArticleHtml strips what the renderer never emits", () => {
  it.each([
    ['<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"],
    ['<img src="x.png" onerror="alert(1)">', '<img src="x.png">'],
    ['<img src="/x.png" alt="" onerror="alert(1)" loading="eager">', '<img src="/x.png" alt="">'],
    ['<a href="javascript:alert(1)" onclick="x()">x</a>', "<a>x</a>"],
    ['<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="//evil.example" target="_blank">x</a>', "<a>x</a>"],
    ['<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d">', '<img alt="d">'],
    ['<img src="data:text/html;base64,PHN2Zz4=" alt="d">', '<img alt="d">'],
    ['<img class="media-ph x" src="data:image/webp;base64,UklGRg==" alt="">', '<img class="media-ph" src="data:image/webp;base64,UklGRg==" alt="">'],
    ['<source type="text/html" srcset="javascript:alert(1) 1w, /a.avif 2w" onerror="x">', '<source srcset="/a.avif 2w">'],
    ['<div class="media-frame evil" role="button" style="x" aria-label="a">x</div>', '<div class="media-frame" aria-label="a">x</div>'],
    ['<img src="mailto:a@b.c" alt="m">', '<img alt="m">'],
    ['<div style="x"><iframe src="https://e.example"></iframe><h1>t</h1><p class="c">p</p></div>', "<div>t<p>p</p></div>"],
    ["<svg onload=alert(1)><circle/></svg>ok", "ok"],
    ['<a href="/x" rel="opener">x</a>', '<a href="/x">x</a>'],
    ['<a href="https://e.example" rel="noopener noreferrer">x</a>', '<a href="https://e.example" rel="noopener noreferrer">x</a>'],
    ['<img src="/a.png" alt="a" loading="lazy" decoding="sync">', '<img src="/a.png" alt="a" loading="lazy">'],
  ])("%s", (input, expected) => {
    const out = sanitizeArticleHtml(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/<script|javascript:/i);
    expect(out.replace(/="[^"]*"/g, '=""')).not.toMatch(/\son\w+=/i);
  });
});
