/**
 * Runs before the article routes and the lists of articles: answers what must
 * never reach them, and sends their pages without Next's client runtime.
 * - A path segment that is not a slug (or not even valid percent-encoding,
 *   which Next's router would answer with a bare 500) gets the Arabic 404;
 *   so does a picture's or a share card's that does not decode, and a
 *   sitemap file the site does not have.
 * - A withdrawn article's slug answers 410 Gone from its tombstone, at once.
 * - A malformed article id on the API answers 400 in the API's error shape.
 * - An author page's name segment (Arabic, percent-encoded) must be an
 *   author key; another spelling of one is redirected to it.
 * - A section's address (/sections/<name>, the name percent-encoded, and its
 *   feed.xml and atom.xml) that no published section can have gets the 404.
 * - Article pages, author pages, section pages, the home page, the archive,
 *   search, saved articles and settings are sent without Next's client runtime (see staticPage).
 * - A page of a list (/archive?page=N, /sections/<name>?page=N,
 *   /authors/<key>?page=N) goes to its route with the page as a path segment
 *   (/archive/N, …/<name>/N, …/<key>/N), so Next renders it once and keeps it
 *   until a change reaches it (lib/render-cache); a page reading ?page= would
 *   be rendered per request. Those routes are not addresses of their own: asked
 *   for directly, they are not found.
 */
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { SLUG_PATTERN } from "@/lib/article/model";
import { archivePage } from "@/lib/archive";
import { port } from "@/lib/config";
import { hashedScriptPolicy, PAGE_SCRIPT_URL, scriptHash, withoutNextRuntime, withScript } from "@/lib/page-shell";
import { goneResponse } from "@/lib/http/gone-page";
import { SentPages } from "@/lib/http/sent-pages";
import { errorResponse } from "@/lib/http/read-json";
import { sectionFromSegment } from "@/lib/sections";
import { sitemapIds } from "@/lib/syndication/sitemaps";
import { getStore } from "@/lib/store/open-store";
import { readAuthorSegment } from "@/lib/authors";

/** Next's built-in route for the app's not-found page (app/not-found.tsx), answered with 404. */
const NOT_FOUND_ROUTE = "/_not-found";

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Whether to send the page without Next's runtime: a reader's GET, not our own request nor a client navigation's. */
function servedStatic(request: NextRequest): boolean {
  return request.method === "GET" && !request.headers.has(INNER) && !request.headers.has("rsc");
}

/**
 * A list's page as Next's route for it: `base` and the page from ?page= as a
 * path segment; not found for a page we do not serve (several values, not a
 * number); the archive's first page is the home page.
 */
function listRoute(request: NextRequest, base: string): Response {
  const values = request.nextUrl.searchParams.getAll("page");
  const page = values.length > 1 ? undefined : archivePage(values[0]);
  if (page === undefined) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  if (base === "/archive" && page === 1) return NextResponse.redirect(new URL("/", request.url), 307);
  return NextResponse.rewrite(new URL(`${base}/${page}`, request.url));
}

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  // The lists of articles: server HTML and the same features as an article; search, saved and settings add their own script.
  if (pathname === "/" || pathname === "/search" || pathname === "/saved" || pathname === "/settings") return servedStatic(request) ? staticPage(request) : NextResponse.next();
  if (pathname === "/archive") return servedStatic(request) ? staticPage(request) : listRoute(request, "/archive");
  const [, first, second, third] = pathname.split("/");
  if (first === "archive") return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  if (first === "api") {
    if (second === "articles" && third !== undefined && !decodes(third)) {
      return errorResponse(400, "معرّف المقال في الرابط غير صالح");
    }
    return NextResponse.next();
  }
  // Only addresses holding a "%" come here (config.matcher): a picture or card is never sent through the proxy otherwise.
  if (first === "media" || first === "cards") {
    return pathname.split("/").every(decodes) ? NextResponse.next() : NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  }
  // Next answers a sitemap file it does not have with a bare English "Not Found".
  if (first === "sitemap") {
    const id = /^(0|[1-9]\d{0,8})\.xml$/.exec(second ?? "")?.[1];
    const known = third === undefined && id !== undefined && (await sitemapIds(await getStore())).includes(Number(id));
    return known ? NextResponse.next() : NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  }
  if (first === "authors") {
    const author = third === undefined ? readAuthorSegment(second ?? "") : undefined;
    if (!author) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
    if ("redirect" in author) return NextResponse.redirect(new URL(author.redirect + request.nextUrl.search, request.url), 308);
    return servedStatic(request) ? staticPage(request) : listRoute(request, `/authors/${second}`);
  }
  if (first === "sections") {
    if (second === undefined || sectionFromSegment(second) === undefined) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
    if ((third === "feed.xml" || third === "atom.xml") && pathname.split("/").length === 4) return NextResponse.next();
    if (third !== undefined) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
    return servedStatic(request) ? staticPage(request) : listRoute(request, `/sections/${second}`);
  }
  // Slugs are plain ASCII, so a valid one needs no decoding: the raw segment is checked as sent.
  const slug = second ?? "";
  if (!SLUG_PATTERN.test(slug)) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  if (await (await getStore()).isWithdrawnSlug(slug)) return goneResponse(request.method);
  return servedStatic(request) ? staticPage(request) : NextResponse.next();
}

