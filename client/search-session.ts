/**
 * The search index's one owner, in the search worker: loaded from storage (or
 * rebuilt from the library when the stored one is missing or of another
 * format), kept in step with the library as syncs land, saved back once
 * changes settle, and searched as the reader types. Nothing here touches the
 * page; storage is an interface, so tests run it in Node.
 */
import { formatArabicDate, isoDate } from "@/lib/arabic/date";
import { articlePath } from "@/lib/article/model";
import type { Article } from "@/lib/article/model";
import { readArticle as readArticleFields } from "@/lib/article/read";
import { ArticleIndex } from "@/lib/search/article-index";
import { searchableDocument, snippetText } from "@/lib/search/document";
import { parseQuery } from "@/lib/search/query";
import { searchArticles } from "@/lib/search/ranking";
import type { LibraryChanges, ReconcileReport } from "@/lib/search/reconcile";
import { applyChanges, reconcileIndex } from "@/lib/search/reconcile";
import { highlightSnippet } from "@/lib/search/snippet";
import { loadStoredIndex, storeIndex, storedBytes } from "@/lib/search/stored-index";
import type { SearchResults, SearchWorkerToPage, ShownResult } from "./search-protocol";
import type { SearchStorage } from "./search-storage";

// Saving 5,000 articles writes a few megabytes: not per change, but once
// changes have settled (a sync lands articles page by page), and when the
// page is hidden.
const SAVE_DELAY_MS = 3000;

export interface SessionOptions {
  /** The site's zone, for the dates shown. */
  timeZone: string;
  /** Sends a message to the page. */
  post: (message: SearchWorkerToPage) => void;
  saveDelayMs?: number;
}

function readArticle(record: unknown): Article | undefined {
  const article = typeof record === "object" && record !== null ? (record as { article?: unknown }).article : undefined;
  return readArticleFields(article);
}

// Lets messages (a search) in between slices of a long rebuild or compare.
// A message to ourselves, not setTimeout(0), which browsers stretch to 4 ms
// once nested: a fifth of every 16 ms slice.
const yielder = new MessageChannel();
function pause(): Promise<void> {
  return new Promise((resolve) => {
    yielder.port1.onmessage = () => resolve();
    yielder.port2.postMessage(null);
  });
}
// Long enough that pausing costs little, short enough that a search waits little.
const SLICE_MS = 16;

export class SearchSession {
  private index = new ArticleIndex();
  /** The library cursor the index is complete up to; undefined when unknown, so the next compare reads every revision. */
  private since: string | undefined;
  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  // Index changes run one at a time, in order.
  private queue: Promise<void> = Promise.resolve();
  // A compare queued and not started yet: another request joins it.
  private compareQueued = false;

  constructor(
    private readonly storage: SearchStorage,
    private readonly options: SessionOptions,
  ) {}

  private measure(name: string, start: number, detail: Record<string, unknown>): void {
    this.options.post({ type: "measure", name, start, duration: Date.now() - start, detail });
  }

  /** Loads the stored index or rebuilds it; searchable once this resolves. */
  async open(): Promise<void> {
    const start = Date.now();
    const stored = await this.storage.loadIndex();
    const loaded = stored && loadStoredIndex(stored.index);
    if (loaded) {
      this.index = loaded;
      this.since = stored.cursor;
      this.measure("search:load", start, { source: "stored", articles: loaded.size });
      // Searchable at once; what synced since the last save is indexed in the background.
      this.compare();
      return;
    }
    // From an empty index, comparing is the rebuild.
    this.compare();
    await this.queue;
    this.index.compact();
    this.measure("search:load", start, { source: "rebuilt", articles: this.index.size });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch(() => {
      // The database closed under us (a newer version of the app took over)
      // or a read failed: the index keeps what it has, and with the cursor
      // forgotten the next sync or visit compares every revision.
      this.since = undefined;
    });
    return this.queue;
  }

