/**
 * The search page's article index, its one owner: loaded from IndexedDB (or
 * rebuilt from the library when the stored one is missing or of another
 * format), kept in step with the library as syncs land, saved back once
 * changes settle, and searched as the reader types. Browser only.
 *
 * Timings are left as User Timing measures (search:load, search:reconcile,
 * search:save) for DevTools, the end-to-end tests and `npm run bench`.
 */
import { articlePath } from "@/lib/article/model";
import type { Article } from "@/lib/article/model";
import { readArticle as readArticleFields } from "@/lib/article/read";
import type { ArticleIndex, SnippetSegment } from "@/lib/search/article-index";
import {
  createArticleIndex,
  highlightSnippet,
  loadIndex,
  searchArticles,
  searchableDocument,
  serializeIndex,
} from "@/lib/search/article-index";
import type { ArticleSource } from "@/lib/search/reconcile";
import { reconcileIndex } from "@/lib/search/reconcile";
import { heldIds, storedRecordChunks, storedRecords } from "./library/articles";
import { getMeta } from "./library/meta";
import { loadSearchIndex, saveSearchIndex } from "./library/search-index";
import { onSynced } from "./sw-bridge";

/** One result as the page shows it. */
export interface SearchResult {
  id: string;
  href: string;
  /** The headline, with the matching words marked. */
  title: SnippetSegment[];
  /** A passage around the first match in the summary or body. */
  snippet: SnippetSegment[];
  publishedAt: string;
}

/** What a query found: how many articles match, and the first of them, best first. */
export interface SearchResults {
  query: string;
  total: number;
  results: SearchResult[];
}

/** The loaded index, ready to search. */
export interface SearchLibrary {
  /** Articles matching the query, ranked; the first `limit` with headline and snippet. */
  search(query: string, limit: number): Promise<SearchResults>;
  /** Calls back after a sync changed the index, so shown results can be refreshed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

// Serializing 5,000 articles takes about 300 ms and writes 16 MB: not per
// change, but once changes have settled (a sync lands articles page by page),
// and when the reader leaves.
const SAVE_DELAY_MS = 3000;
const SAVE_IDLE_TIMEOUT_MS = 5000;

/** The article store as reconcile reads it. */
const articleSource: ArticleSource = {
  cursor: () => getMeta("cursor"),
  ids: heldIds,
  records: storedRecords,
  chunks: storedRecordChunks,
};

// scheduler.yield resumes ahead of other tasks where it exists; setTimeout
// still lets input events in between.
function pause(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

function measure(name: string, start: number, detail: Record<string, unknown>): void {
  try {
    performance.measure(name, { start, end: performance.now(), detail });
  } catch {
    // User Timing is for diagnosis only.
  }
}

function readArticle(record: unknown): Article | undefined {
  const article = typeof record === "object" && record !== null ? (record as { article?: unknown }).article : undefined;
  return readArticleFields(article);
}

class Session implements SearchLibrary {
  private since: string | undefined;
  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private reconciling: Promise<void> | undefined;
  private again = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly index: ArticleIndex, since: string | undefined) {
    this.since = since;
  }

  /** Listens for syncs and for the reader leaving; for the page's lifetime. */
  wire(): void {
    onSynced((summary) => {
      if (summary.added + summary.updated + summary.removed > 0) void this.reconcile();
    });
    // The last moments a page can be sure to run: a phone may discard a hidden tab without warning.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void this.save();
    });
    window.addEventListener("pagehide", () => void this.save());
  }

  /**
   * Brings the index in step with the library; concurrent calls share one
   * run, and a call during a run runs again after it. Never rejects.
   */
  reconcile(): Promise<void> {
    if (this.reconciling) {
      this.again = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      do {
        this.again = false;
        try {
          await this.reconcileOnce();
        } catch {
          // The database closed under us (a newer version of the app took
          // over) or a read failed: the index keeps what it has, and since
          // `since` did not move, the next sync or visit compares again.
        }
      } while (this.again);
    })().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const start = performance.now();
    const report = await reconcileIndex(this.index, articleSource, { since: this.since, pause });
    const changed = report.added + report.replaced + report.removed > 0;
    // A moved cursor is worth saving even without changes: the next load then compares ids only.
    if (changed || report.cursor !== this.since) this.markDirty();
    this.since = report.cursor;
    measure("search:reconcile", start, { ...report, articles: this.index.documentCount });
    if (changed) for (const listener of this.listeners) listener();
  }

  private markDirty(): void {
    this.dirty = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      if ("requestIdleCallback" in window) requestIdleCallback(() => void this.save(), { timeout: SAVE_IDLE_TIMEOUT_MS });
      else void this.save();
    }, SAVE_DELAY_MS);
  }

  /** Writes the index back as one string, when it changed since the last save. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    clearTimeout(this.saveTimer);
    const start = performance.now();
    const json = serializeIndex(this.index);
    try {
      await saveSearchIndex({ json, savedAt: Date.now(), ...(this.since === undefined ? {} : { cursor: this.since }) });
      measure("search:save", start, { chars: json.length, articles: this.index.documentCount });
    } catch {
      // Storage full or the database closed under us: try again at the next change.
      this.dirty = true;
    }
  }

  async search(query: string, limit: number): Promise<SearchResults> {
    // Every hit is ranked anyway; the count needs them all, the page only the first.
    const hits = searchArticles(this.index, query, { limit: Number.MAX_SAFE_INTEGER });
    const shown = hits.slice(0, limit);
    const articles = new Map<string, Article>();
    if (shown.length > 0) {
      for (const record of await articleSource.records(shown.map((hit) => hit.id))) {
        const article = readArticle(record);
        if (article) articles.set(article.id, article);
      }
    }
    const results = shown.flatMap((hit): SearchResult[] => {
      const article = articles.get(hit.id);
      if (!article) return [];
      return [
        {
          id: article.id,
          href: articlePath(article.slug),
          title: highlightSnippet(article.title, query, article.title.length),
          snippet: highlightSnippet(searchableDocument(article).text, query),
          publishedAt: article.publishedAt,
        },
      ];
    });
    // An indexed article the library no longer holds: withdrawn in a sync the index has not caught up with.
    if (results.length < shown.length) void this.reconcile();
    return { query, total: hits.length - (shown.length - results.length), results };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

async function openSession(): Promise<Session> {
  const start = performance.now();
  const stored = await loadSearchIndex();
  const json = typeof stored?.json === "string" ? stored.json : undefined;
  // Synchronously, not with loadIndexAsync: MiniSearch's async loader yields
  // with setTimeout(0) every thousand entries, which browsers clamp to 4 ms
  // once nested, so 5,000 articles took 7 s in Chromium against 0.25 s for
  // this one block. The page has painted its status line by now.
  // undefined when there is none, or it is corrupt or of another format or folding.
  const loaded = json === undefined ? undefined : loadIndex(json);
  const index = loaded ?? createArticleIndex();
  const session = new Session(index, loaded ? stored?.cursor : undefined);
  session.wire();
  if (loaded) {
    measure("search:load", start, { source: "stored", chars: json?.length ?? 0, articles: index.documentCount });
    // Searchable at once; what synced since the last save is indexed in the background.
    void session.reconcile();
  } else {
    // From an empty index, reconciling is the rebuild, in slices that leave typing responsive.
    await session.reconcile();
    measure("search:load", start, { source: "rebuilt", articles: index.documentCount });
  }
  return session;
}

let opening: Promise<SearchLibrary> | undefined;

/** The page's search index, loaded or rebuilt on first call and shared after. */
export function openSearchLibrary(): Promise<SearchLibrary> {
  opening ??= openSession().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}
