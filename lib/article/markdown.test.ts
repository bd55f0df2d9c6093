import { describe, expect, it } from "vitest";
import { FrontMatterError, parseMarkdownArticle } from "./markdown";
import { readArticle } from "./read";
import type { Block } from "./model";

const text = (value: string) => ({ type: "text" as const, value });
const blocksOf = (source: string): Block[] => parseMarkdownArticle(source).blocks;

describe("parseMarkdownArticle: front matter", () => {
  it("parses a YAML mapping", () => {
    const { frontMatter, blocks } = parseMarkdownArticle(
      "---\ntitle: عنوان\nsection: سياسة\ntags: [a, b]\n---\n\nنص المقال.\n",
    );
    expect(frontMatter).toEqual({ title: "عنوان", section: "سياسة", tags: ["a", "b"] });
    expect(blocks).toEqual([{ type: "paragraph", children: [text("نص المقال.")] }]);
  });

  it("gives an empty object without front matter or with an empty one", () => {
    expect(parseMarkdownArticle("Body.").frontMatter).toEqual({});
    expect(parseMarkdownArticle("---\n---\nBody.").frontMatter).toEqual({});
  });

  it("throws a clear Arabic error on invalid YAML, naming the line", () => {
    expect(() => parseMarkdownArticle("---\ntitle: [unclosed\n---\nBody")).toThrow(FrontMatterError);
    expect(() => parseMarkdownArticle("---\ntitle: [unclosed\n---\nBody")).toThrow(/^ترويسة المقال \(front matter\) ليست YAML صالحًا \(السطر \d+ من الترويسة\)$/);
    expect(() => parseMarkdownArticle("---\na: 1\na: 2\n---\nBody")).toThrow(/^ترويسة المقال \(front matter\) ليست YAML صالحًا/);
  });

  it("throws when the front matter is not a mapping", () => {
    expect(() => parseMarkdownArticle("---\n- a\n- b\n---\nBody")).toThrow(/^ترويسة المقال \(front matter\) أزواج «مفتاح: قيمة»/);
    expect(() => parseMarkdownArticle("---\njust a string\n---\nBody")).toThrow(FrontMatterError);
  });

  it("refuses front matter too long or nested too deep for the YAML library, without crashing the process", () => {
    // 10,000 nested brackets exhaust the process inside yaml (a fatal out-of-memory abort, not an exception).
    const deep = `---\ntitle: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n---\nBody`;
    expect(() => parseMarkdownArticle(deep)).toThrow(FrontMatterError);
    expect(() => parseMarkdownArticle(`---\ntitle: ${"[".repeat(17)}a${"]".repeat(17)}\n---\nBody`)).toThrow(/متداخلة أعمق من 16/);
    expect(() => parseMarkdownArticle(`---\ntitle: ${"ب".repeat(9000)}\n---\nBody`)).toThrow(/أطول من 8192 حرف/);
  });

  it("does not let __proto__ pollute objects", () => {
    const { frontMatter } = parseMarkdownArticle("---\n__proto__:\n  polluted: true\n---\nBody");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(frontMatter)).toBe(Object.prototype);
  });
});

