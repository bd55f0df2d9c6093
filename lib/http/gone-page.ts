/**
 * The answer for a withdrawn article: 410 Gone, straight from its tombstone,
 * with a small Arabic page. It is built here rather than rendered by Next
 * because an App Router page cannot choose its status (only 404 exists).
 */
import { createHash } from "node:crypto";
import { escapeHtml } from "@/lib/article/render-html";
import { site } from "@/lib/site";

/** The page's only style; the site's stylesheet has a per-build name the proxy cannot know. */
export const GONE_PAGE_STYLE =
  "body{margin:0;font-family:system-ui,sans-serif;background:#fbfaf7;color:#1c1a17;text-align:center;line-height:1.7}" +
  "main{max-width:40rem;margin:0 auto;padding:4rem 1rem}h1{font-size:1.9rem}p{color:#5f5a52}" +
  "a{display:inline-block;margin-top:2rem;padding:.75rem 1.5rem;border-radius:999px;background:#8a1c1c;color:#fff;font-weight:700;text-decoration:none}" +
  "@media (prefers-color-scheme:dark){body{background:#14120f;color:#ece7df}p{color:#b3ab9f}a{background:#e8a0a0;color:#14120f}}";

export function gonePageHtml(): string {
  const name = escapeHtml(site.name);
  return (
    `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>سُحب هذا المقال | ${name}</title><style>${GONE_PAGE_STYLE}</style></head>` +
    `<body><main><h1>سُحب هذا المقال</h1>` +
    `<p>سحبت هيئة التحرير هذا المقال، فلم يعد منشورًا. ولن يُستعمل رابطه لمقال آخر.</p>` +
    `<a href="/">العودة إلى آخر الأخبار</a></main></body></html>`
  );
}

/** This page runs nothing and loads nothing: its policy allows its one style and no more. */
const GONE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(GONE_PAGE_STYLE).digest("base64")}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** 410 with the Arabic page; HEAD gets the headers alone. Cache-Control comes from next.config.js, as for every page. */
export function goneResponse(method: string): Response {
  return new Response(method === "HEAD" ? null : gonePageHtml(), {
    status: 410,
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": GONE_PAGE_CSP },
  });
}
