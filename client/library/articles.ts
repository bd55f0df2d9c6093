/**
 * Reading the held articles: by slug or id, newest first a page at a time,
 * and which of a few ids the phone holds. Every read goes through the
 * tolerant reader; a record that cannot be read is dropped, and the sync
 * cursor with it, so the next sync brings the article again.
 */
import type { Article, ArticleSummary } from "@/lib/article/model";
import { authorKey, summarize } from "@/lib/article/model";
import { readArticle } from "@/lib/article/read";
import { library } from "./connection";
import type { LibraryDB, StoredArticle } from "./schema";

/** The article a stored record holds, or undefined when it cannot be read (or is not a record of ours). */
export function readStoredArticle(record: unknown): Article | undefined {
  if (typeof record !== "object" || record === null) return undefined;
  const { id, article } = record as Partial<StoredArticle>;
  const read = readArticle(article);
  return read && read.id === id ? read : undefined;
}

async function dropUnreadable(db: LibraryDB, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const tx = db.transaction(["articles", "meta"], "readwrite");
  for (const id of ids) await tx.objectStore("articles").delete(id);
  await tx.objectStore("meta").delete("cursor");
  await tx.done;
}

async function readOrDrop(db: LibraryDB, record: StoredArticle | undefined): Promise<Article | undefined> {
  if (!record) return undefined;
  const article = readStoredArticle(record);
  if (!article) await dropUnreadable(db, [String(record.id)]);
  return article;
}

/** The held article at a slug; undefined when absent or unreadable. */
export async function articleBySlug(slug: string): Promise<Article | undefined> {
  const db = await library();
  return readOrDrop(db, await db.getFromIndex("articles", "by-slug", slug));
}

/** The held article with an id; undefined when absent or unreadable. */
export async function articleById(id: string): Promise<Article | undefined> {
  const db = await library();
  return readOrDrop(db, await db.get("articles", id));
}

export interface SummaryPage {
  items: ArticleSummary[];
  /** Whether older articles follow. */
  hasMore: boolean;
}

/**
 * Held articles newest first, as summaries: `limit` of them after skipping
 * `offset`. Reads only the records it returns (and skips by key), whatever
 * the size of the library.
 */