  private changed(report: ReconcileReport, name: string, start: number): void {
    const changes = report.added + report.replaced + report.removed;
    // A moved cursor is worth saving even without changes: the next load then compares ids only.
    if (changes > 0 || report.cursor !== this.since) this.markDirty();
    this.since = report.cursor;
    this.measure(name, start, { ...report, articles: this.index.size });
    if (changes > 0) this.options.post({ type: "changed" });
  }

  /** Compares the index with the library (ids only while the cursor has not moved); requests pile into one run. */
  compare(): void {
    if (this.compareQueued) return;
    this.compareQueued = true;
    void this.enqueue(async () => {
      this.compareQueued = false;
      const start = Date.now();
      const report = await reconcileIndex(this.index, this.storage, { since: this.since, pause, sliceMs: SLICE_MS });
      this.changed(report, "search:reconcile", start);
    });
  }

  /**
   * A sync landed. With the ids it changed, reads only those; without (an
   * older service worker), or while the index's cursor is unknown, compares.
   */
  synced(changes?: LibraryChanges): void {
    if (!changes) return this.compare();
    if (changes.changed.length === 0 && changes.removed.length === 0) return;
    void this.enqueue(async () => {
      if (this.since === undefined) return this.compare();
      const start = Date.now();
      // The cursor read now may already include a sync whose message is still
      // on its way; that message is applied next, before the page can go.
      this.changed(await applyChanges(this.index, this.storage, changes), "search:update", start);
    });
  }

  private markDirty(): void {
    this.dirty = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), this.options.saveDelayMs ?? SAVE_DELAY_MS);
  }

  /** Writes the index back, when it changed since the last save. */
  async save(): Promise<void> {
    clearTimeout(this.saveTimer);
    if (!this.dirty) return;
    this.dirty = false;
    const start = Date.now();
    // One synchronous step, so the index and its cursor are saved as of one moment.
    const stored = storeIndex(this.index);
    const cursor = this.since;
    try {
      await this.storage.saveIndex(stored, cursor);
      this.measure("search:save", start, { bytes: storedBytes(stored), articles: stored.ids.length });
    } catch {
      // Storage full or the database closed under us: try again at the next change.
      this.dirty = true;
    }
  }

  /** Articles matching the query, ranked; the first `limit` with headline, snippet, section and date. */
  async search(query: string, limit: number): Promise<SearchResults> {
    const parsed = parseQuery(query);
    const outcome = searchArticles(this.index, parsed);
    const shown = outcome.hits.slice(0, limit);
    const articles = new Map<string, Article>();
    if (shown.length > 0) {
      for (const record of await this.storage.records(shown.map((hit) => hit.id))) {
        const article = readArticle(record);
        if (article) articles.set(article.id, article);
      }
    }
    const results = shown.flatMap((hit): ShownResult[] => {
      const article = articles.get(hit.id);
      return article ? [this.shown(article, parsed)] : [];
    });
    // An indexed article the library no longer holds: withdrawn in a sync the index has not caught up with.
    if (results.length < shown.length) this.compare();
    return {
      query,
      kind: outcome.kind,
      total: outcome.hits.length - (shown.length - results.length),
      results,
      missing: outcome.missing,
      ignored: parsed.ignored,
    };
  }

  private shown(article: Article, parsed: ReturnType<typeof parseQuery>): ShownResult {
    let date: string | undefined;
    let dateTime: string | undefined;
    try {
      date = formatArabicDate(article.publishedAt, this.options.timeZone);
      dateTime = isoDate(article.publishedAt, this.options.timeZone);
    } catch {
      // A date the reader accepted but no calendar has (30 February): shown without one.
    }
    return {
      id: article.id,
      href: articlePath(article.slug),
      title: highlightSnippet(article.title, parsed, article.title.length),
      snippet: highlightSnippet(snippetText(searchableDocument(article)), parsed),
      section: article.section,
      date,
      dateTime,
    };
  }
}