/** Marks our own request for the page as Next renders it. */
const INNER = "x-akhbar-inner";

/**
 * The page as Next renders (and caches) it, without Next's scripts, with
 * /page.js instead: an article or a list needs no React once it is on screen,
 * and the share, save and reading-position controls are plain DOM code. The page then
 * loads about 10 KB of script instead of about 140 KB, and nothing blocks the
 * main thread after the first paint. The worker's offline pages are made the
 * same way (lib/page-shell.ts). Asked of this server on the loopback, with the
 * reader's headers, so ISR, the cache headers and a 304 work as before; the
 * result is kept until the store changes (lib/http/sent-pages.ts).
 */
async function staticPage(request: NextRequest): Promise<Response> {
  const path = request.nextUrl.pathname + request.nextUrl.search;
  // Read before the page: a change landing meanwhile leaves the kept page out of date, never the reverse.
  const seq = await (await getStore()).currentSeq().catch(() => undefined);
  const ifNoneMatch = request.headers.get("if-none-match");
  const kept = seq === undefined ? undefined : sentPages.answer(path, seq, ifNoneMatch);
  if (kept) return kept;
  const url = new URL(request.nextUrl.pathname + request.nextUrl.search, `http://127.0.0.1:${port()}`);
  const headers = new Headers(request.headers);
  headers.set(INNER, "1");
  // A kept page the store has moved past: Next answers 304 when its page is still the same (most pages, after most changes).
  const outdated = seq === undefined ? undefined : sentPages.outdatedEtag(path);
  if (outdated) {
    headers.set("if-none-match", outdated);
    // Else fetch's no-store mode adds Cache-Control: no-cache, and Next never answers 304 to that.
    headers.set("cache-control", "max-age=0");
  }
  // Plain text to edit; Next compresses what we send. Hop-by-hop headers are the connection's, not the request's.
  for (const name of ["accept-encoding", "connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "te", "host"]) headers.delete(name);
  let inner: Response;
  try {
    inner = await fetch(url, { headers, redirect: "manual", cache: "no-store" });
  } catch {
    // This server cannot reach itself on the loopback (bound to another address, say):
    // the page goes out as Next renders it, runtime and all, rather than not at all.
    return NextResponse.next();
  }
  if (outdated && seq !== undefined && inner.status === 304) {
    const renewed = sentPages.renew(path, seq, ifNoneMatch);
    if (renewed) return renewed;
    // Pushed out meanwhile: that 304 was for our ETag, not the reader's; ask again as the reader did.
    for (const name of ["if-none-match", "cache-control"]) {
      const value = request.headers.get(name);
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    try {
      inner = await fetch(url, { headers, redirect: "manual", cache: "no-store" });
    } catch {
      return NextResponse.next();
    }
  }
  // Next's note of the inner request's own rewrite (a list's page to its route): from a proxy, Next would follow it.
  const innerHeaders = new Headers(inner.headers);
  for (const name of [...innerHeaders.keys()]) if (name.startsWith("x-middleware-")) innerHeaders.delete(name);
  if (inner.status !== 200 || !inner.headers.get("content-type")?.startsWith("text/html")) {
    const headers = innerHeaders;
    // Next's own redirects (/archive to /) name a path; a proxy's response must name a whole URL, the reader's.
    const location = headers.get("location");
    if (location?.startsWith("/")) headers.set("location", new URL(location, request.url).href);
    return new Response(inner.body, { status: inner.status, statusText: inner.statusText, headers });
  }
  const out = innerHeaders;
  for (const name of ["content-length", "content-encoding", "transfer-encoding"]) out.delete(name);
  const { html, inlineScripts } = withoutNextRuntime(await inner.text());
  // Only our boot scripts are inline now: they get hashes, and 'unsafe-inline' goes.
  const policy = out.get("content-security-policy");
  if (policy) out.set("content-security-policy", hashedScriptPolicy(policy, await Promise.all(inlineScripts.map(scriptHash))));
  const page = withScript(html, PAGE_SCRIPT_URL);
  if (seq !== undefined) sentPages.keep(path, seq, page, out);
  return new Response(page, { status: 200, headers: out });
}

const sentPages = new SentPages();

export const config = {
  matcher: [
    "/",
    "/archive",
    "/archive/:path*",
    "/search",
    "/saved",
    "/settings",
    "/articles/:slug",
    "/authors/:key*",
    "/sections/:path*",
    "/api/articles/:id",
    // Percent-encoded segments only, which may not decode: every picture request passing through here would cost.
    "/(media|cards)/:rest(.*%.*)",
    "/sitemap/:file*",
  ],
};