export async function latestSummaries(limit: number, offset = 0): Promise<SummaryPage> {
  const db = await library();
  const items: ArticleSummary[] = [];
  const unreadable: string[] = [];
  const tx = db.transaction("articles");
  let cursor = await tx.store.index("by-published").openCursor(null, "prev");
  if (cursor && offset > 0) cursor = await cursor.advance(offset);
  while (cursor && items.length < limit) {
    const article = readStoredArticle(cursor.value);
    if (article) items.push(summarize(article));
    else unreadable.push(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  const hasMore = cursor !== null;
  await tx.done;
  await dropUnreadable(db, unreadable);
  return { items, hasMore };
}

/**
 * Held articles whose byline names the author with this key (authorKey),
 * newest first: `limit` of them after skipping `offset` of theirs. A walk of
 * the library newest first that reads in full only the author's records; only
 * an author's page opened offline asks.
 */
export async function summariesByAuthor(key: string, limit: number, offset = 0): Promise<SummaryPage> {
  const db = await library();
  const items: ArticleSummary[] = [];
  let skipped = 0;
  let hasMore = false;
  const tx = db.transaction("articles");
  let cursor = await tx.store.index("by-published").openCursor(null, "prev");
  while (cursor) {
    const names: unknown = cursor.value.article?.authors;
    if (Array.isArray(names) && names.some((n) => typeof n === "string" && authorKey(n) === key)) {
      const article = readStoredArticle(cursor.value);
      if (article?.authors?.some((n) => authorKey(n) === key)) {
        if (items.length === limit) {
          hasMore = true;
          break;
        }
        if (skipped < offset) skipped++;
        else items.push(summarize(article));
      }
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return { items, hasMore };
}

/** The "by-section" index's keys for one section: [name, publishedAt] for any date (arrays sort after strings). */
const sectionRange = (name: string) => IDBKeyRange.bound([name], [name, []]);

/**
 * Held articles of a section, newest first, as summaries: `limit` of them after
 * skipping `offset`, with how many the phone holds in all. One range of the
 * "by-section" index: reads only the records it returns, whatever the size of
 * the library.
 */
export async function summariesInSection(name: string, limit: number, offset = 0): Promise<SummaryPage & { total: number }> {
  const db = await library();
  const items: ArticleSummary[] = [];
  const unreadable: string[] = [];
  const tx = db.transaction("articles");
  const index = tx.store.index("by-section");
  const total = await index.count(sectionRange(name));
  let cursor = await index.openCursor(sectionRange(name), "prev");
  if (cursor && offset > 0) cursor = await cursor.advance(offset);
  while (cursor && items.length < limit) {
    const article = readStoredArticle(cursor.value);
    // The index key is the record's own copy of the section: trust the article, read through the tolerant reader.
    if (article?.section === name) items.push(summarize(article));
    else if (!article) unreadable.push(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  const hasMore = cursor !== null;
  await tx.done;
  await dropUnreadable(db, unreadable);
  return { items, hasMore, total };
}

/** How many urgent copies a banner lookup reads at most (the newest few; one in practice). */
const URGENT_LOOKUP_LIMIT = 5;

/**
 * The newest held urgent article published after `since` and not after `now`,
 * for the offline «عاجل» banner: a few steps down the "by-urgent" index
 * (urgent copies only), whatever the library's size.
 */
export async function latestUrgentSummary(since: string, now = Date.now()): Promise<ArticleSummary | undefined> {
  const tx = (await library()).transaction("articles");
  let cursor = await tx.store.index("by-urgent").openCursor(IDBKeyRange.lowerBound(since, true), "prev");
  let found: ArticleSummary | undefined;
  for (let read = 0; cursor && read < URGENT_LOOKUP_LIMIT && !found; read++) {
    const article = readStoredArticle(cursor.value);
    // The index key is the record's own copy of the date: trust the article, read through the tolerant reader.
    if (article?.urgent && Date.parse(article.publishedAt) > Date.parse(since) && Date.parse(article.publishedAt) <= now) found = summarize(article);
    cursor = await cursor.continue();
  }
  await tx.done;
  return found;
}

/** How many articles the phone holds. */
export async function countArticles(): Promise<number> {
  return (await library()).count("articles");
}

/** Which of these ids the phone holds (a page's listed articles, say): one key lookup each. */
export async function heldAmong(ids: readonly string[]): Promise<Set<string>> {
  const tx = (await library()).transaction("articles");
  const held = new Set<string>();
  for (const id of new Set(ids)) if ((await tx.store.getKey(id)) !== undefined) held.add(id);
  await tx.done;
  return held;
}

/** Every held id with its revision, keys and one number each: what a search index compares itself with. */
export async function heldRevisions(): Promise<Map<string, number>> {
  const tx = (await library()).transaction("articles");
  const revisions = new Map<string, number>();
  let cursor = await tx.store.openCursor();
  while (cursor) {
    const revision: unknown = cursor.value.article?.revision;
    revisions.set(cursor.primaryKey, typeof revision === "number" ? revision : 0);
    cursor = await cursor.continue();
  }
  await tx.done;
  return revisions;
}

/** The held articles with these ids (readable ones only), in one transaction. */
export async function articlesByIds(ids: readonly string[]): Promise<Article[]> {
  const tx = (await library()).transaction("articles");
  const out: Article[] = [];
  for (const id of ids) {
    const article = readStoredArticle(await tx.store.get(id));
    if (article) out.push(article);
  }
  await tx.done;
  return out;
}

/** Every held id (keys only). */
export async function heldIds(): Promise<string[]> {
  return (await library()).getAllKeys("articles");
}

/** The stored records with these ids, as stored (callers read them with readStoredArticle). */
export async function storedRecords(ids: readonly string[]): Promise<StoredArticle[]> {
  const tx = (await library()).transaction("articles");
  const found = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return found.filter((record) => record !== undefined);
}

/** Every stored record, `size` at a time in id order; each chunk is its own transaction, so syncs are never held up for long. */
export async function* storedRecordChunks(size: number): AsyncGenerator<StoredArticle[]> {
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const chunk = await (await library()).getAll("articles", range, size);
    const last = chunk.at(-1);
    if (!last) return;
    yield chunk;
    if (chunk.length < size) return;
    after = last.id;
  }
}
