import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "./markdown";
import type { Block } from "./model";
import { escapeHtml, renderBlocks } from "./render-html";
import { XSS_CASES, markupViolations } from "./xss-cases.fixture";

const text = (value: string) => ({ type: "text" as const, value });
const ID = "0123456789abcdef0123456789abcdef";
const M = `/media/${ID}`;
const PH = "data:image/webp;base64,UklGRg==";
const SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";

describe("escapeHtml", () => {
  it("escapes the five characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("renderBlocks", () => {
  it("renders every block and inline type", () => {
    const blocks: Block[] = [
      { type: "paragraph", children: [text("a "), { type: "strong", children: [text("b")] }, { type: "break" }, { type: "emphasis", children: [text("c")] }] },
      { type: "subheading", children: [text("عنوان")] },
      { type: "quote", paragraphs: [[text("q1")], [text("q2")]] },
      { type: "list", ordered: false, items: [[text("u")]] },
      { type: "list", ordered: true, items: [[text("o1")], [text("o2")]] },
      { type: "image", src: `/media/${ID}`, alt: "", caption: [text("cap")], width: 500, height: 400, placeholder: PH },
      { type: "image", src: `/media/${ID}`, alt: "ثانية", width: 320, height: 200 },
      { type: "image", src: "https://cdn.example/i.png", alt: "alt" },
      {
        type: "paragraph",
        children: [
          { type: "link", href: "https://example.com", children: [text("ext")] },
          { type: "link", href: "/articles/x", children: [text("int")] },
          { type: "link", href: "mailto:a@b.c", children: [text("mail")] },
        ],
      },
    ];
    expect(renderBlocks(blocks)).toBe(
      [
        "<p>a <strong>b</strong><br><em>c</em></p>",
        "<h2>عنوان</h2>",
        "<blockquote><p>q1</p><p>q2</p></blockquote>",
        "<ul><li>u</li></ul>",
        "<ol><li>o1</li><li>o2</li></ol>",
        '<figure class="media"><div class="media-frame">' +
          `<img class="media-ph" src="${PH}" alt="" aria-hidden="true" width="500" height="400"><picture>` +
          `<source type="image/avif" srcset="${M}/320.avif 320w, ${M}/500.avif 500w" sizes="${SIZES}">` +
          `<source type="image/webp" srcset="${M}/320.webp 320w, ${M}/500.webp 500w" sizes="${SIZES}">` +
          `<img src="${M}/500.jpg" srcset="${M}/320.jpg 320w, ${M}/500.jpg 500w" sizes="${SIZES}" width="500" height="400" alt="" decoding="async" fetchpriority="high">` +
          "</picture></div><figcaption>cap</figcaption></figure>",
        '<figure class="media"><div class="media-frame"><picture>' +
          `<source type="image/avif" srcset="${M}/320.avif 320w" sizes="${SIZES}">` +
          `<source type="image/webp" srcset="${M}/320.webp 320w" sizes="${SIZES}">` +
          `<img src="${M}/320.jpg" srcset="${M}/320.jpg 320w" sizes="${SIZES}" width="320" height="200" alt="ثانية" loading="lazy" decoding="async">` +
          "</picture></div></figure>",
        // Not the site's (stored before pictures were uploaded): its space and description, never a broken image.
        '<figure class="media"><div class="media-frame media-empty" role="img" aria-label="alt"></div></figure>',
        '<p><a href="https://example.com" rel="noopener noreferrer">ext</a><a href="/articles/x">int</a><a href="mailto:a@b.c">mail</a></p>',
      ].join("\n"),
    );
  });

  it("re-checks URLs at render time (blocks may come from storage or the network)", () => {
    const blocks: Block[] = [
      { type: "paragraph", children: [{ type: "link", href: " JavaScript:alert(1)", children: [text("x")] }] },
      { type: "image", src: "javascript:alert(1)", alt: "x" },
      { type: "image", src: "data:image/png;base64,AAAA", alt: "x" },
    ];
    expect(renderBlocks(blocks)).toBe("<p>x</p>");
  });

  it("does not nest links", () => {
    const blocks: Block[] = [
      { type: "paragraph", children: [{ type: "link", href: "/a", children: [{ type: "link", href: "/b", children: [text("x")] }] }] },
    ];
    expect(renderBlocks(blocks)).toBe('<p><a href="/a">x</a></p>');
  });

  it("escapes text and attribute values", () => {
    const blocks: Block[] = [
      { type: "paragraph", children: [text(`<b>"&'</b>`)] },
      { type: "image", src: '/a.png?x="><script>', alt: `"'<>&` },
    ];
    expect(renderBlocks(blocks)).toBe(
      "<p>&lt;b&gt;&quot;&amp;&#39;&lt;/b&gt;</p>\n" +
        '<figure class="media"><div class="media-frame media-empty" role="img" aria-label="&quot;&#39;&lt;&gt;&amp;"></div></figure>',
    );
  });
});

describe("pictures offline", () => {
  it("shows a picture the phone does not hold as its placeholder and caption, and one it holds in full", () => {
    const blocks: Block[] = [
      { type: "image", src: M, alt: "صورة", caption: [text("تعليق")], width: 500, height: 400, placeholder: PH },
      { type: "image", src: "/media/fedcba9876543210fedcba9876543210", alt: "أخرى", width: 500, height: 400 },
    ];
    const html = renderBlocks(blocks, { held: (id) => id === ID });
    expect(html.split("\n")[0]).toContain("<picture>");
    expect(html.split("\n")[1]).toBe(
      '<figure class="media"><div class="media-frame media-empty" role="img" aria-label="أخرى"></div></figure>',
    );
    expect(renderBlocks(blocks.slice(0, 1), { held: () => false })).toBe(
      `<figure class="media"><div class="media-frame" role="img" aria-label="صورة"><img class="media-ph" src="${PH}" alt="" aria-hidden="true" width="500" height="400"></div><figcaption>تعليق</figcaption></figure>`,
    );
  });

  it("never writes a placeholder that is not a small data: image", () => {
    const html = renderBlocks([{ type: "image", src: M, alt: "x", width: 10, height: 10, placeholder: "javascript:alert(1)" }]);
    expect(html).not.toContain("javascript");
    expect(html).not.toContain("media-ph");
  });
});

describe("Markdown → blocks → HTML against the XSS table", () => {
  it.each(XSS_CASES)("$name", ({ markdown, survives, absent = [], schemeAsText = false }) => {
    const html = renderBlocks(parseMarkdownArticle(markdown).blocks);
    expect(html).not.toMatch(/<script/i);
    // Attribute values may hold escaped "onload=" text; attribute names may not.
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(markupViolations(html)).toEqual([]);
    if (!schemeAsText) expect(html).not.toMatch(/javascript:/i);
    for (const s of survives) expect(html).toContain(s);
    for (const s of absent) expect(html).not.toContain(s);
  });
});
