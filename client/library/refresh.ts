/**
 * Bringing held articles of an older record format up to date. A worker that
 * read the feed through an older reader dropped the fields it did not know
 * (bylines, corrections, «عاجل» before format 2), and a copy is only sent again
 * when the article is edited. So once per RECORD_FORMAT, the worker walks the
 * feed from its start with a cursor of its own and replaces each outdated copy
 * it holds with the server's, in place: nothing is added, removed or marked
 * unread, the reader's saved articles, positions and pictures stay, and the
 * library's own sync cursor goes on as before. Each feed page is written with
 * the walk's cursor in one transaction, so a walk cut short resumes there.
 */
import type { IDBPObjectStore, StoreNames } from "idb";
import type { Article } from "@/lib/article/model";
import type { FeedPage } from "@/lib/feed/feed-page";
import { library } from "./connection";
import { listArticleImages } from "./media";
import { metaValue } from "./meta";
import type { LibrarySchema, StoredArticle } from "./schema";
import { RECORD_FORMAT } from "./schema";

/** Whether a stored record was written in this version's format (or a newer one). */
export function isCurrentRecord(record: Pick<StoredArticle, "format">): boolean {
  return typeof record.format === "number" && record.format >= RECORD_FORMAT;
}

type ArticlesStore = IDBPObjectStore<LibrarySchema, ArrayLike<StoreNames<LibrarySchema>>, "articles", "readwrite">;

/** Held articles of an older format, counted from the "by-format" index (records without a format are not in it). */
async function outdatedCount(articles: ArticlesStore): Promise<number> {
  const all = await articles.count();
  const current = await articles.index("by-format").count(IDBKeyRange.lowerBound(RECORD_FORMAT));
  return all - current;
}

/**
 * Where the walk continues, or undefined when there is nothing to bring: the
 * library was brought up to this format already, or holds no outdated copy (it
 * is then marked as brought, so the check is one read from now on).
 */
export async function refreshDue(): Promise<{ cursor: string | undefined } | undefined> {
  // Every sync asks: once brought, one read of a meta value answers, without a write lock on the library.
  if ((metaValue("formatRefreshed", await (await library()).get("meta", "formatRefreshed")) ?? 0) >= RECORD_FORMAT) return undefined;
  const tx = (await library()).transaction(["articles", "meta"], "readwrite");
  const meta = tx.objectStore("meta");
  const done = (metaValue("formatRefreshed", await meta.get("formatRefreshed")) ?? 0) >= RECORD_FORMAT;
  let due: { cursor: string | undefined } | undefined;
  if (!done && (await outdatedCount(tx.objectStore("articles"))) > 0) {
    due = { cursor: metaValue("refreshCursor", await meta.get("refreshCursor")) };
  } else if (!done) {
    await meta.put(RECORD_FORMAT, "formatRefreshed");
    await meta.delete("refreshCursor");
  }
  await tx.done;
  return due;
}

export interface RefreshResult {
  /** Ids whose copy was replaced. */
  refreshed: string[];
  /** Held copies still of an older format after this page. */
  outdated: number;
  /** The walk is over: the feed ended, or no outdated copy is left. */
  done: boolean;
}

/**
 * Replaces the outdated copies among a feed page's articles with the page's,
 * and moves the walk's cursor, in one transaction. An article the phone does
 * not hold is left out (the sync brings what is new); a copy already current
 * was written by a sync since, from a feed at least as new, and stays; so does
 * a copy of a newer revision than the page's. A copy's pass mark (a resync
 * under way) goes with it.
 */
export async function applyRefreshPage(page: FeedPage): Promise<RefreshResult> {
  const tx = (await library()).transaction(["articles", "meta", "media"], "readwrite");
  const articles = tx.objectStore("articles");
  const media = tx.objectStore("media");
  const newest = new Map<string, Article>();
  for (const article of page.articles) {
    const seen = newest.get(article.id);
    if (!seen || seen.revision < article.revision) newest.set(article.id, article);
  }
  const refreshed: string[] = [];
  const now = Date.now();
  for (const article of newest.values()) {
    const record = await articles.get(article.id);
    if (!record || isCurrentRecord(record)) continue;
    const revision: unknown = record.article?.revision;
    if (typeof revision === "number" && revision > article.revision) continue;
    // A slug held under another id is the sync's to settle (it replaces the stale holder).
    const holder = await articles.index("by-slug").getKey(article.slug);
    if (holder !== undefined && holder !== article.id) continue;
    await articles.put({
      format: RECORD_FORMAT,
      id: article.id,
      article,
      syncedAt: now,
      ...(typeof record.pass === "number" ? { pass: record.pass } : {}),
      ...(article.urgent ? { urgentAt: article.publishedAt } : {}),
    });
    await listArticleImages(media, article);
    refreshed.push(article.id);
  }
  const outdated = await outdatedCount(articles);
  const done = !page.hasMore || outdated === 0;
  const meta = tx.objectStore("meta");
  if (done) {
    // Copies still outdated are ones the server no longer sends: they stay readable as they are.
    await meta.put(RECORD_FORMAT, "formatRefreshed");
    await meta.delete("refreshCursor");
  } else {
    await meta.put(page.cursor, "refreshCursor");
  }
  await tx.done;
  return { refreshed, outdated, done };
}
