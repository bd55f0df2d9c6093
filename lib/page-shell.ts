/**
 * A server-rendered page without Next's client runtime: its scripts, their
 * preloads and the inline RSC payload go; our own inline scripts (marked
 * `data-boot`: the theme and the early install-prompt capture) stay, and so
 * do a page's own script files (marked `data-page-script`: /search.js,
 * /saved.js, /settings.js) and structured data (`application/ld+json`: data, never run,
 * so it needs no hash in the policy). The article pages the server sends
 * (proxy.ts) and the pages the worker renders offline
 * (sw/offline-document.ts) are both made this way, with one small script of
 * ours instead: nothing on them needs React after the server.
 */
export function withoutNextRuntime(page: string): { html: string; inlineScripts: string[] } {
  const inlineScripts: string[] = [];
  const html = page
    .replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (tag, attrs: string, body: string) => {
      if (/\bdata-page-script\b/.test(attrs) && /\ssrc=/.test(attrs)) return tag;
      if (/\btype=["']?application\/ld\+json\b/i.test(attrs)) return tag;
      if (!/\bdata-boot\b/.test(attrs)) return "";
      inlineScripts.push(body);
      return tag;
    })
    .replace(/<link\b[^>]*\bas="script"[^>]*>/gi, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/gi, "");
  return { html, inlineScripts };
}

/** The script that wires the reader's features on pages served without Next's runtime (client/page.ts). */
export const PAGE_SCRIPT_URL = "/page.js";

/** The search page's own script (client/search-page.ts), which the page loads itself. */
export const SEARCH_SCRIPT_URL = "/search.js";

/** The saved page's own script (client/saved-page.ts), which the page loads itself. */
export const SAVED_SCRIPT_URL = "/saved.js";

/** The settings page's own script (client/settings-page.ts), which the page loads itself. */
export const SETTINGS_SCRIPT_URL = "/settings.js";

/** `html` with `src` loaded, deferred, at the end of the body. */
export function withScript(html: string, src: string): string {
  return html.replace("</body>", () => `<script src="${src}" defer></script></body>`);
}

/**
 * `policy` with its script-src narrowed to our own files and the given inline
 * scripts by hash: a page without Next's runtime has no other inline script,
 * so it needs no 'unsafe-inline'.
 */
export function hashedScriptPolicy(policy: string, scriptHashes: readonly string[]): string {
  const scriptSrc = ["script-src 'self'", ...scriptHashes.map((h) => `'sha256-${h}'`)].join(" ");
  const directives = policy
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const at = directives.findIndex((d) => /^script-src(?:\s|$)/i.test(d));
  if (at === -1) directives.push(scriptSrc);
  else directives[at] = scriptSrc;
  return directives.join("; ");
}

/** Base64 SHA-256 of a script body, as a CSP hash source takes it. */
export async function scriptHash(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}
