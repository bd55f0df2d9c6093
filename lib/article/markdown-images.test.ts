import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "./markdown";
import { isLocalPath, localImagePaths, rewriteImagePaths } from "./markdown-images";

const M = "/media/0123456789abcdef0123456789abcdef";
const N = "/media/fedcba9876543210fedcba9876543210";

describe("local image paths", () => {
  it.each([
    ["photo.jpg", true],
    ["./photos/a b.png", true],
    ["../shared/x.webp", true],
    ["صور/مظاهرة.jpg", true],
    ["/media/abc", false],
    ["https://example.com/a.jpg", false],
    ["data:image/png;base64,AAAA", false],
    ["C:\\photos\\a.jpg", false],
    ["//cdn.example/a.jpg", false],
    ["#top", false],
    ["", false],
  ])("%j is a local path: %s", (url, local) => {
    expect(isLocalPath(url)).toBe(local);
  });

  it("finds every local picture once, in images and in the definitions image references use", () => {
    const md = [
      "---\ntitle: عنوان\n---",
      "![أ](a.jpg) and ![ب](https://x.example/b.jpg)",
      "![ج][c] ![أ مرة ثانية](a.jpg)",
      "[link](notes.txt) [![في رابط](inside.png)](/home)",
      "[c]: ./c.png \"عنوان الصورة\"",
      "[unused]: unused.png",
    ].join("\n\n");
    expect(localImagePaths(md)).toEqual(["a.jpg", "inside.png", "./c.png"]);
  });
});

describe("rewriting local pictures to their /media/ URLs", () => {
  const urls: Record<string, string> = { "a.jpg": M, "./c.png": N, "my photo.jpg": N, "inside.png": M };
  const replace = (path: string) => urls[path];

  it("rewrites images and image definitions, keeping alt text, titles and everything else as written", () => {
    const md = [
      "---\ntitle: \"صور [1]\"\n---",
      "مقدمة *مائلة* مع ![أ](https://x.example/b.jpg) ورابط [نص](a.jpg).",
      '![صورة **المظاهرة** [1]](a.jpg "تعليق \\"مقتبس\\" هنا")',
      "![ج][ref]",
      '[ref]: ./c.png "عنوان"',
      "![مع مسافة](<my photo.jpg>)",
      "[![في رابط](inside.png)](/home)",
    ].join("\n\n");
    const out = rewriteImagePaths(md, replace);
    expect(out).toBe(
      [
        "---\ntitle: \"صور [1]\"\n---",
        "مقدمة *مائلة* مع ![أ](https://x.example/b.jpg) ورابط [نص](a.jpg).",
        `![صورة المظاهرة \\[1\\]](<${M}> "تعليق \\"مقتبس\\" هنا")`,
        "![ج][ref]",
        `[ref]: <${N}> "عنوان"`,
        `![مع مسافة](<${N}>)`,
        `[![في رابط](<${M}>)](/home)`,
      ].join("\n\n"),
    );
    // The rewritten Markdown reads as the author meant, now with the site's URLs.
    const { blocks, images } = parseMarkdownArticle(out);
    expect(images).toEqual(["https://x.example/b.jpg", M, N, N, M]);
    expect(blocks.filter((b) => b.type === "image")).toEqual([
      { type: "image", src: "https://x.example/b.jpg", alt: "أ" },
      { type: "image", src: M, alt: "صورة المظاهرة [1]", caption: [{ type: "text", value: 'تعليق "مقتبس" هنا' }] },
      { type: "image", src: N, alt: "ج", caption: [{ type: "text", value: "عنوان" }] },
      { type: "image", src: N, alt: "مع مسافة" },
    ]);
  });

  it("leaves a document without local pictures byte for byte", () => {
    const md = "# عنوان\n\n![x](/media/abc) ![y](https://e.example/y.png)\r\n\r\nنص.";
    expect(rewriteImagePaths(md, replace)).toBe(md);
  });
});
