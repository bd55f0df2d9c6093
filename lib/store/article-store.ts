/**
 * The storage boundary. Pages, the API and publishing talk to this interface,
 * never to SQL, so a PostgreSQL implementation can stand in for SQLite.
 */
import type { Article, ArticleSummary, Block } from "@/lib/article/model";

/** An article about to be stored: the store assigns id, revision and timestamps. */
export interface NewArticle {
  slug: string;
  title: string;
  summary?: string;
  section?: string;
  blocks: Block[];
  /** ISO 8601 instant. */
  publishedAt: string;
}

/** One page of the change feed: every change after a sequence number, in order. */
export interface ChangePage {
  articles: Article[];
  /** Ids of articles withdrawn after the requested sequence number. */
  deleted: string[];
  /** The sequence number to continue from. */
  lastSeq: number;
  hasMore: boolean;
}

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it (validated in lib/push/subscription.ts). */
export interface PushSubscriptionRecord {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`slug already taken: ${slug}`);
    this.name = "SlugTakenError";
  }
}

/** The store is open read-only (its file or folder cannot be written): reading works, writing does not. */
export class StoreReadOnlyError extends Error {
  constructor(readonly location: string) {
    super(`article store is read-only: ${location}`);
    this.name = "StoreReadOnlyError";
  }
}

export interface ArticleStore {
  /** Stores a new article at revision 1; throws SlugTakenError when the slug is in use. */
  create(input: NewArticle): Promise<Article>;
  /** Replaces an article's content, bumping its revision; undefined when there is no such live article. */
  revise(id: string, input: Omit<NewArticle, "slug">): Promise<Article | undefined>;
  /** Withdraws an article: it leaves every list and feed as a deletion. */
  withdraw(id: string): Promise<boolean>;
  getBySlug(slug: string): Promise<Article | undefined>;
  getById(id: string): Promise<Article | undefined>;
  slugExists(slug: string): Promise<boolean>;
  /** Live articles, newest first: `limit` of them after skipping `offset`. */
  latest(limit: number, offset?: number): Promise<ArticleSummary[]>;
  /** Other live articles a reader of `article` may want next. */
  related(article: Article, limit: number): Promise<ArticleSummary[]>;
  count(): Promise<number>;
  /**
   * Changes with a sequence number above `afterSeq`, oldest first: at most
   * `limit` of them, and no more articles once their JSON passes `maxBytes`
   * (always at least one change, so the feed moves on).
   */
  changesSince(afterSeq: number, limit: number, maxBytes: number): Promise<ChangePage>;
  /** The store's identity: made once with the store, kept by its backups, never the same for two stores. */
  identity(): Promise<string>;
  /** The sequence number of the latest change; 0 for a store that never held an article. */
  currentSeq(): Promise<number>;
  /** Stores a push subscription, replacing the keys of one with the same endpoint. */
  saveSubscription(sub: PushSubscriptionRecord): Promise<void>;
  /** Forgets a push subscription; false when there was none with that endpoint. */
  removeSubscription(endpoint: string): Promise<boolean>;
  /** Every push subscription, oldest first. */
  listSubscriptions(): Promise<PushSubscriptionRecord[]>;
  close(): Promise<void>;
  /** How many push subscriptions are stored. */
  countSubscriptions(): Promise<number>;
  /** True when `slug` belonged to an article that was withdrawn: its tombstone keeps the slug. */
  isWithdrawnSlug(slug: string): Promise<boolean>;
}
