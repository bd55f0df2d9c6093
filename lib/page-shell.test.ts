import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashedScriptPolicy, scriptHash, withoutNextRuntime, withScript } from "./page-shell";

const BOOT = "(function(){document.documentElement.dataset.theme='dark'})()";
const CAPTURE = 'addEventListener("beforeinstallprompt",function(e){e.preventDefault()})';
const page =
  `<!DOCTYPE html><html lang="ar" dir="rtl"><head>` +
  `<link rel="preload" href="/_next/static/media/naskh_400.p.x.woff2" as="font" crossorigin="" type="font/woff2"/>` +
  `<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>` +
  `<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/b.js"/>` +
  `<link rel="modulepreload" href="/_next/static/chunks/c.js"/>` +
  `<script src="/_next/static/chunks/d.js" async=""></script>` +
  `<script data-boot="true">${BOOT}</script></head>` +
  `<body><script data-boot="true">${CAPTURE}</script><main id="main"><p>نص</p>` +
  `<script src="/search.js" defer="" data-page-script="true"></script></main>` +
  `<script>self.__next_f.push([1,"payload"])</script></body></html>`;

describe("withoutNextRuntime", () => {
  it("drops Next's scripts, their preloads and the payload, and keeps fonts, CSS and our boot scripts", () => {
    const { html, inlineScripts } = withoutNextRuntime(page);
    expect(html).not.toMatch(/_next\/static\/chunks\/[bcd]\.js|__next_f/);
    expect(html).toContain('as="font"');
    expect(html).toContain('rel="stylesheet"');
    // A page's own script file stays where the page put it, and needs no hash.
    expect(html).toContain('<main id="main"><p>نص</p><script src="/search.js" defer="" data-page-script="true"></script></main>');
    expect(inlineScripts).toEqual([BOOT, CAPTURE]);
    expect(withScript(html, "/page.js").endsWith('<script src="/page.js" defer></script></body></html>')).toBe(true);
  });

  it("keeps structured data, which is never run and so needs no hash", () => {
    const data = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"\\u003c/script\\u003e"}';
    const { html, inlineScripts } = withoutNextRuntime(page.replace("<main", `<script type="application/ld+json">${data}</script><main`));
    expect(html).toContain(`<script type="application/ld+json">${data}</script><main`);
    expect(inlineScripts).toEqual([BOOT, CAPTURE]);
  });
});

describe("hashedScriptPolicy", () => {
  it("replaces 'unsafe-inline' with the inline scripts' hashes and leaves the other directives", async () => {
    const hash = await scriptHash(BOOT);
    expect(hash).toBe(createHash("sha256").update(BOOT).digest("base64"));
    const policy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; object-src 'none'";
    expect(hashedScriptPolicy(policy, [hash])).toBe(`default-src 'self'; script-src 'self' 'sha256-${hash}'; style-src 'self'; object-src 'none'`);
  });
});
