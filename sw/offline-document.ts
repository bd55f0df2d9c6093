/**
 * The pure half of the worker's offline pages: turning the precached offline
 * page into a shell (Next's scripts out, the theme boot script kept), pouring
 * a title and content into it, and the Content Security Policy that goes with
 * it. No Workbox, no IndexedDB, so it is unit-tested in Node.
 */
import { escapeHtml } from "@/lib/article/render-html";
import { hashedScriptPolicy, scriptHash, withoutNextRuntime, withScript } from "@/lib/page-shell";

/** Wires share and the connection indicator on offline pages; built beside sw.js. */
export const OFFLINE_SCRIPT_URL = "/offline-page.js";

/** Used only when the precached page came without a policy (a server older than this worker). */
const FALLBACK_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface Shell {
  html: string;
  /** Bodies of the inline scripts the shell keeps, for the policy's hashes. */
  inlineScripts: string[];
}

/** The offline page without Next's scripts (nothing hydrates offline), plus the offline script. */
export function toShell(offlinePage: string): Shell {
  const { html, inlineScripts } = withoutNextRuntime(offlinePage.replace(/<html\b/, '<html data-served-offline=""'));
  return { html: withScript(html, OFFLINE_SCRIPT_URL), inlineScripts };
}

/**
 * The shell with `title` and `main` in place, shown exactly as written: every
 * replacement is a function, because a replacement string reads "$&", "$'"
 * and "$`" in a title or an article as patterns.
 */
export function fillShell(shell: string, title: string, main: string): string {
  return shell
    .replace(/<title>[\s\S]*?<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
    .replace(/(<main\b[^>]*>)[\s\S]*<\/main>/, (_m, open: string) => `${open}${main}</main>`);
}

/**
 * The server's policy with its script-src narrowed: an offline page runs the
 * boot scripts and our own files only, so hashes replace 'unsafe-inline'
 * (which the server's cached pages need for Next's inline scripts).
 */
export function offlinePolicy(serverPolicy: string | null, scriptHashes: readonly string[]): string {
  return hashedScriptPolicy(serverPolicy?.trim() || FALLBACK_POLICY, scriptHashes);
}

export { scriptHash };
