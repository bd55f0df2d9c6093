import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/article/render-html";
import { fillShell, offlinePolicy, scriptHash, toShell } from "@/sw/offline-document";

const BOOT = "(function(){document.documentElement.dataset.x='1'})()";
const offlinePage =
  `<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>غير متصل | الأخبار</title>` +
  `<link rel="preload" as="script" href="/_next/static/chunks/a.js"/>` +
  `<script data-boot="true">${BOOT}</script><script src="/_next/static/chunks/b.js" async=""></script></head>` +
  `<body><main id="main"><h1>أنت غير متصل</h1></main><script>self.__next_f.push([1,"x"])</script></body></html>`;

describe("the offline page shell", () => {
  it("drops Next's scripts, keeps the boot script, and adds the offline script", () => {
    const { html, inlineScripts } = toShell(offlinePage);
    expect(html).toContain(`<script data-boot="true">${BOOT}</script>`);
    expect(html).not.toContain("__next_f");
    expect(html).not.toContain("/_next/static/chunks/");
    expect(html).toContain('<script src="/offline-page.js" defer></script></body>');
    expect(html).toContain('<html data-served-offline="" lang="ar"');
    expect(inlineScripts).toEqual([BOOT]);
  });

  it.each([
    ["$'", "after the match"],
    ["$&", "the match"],
    ["$`", "before the match"],
    ["$$", "a lone dollar"],
    ["$1", "a group"],
  ])("shows a title and an article containing %s (%s) exactly as written", (pattern) => {
    const { html } = toShell(offlinePage);
    const title = `سعر الدولار ${pattern} اليوم | الأخبار`;
    const main = `<p>ارتفع ${pattern} مجددًا</p>`;
    const doc = fillShell(html, title, main);
    expect(doc.match(/<title>([\s\S]*?)<\/title>/)?.[1]).toBe(escapeHtml(title));
    expect(doc.match(/<main id="main">([\s\S]*?)<\/main>/)?.[1]).toBe(main);
    expect(doc.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(doc.endsWith("</body></html>")).toBe(true);
  });

  it("escapes markup in a title", () => {
    const doc = fillShell(toShell(offlinePage).html, "<script>alert(1)</script> & co", "<p></p>");
    expect(doc).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>");
  });
});

describe("the offline pages' policy", () => {
  it("hashes a script as CSP expects: base64 SHA-256 of its text", async () => {
    expect(await scriptHash(BOOT)).toBe(createHash("sha256").update(BOOT).digest("base64"));
  });

  it("keeps the server's directives and allows only our files and the hashed boot script", () => {
    const server = "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";
    expect(offlinePolicy(server, ["abc="])).toBe("default-src 'self'; script-src 'self' 'sha256-abc='; object-src 'none'; base-uri 'none'");
  });

  it("has a policy of its own when the precached page came without one", () => {
    const policy = offlinePolicy(null, ["abc="]);
    expect(policy).toContain("script-src 'self' 'sha256-abc='");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).not.toContain("unsafe-inline");
  });
});
