/**
 * The shape of one page of GET /api/articles?since=…, shared by the server that
 * writes it and the service worker that reads it.
 */
import type { Article } from "@/lib/article/model";
import { readArticle } from "@/lib/article/read";

export interface FeedPage {
  articles: Article[];
  /** Ids of articles withdrawn since the cursor. */
  deleted: string[];
  /** Where the next request continues from. */
  cursor: string;
  hasMore: boolean;
}

/** The 400 answer to a cursor this store did not issue (or one ahead of it): the phone starts over. */
export interface FeedReset {
  error: string;
  field: "since";
  reset: true;
}

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;
/**
 * A page stops adding articles once their JSON passes this many bytes (it
 * always holds at least one, so the feed moves on whatever the size of an
 * article): a page's memory, on the server and on the phone, stays bounded
 * whatever `limit` asks for.
 */
export const FEED_MAX_BYTES = 1024 * 1024;

export interface ReadFeedPage {
  page: FeedPage;
  /** Entries the reader could not read and left out (an article it cannot show, an id that is not one). */
  skipped: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a feed page from the network. The envelope must be there (without a
 * cursor the phone cannot go on); each entry is read on its own, and what
 * cannot be read is skipped and counted, never the whole page. Fields this
 * version does not know are ignored.
 */
export function readFeedPage(value: unknown): ReadFeedPage | undefined {
  if (!isRecord(value)) return undefined;
  const { articles, deleted, cursor, hasMore } = value;
  if (!Array.isArray(articles) || !Array.isArray(deleted)) return undefined;
  if (typeof cursor !== "string" || cursor === "" || typeof hasMore !== "boolean") return undefined;
  const page: FeedPage = { articles: [], deleted: [], cursor, hasMore };
  let skipped = 0;
  for (const entry of articles) {
    const article = readArticle(entry);
    if (article) page.articles.push(article);
    else skipped++;
  }
  for (const id of deleted) {
    if (typeof id === "string" && id !== "") page.deleted.push(id);
    else skipped++;
  }
  return { page, skipped };
}

/** True when a 400 from the feed says the cursor belongs to another store (or is ahead of this one). */
export function isFeedReset(value: unknown): boolean {
  return isRecord(value) && value.reset === true;
}