describe("parseMarkdownArticle: blocks", () => {
  it("maps headings of any depth to subheadings", () => {
    expect(blocksOf("# One\n\n## Two\n\n### *Three*")).toEqual([
      { type: "subheading", children: [text("One")] },
      { type: "subheading", children: [text("Two")] },
      { type: "subheading", children: [{ type: "emphasis", children: [text("Three")] }] },
    ]);
  });

  it("maps inline formatting, links, code and breaks", () => {
    expect(blocksOf("a **b** _c_ `d` [e](https://x.example/)  \nf")).toEqual([
      {
        type: "paragraph",
        children: [
          text("a "),
          { type: "strong", children: [text("b")] },
          text(" "),
          { type: "emphasis", children: [text("c")] },
          text(" d "),
          { type: "link", href: "https://x.example/", children: [text("e")] },
          { type: "break" },
          text("f"),
        ],
      },
    ]);
  });

  it("keeps the words of an unsafe link but not the link", () => {
    expect(blocksOf("see [the **site**](javascript:alert(1)) now")).toEqual([
      { type: "paragraph", children: [text("see the "), { type: "strong", children: [text("site")] }, text(" now")] },
    ]);
  });

  it("resolves reference links and images through the allowlist", () => {
    expect(blocksOf("[a][ok] [b][bad]\n\n[ok]: /x\n[bad]: javascript:alert(1)")).toEqual([
      { type: "paragraph", children: [{ type: "link", href: "/x", children: [text("a")] }, text(" b")] },
    ]);
  });

  it("drops raw HTML, block and inline, without turning it into text", () => {
    expect(
      blocksOf('<div class="x">\nblock html\n</div>\n\nHello <b>bold</b> <span onclick="x">there</span>\n\n<span></span>'),
    ).toEqual([{ type: "paragraph", children: [text("Hello bold there")] }]);
  });

  it("drops what sits between an inline <script> or <style> and its end", () => {
    expect(blocksOf("a <script>alert(1)</script> b <style>p{}</style> c")).toEqual([
      { type: "paragraph", children: [text("a  b  c")] },
    ]);
  });

  it("turns an image paragraph into an image block, captioned by title or following text", () => {
    expect(blocksOf('![صورة](/img/a.jpg "التعليق")\n\n![b](https://cdn.example/b.png)\nتعليق *هنا*\n\n![c](/c.png)')).toEqual([
      { type: "image", src: "/img/a.jpg", alt: "صورة", caption: [text("التعليق")] },
      {
        type: "image",
        src: "https://cdn.example/b.png",
        alt: "b",
        caption: [text("تعليق "), { type: "emphasis", children: [text("هنا")] }],
      },
      { type: "image", src: "/c.png", alt: "c" },
    ]);
  });

  it("splits a paragraph at a mid-sentence image without making a caption of the rest", () => {
    expect(blocksOf("before ![x](/x.png) after")).toEqual([
      { type: "paragraph", children: [text("before")] },
      { type: "image", src: "/x.png", alt: "x" },
      { type: "paragraph", children: [text("after")] },
    ]);
  });

  it("drops an unsafe image and keeps the text after it", () => {
    expect(blocksOf("![x](javascript:alert(1))\ncaption")).toEqual([{ type: "paragraph", children: [text("caption")] }]);
    expect(blocksOf("![x](data:image/png;base64,AAAA)")).toEqual([]);
    expect(blocksOf("![x](relative.png)")).toEqual([]);
  });

  it("keeps an image inside a link as its alt text", () => {
    expect(blocksOf("[![logo](/l.png)](/home)")).toEqual([
      { type: "paragraph", children: [{ type: "link", href: "/home", children: [text("logo")] }] },
    ]);
  });

  it("flattens blockquotes into paragraphs", () => {
    expect(blocksOf("> one\n> **two**\n>\n> > three\n>\n> - four")).toEqual([
      {
        type: "quote",
        paragraphs: [[text("one\n"), { type: "strong", children: [text("two")] }], [text("three")], [text("four")]],
      },
    ]);
  });

  it("flattens nested lists into following items", () => {
    expect(blocksOf("1. one\n2. two\n   - a\n   - b\n3. three\n\n- x\n\n  second paragraph")).toEqual([
      { type: "list", ordered: true, items: [[text("one")], [text("two")], [text("a")], [text("b")], [text("three")]] },
      { type: "list", ordered: false, items: [[text("x"), { type: "break" }, text("second paragraph")]] },
    ]);
  });

  it("turns code blocks into paragraphs and drops thematic breaks", () => {
    expect(blocksOf("```js\nline 1\nline 2\n```\n\n---\n\n    indented")).toEqual([
      { type: "paragraph", children: [text("line 1"), { type: "break" }, text("line 2")] },
      { type: "paragraph", children: [text("indented")] },
    ]);
  });

  it("merges adjacent text and drops empty paragraphs", () => {
    expect(blocksOf("a &amp; b\\*c\n\n<br>\n\n<b> </b>")).toEqual([
      { type: "paragraph", children: [text("a & b*c")] },
    ]);
  });

  it("produces blocks the phone's reader reads back whole", () => {
    const blocks = blocksOf("# h\n\np [l](/x) ![i](/i.png)\n\n> q\n\n1. a\n\n![i](/i.png \"t\")");
    const instant = "2025-01-01T00:00:00.000Z";
    const article = { id: "a", slug: "a", title: "t", blocks, publishedAt: instant, updatedAt: instant, revision: 1 };
    expect(readArticle(article)?.blocks).toEqual(blocks);
  });
});
