/**
 * The pages proxy.ts sends without Next's runtime, kept as sent, per URL and
 * per the store's change sequence: asking this server for Next's page on the
 * loopback and rewriting it cost as much again as Next serving the page
 * itself (`npm run bench -- --only timing`). Pages only change with the
 * store, so a kept page is good until the sequence moves; it is also kept no
 * longer than a shared cache may keep it (s-maxage, next.config.js), in case
 * anything else moves it. Coarser than Next's own cache, which keeps a page
 * no change reaches (lib/render-cache/page-deps.cjs): after any change the
 * proxy asks Next again, and Next answers such a page from its cache without
 * rendering it, so a kept page is never one Next would render differently.
 * That request carries the kept page's ETag: when Next's page is the same
 * (304), the kept one is renewed rather than fetched and rewritten again.
 */

/** As long as shared caches may keep a page. */
const MAX_AGE_MS = 15_000;
/** Any query string makes a URL: bounded, least recently used first out. */
const MAX_ENTRIES = 200;

interface SentPage {
  seq: number;
  keptAt: number;
  html: string;
  headers: Headers;
  /** The store moved past `seq`: never answered again until Next confirms it unchanged (renew). */
  outdated?: boolean;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as for a GET). */
export function matchesEtag(ifNoneMatch: string | null, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

export class SentPages {
  private readonly pages = new Map<string, SentPage>();

  constructor(
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxAgeMs = MAX_AGE_MS,
  ) {}

  /**
   * The page kept for `url` at store sequence `seq` as a response to a
   * request with this If-None-Match (a 304 when it names the page's ETag),
   * or undefined when none is kept or it is out of date.
   */
  answer(url: string, seq: number, ifNoneMatch: string | null, now = Date.now()): Response | undefined {
    const page = this.pages.get(url);
    if (!page) return undefined;
    this.pages.delete(url);
    if (now - page.keptAt > this.maxAgeMs) return undefined;
    this.pages.set(url, page);
    if (page.seq !== seq || page.outdated) {
      page.outdated = true;
      return undefined;
    }
    const headers = new Headers(page.headers);
    if (matchesEtag(ifNoneMatch, headers.get("etag"))) return new Response(null, { status: 304, headers });
    return new Response(page.html, { status: 200, headers });
  }

  /**
   * The ETag of the page kept for `url` that the store has moved past, for
   * asking Next whether it still sends the same page (If-None-Match).
   */
  outdatedEtag(url: string, now = Date.now()): string | undefined {
    const page = this.pages.get(url);
    if (!page?.outdated || now - page.keptAt > this.maxAgeMs) return undefined;
    return page.headers.get("etag") ?? undefined;
  }

  /**
   * Next answered 304 to outdatedEtag(url) at store sequence `seq` or later:
   * the kept page is still the page, now as of `seq`. Answers as answer() does.
   */
  renew(url: string, seq: number, ifNoneMatch: string | null, now = Date.now()): Response | undefined {
    const page = this.pages.get(url);
    if (!page?.outdated) return undefined;
    Object.assign(page, { seq, keptAt: now, outdated: false });
    return this.answer(url, seq, ifNoneMatch, now);
  }

  /** Keeps the page sent for `url`, rendered from store sequence `seq` or later. */
  keep(url: string, seq: number, html: string, headers: Headers, now = Date.now()): void {
    const kept = new Headers(headers);
    // The server dates each response itself; Next's cache did not answer the later ones.
    kept.delete("date");
    kept.delete("x-nextjs-cache");
    this.pages.delete(url);
    this.pages.set(url, { seq, keptAt: now, html, headers: kept });
    while (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }
}
