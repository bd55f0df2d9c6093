/**
 * Keeping a search index in step with the articles the phone holds. After a
 * sync that names what it changed, only those articles are read
 * (applyChanges); otherwise reconcileIndex compares: index what is missing or
 * at another revision, drop what is gone, which from an empty index is the
 * rebuild. The articles come from an abstract source (IndexedDB in the search
 * worker, a map in tests), so the rules are tested without a browser. Pure:
 * nothing from Node or the DOM.
 */
import type { Article } from "@/lib/article/model";
import { readArticle as readArticleFields } from "@/lib/article/read";
import type { ArticleIndex } from "./article-index";

/** The held articles as reconcile reads them: records `{ id, article }`, checked here, never trusted. */
export interface ArticleSource {
  /** The library's sync cursor; a sync that adds, edits or withdraws an article moves it. */
  cursor(): Promise<string | undefined>;
  /** Every held article id. */
  ids(): Promise<string[]>;
  /** The records with these ids, in any order; ids no longer held are left out. */
  records(ids: readonly string[]): Promise<unknown[]>;
  /** Every record, at most `size` at a time. */
  chunks(size: number): AsyncIterable<unknown[]>;
}

export interface ReconcileOptions {
  /**
   * The library's cursor when this index was last reconciled. While it has
   * not moved, no sync has edited an article since, so comparing ids finds
   * every change (articles can still come and go without a sync: evictions,
   * unreadable records dropped) without reading a single article.
   */
  since?: string;
  /** Called between slices of indexing, so a rebuild leaves the page responsive. */
  pause?: () => Promise<void>;
  /** How long to index before pausing, in ms. */
  sliceMs?: number;
  /** Records read at a time. */
  chunkSize?: number;
}

/** What a reconcile did; the caller keeps `cursor` as the next `since`. */
export interface ReconcileReport {
  /** The library's cursor when reconciling began: the index holds every change up to it. */
  cursor: string | undefined;
  /** Every record was read (the cursor had moved or was unknown), not only the ids. */
  fullScan: boolean;
  added: number;
  replaced: number;
  removed: number;
  /** Records that failed validation, left out of the index. */
  unreadable: number;
  /** Time spent in the index itself (adding, replacing, removing), without reading the store. */
  indexMs: number;
}

const DEFAULT_SLICE_MS = 12;
const DEFAULT_CHUNK = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function recordId(record: unknown): string | undefined {
  return isRecord(record) && typeof record.id === "string" ? record.id : undefined;
}

// A scan compares revisions before paying for validation: most records are
// already indexed at their revision and need nothing more.
function recordRevision(record: unknown): unknown {
  return isRecord(record) && isRecord(record.article) ? record.article.revision : undefined;
}

function readArticle(record: unknown): Article | undefined {
  if (!isRecord(record)) return undefined;
  const article = readArticleFields(record.article);
  return article?.id === record.id ? article : undefined;
}

/** Brings the index in step with the source; see ReconcileOptions.since for when it reads only ids. */
export async function reconcileIndex(
  index: ArticleIndex,
  source: ArticleSource,
  { since, pause, sliceMs = DEFAULT_SLICE_MS, chunkSize = DEFAULT_CHUNK }: ReconcileOptions = {},
): Promise<ReconcileReport> {
  // Read before the articles: a sync landing while we read moves the cursor
  // past the one we report, so the next reconcile scans again.
  const cursor = await source.cursor();
  const fullScan = since === undefined || cursor !== since;
  const report: ReconcileReport = { cursor, fullScan, added: 0, replaced: 0, removed: 0, unreadable: 0, indexMs: 0 };
  const indexed = index.revisions();

  let sliceStart = performance.now();
  const timed = <T>(work: () => T): T => {
    const start = performance.now();
    try {
      return work();
    } finally {
      report.indexMs += performance.now() - start;
    }
  };
  const ingest = async (record: unknown, id: string): Promise<void> => {
    const article = readArticle(record);
    if (article) {
      const outcome = timed(() => index.addOrReplace(article));
      if (outcome === "added") report.added++;
      else if (outcome === "replaced") report.replaced++;
    } else {
      report.unreadable++;
      // An article that was readable at an older revision must not linger.
      if (timed(() => index.remove(id))) report.removed++;
    }
    if (pause && performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  };

  const held = new Set<string>();
  if (fullScan) {
    for await (const chunk of source.chunks(chunkSize)) {
      for (const record of chunk) {
        const id = recordId(record);
        if (id === undefined) {
          report.unreadable++;
          continue;
        }
        held.add(id);
        // Any other revision, older too: a store rebuilt on the server can
        // send an article back at a lower revision.
        if (!indexed.has(id) || indexed.get(id) !== recordRevision(record)) await ingest(record, id);
      }
    }
  } else {
    const ids = await source.ids();
    for (const id of ids) held.add(id);
    const missing = ids.filter((id) => !indexed.has(id));
    for (let i = 0; i < missing.length; i += chunkSize) {
      for (const record of await source.records(missing.slice(i, i + chunkSize))) {
        const id = recordId(record);
        if (id === undefined) report.unreadable++;
        else await ingest(record, id);
      }
    }
  }
  for (const id of indexed.keys()) {
    if (!held.has(id) && timed(() => index.remove(id))) report.removed++;
  }
  return report;
}

/** What a sync changed, as the service worker names it. */
export interface LibraryChanges {
  /** Articles added or edited. */
  changed: readonly string[];
  /** Articles withdrawn or dropped. */
  removed: readonly string[];
}

/**
 * Applies the changes one sync reported: reads only the changed articles,
 * drops the removed ones, never the rest of the library. The cursor is read
 * first, as reconcileIndex does, and reported for the caller to keep.
 */
export async function applyChanges(
  index: ArticleIndex,
  source: Pick<ArticleSource, "cursor" | "records">,
  { changed, removed }: LibraryChanges,
): Promise<ReconcileReport> {
  const cursor = await source.cursor();
  const report: ReconcileReport = { cursor, fullScan: false, added: 0, replaced: 0, removed: 0, unreadable: 0, indexMs: 0 };
  const records = changed.length > 0 ? await source.records(changed) : [];
  const start = performance.now();
  const found = new Set<string>();
  for (const record of records) {
    const id = recordId(record);
    if (id === undefined) continue;
    found.add(id);
    const article = readArticle(record);
    if (!article) {
      report.unreadable++;
      if (index.remove(id)) report.removed++;
      continue;
    }
    const outcome = index.addOrReplace(article);
    if (outcome === "added") report.added++;
    else if (outcome === "replaced") report.replaced++;
  }
  // Changed, then gone before we read it (a later sync, an eviction): gone.
  for (const id of [...removed, ...changed.filter((id) => !found.has(id))]) if (index.remove(id)) report.removed++;
  report.indexMs = performance.now() - start;
  return report;
}
