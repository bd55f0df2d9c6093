import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "./markdown";
import type { Block } from "./model";
import { escapeHtml, renderBlocks } from "./render-html";
import { XSS_CASES, markupViolations } from "./xss-cases.fixture";

const text = (value: string) => ({ type: "text" as const, value });

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
      { type: "image", src: "/i.png", alt: "", caption: [text("cap")] },
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
        '<figure><img src="/i.png" alt="" loading="lazy" decoding="async"><figcaption>cap</figcaption></figure>',
        '<figure><img src="https://cdn.example/i.png" alt="alt" loading="lazy" decoding="async"></figure>',
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
        '<figure><img src="/a.png?x=&quot;&gt;&lt;script&gt;" alt="&quot;&#39;&lt;&gt;&amp;" loading="lazy" decoding="async"></figure>',
    );
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
