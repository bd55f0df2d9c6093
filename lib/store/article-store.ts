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
  /** The byline's names, in order. */
  authors?: string[];
  blocks: Block[];
  /** ISO 8601 instant. */
  publishedAt: string;
  /** Breaking news; false or absent for the rest. */
  urgent?: boolean | undefined;
}

/** An edit: the article's new content, and the correction note it carries, if any. */
export type Revision = Omit<NewArticle, "slug"> & {
  /** Added after the article's earlier corrections, with the edit's time; earlier ones are kept either way. */
  correction?: string;
};

/** One page of the change feed: every change after a sequence number, in order. */
export interface ChangePage {
  articles: Article[];
  /** Ids of articles withdrawn after the requested sequence number. */
  deleted: string[];
  /** The sequence number to continue from. */
  lastSeq: number;
  hasMore: boolean;
}

/** A section with at least one live article, and when its newest was published (ISO 8601). */
export interface SectionEntry {
  name: string;
  latestAt: string;
}

/** Where an article lives and when it was published and changed: what sitemaps list, without its body. */
export interface ArticleLocation {
  slug: string;
  title: string;
  section?: string;
  /** ISO 8601 instants. */
  publishedAt: string;
  updatedAt: string;
}

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it (validated in lib/push/subscription.ts). */
export interface PushSubscriptionRecord {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Options for a new article. */
export interface CreateOptions {
  /**
   * Record a push announcement of the article in the same transaction (the
   * outbox), for the push workers to send: a publish that commits is
   * announced, one that fails is not.
   */
  announce?: boolean;
}

/** A push announcement waiting in the outbox or being sent (lib/push/fanout.ts). */
export interface Announcement {
  id: string;
  articleId: string;
  /** ISO 8601; an announcement older than the push TTL is dropped, never sent late. */
  createdAt: string;
  /** The last subscription endpoint already split into send batches; undefined before the first. */
  plannedThrough?: string;
  /** Every subscription has been put in a batch. */
  planned: boolean;
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
  create(input: NewArticle, options?: CreateOptions): Promise<Article>;
  /** Replaces an article's content, bumping its revision; undefined when there is no such live article. */
  revise(id: string, input: Revision): Promise<Article | undefined>;
  /** Withdraws an article: it leaves every list and feed as a deletion. */
  withdraw(id: string): Promise<boolean>;
  getBySlug(slug: string): Promise<Article | undefined>;
  getById(id: string): Promise<Article | undefined>;
  slugExists(slug: string): Promise<boolean>;
  /** Live articles, newest first: `limit` of them after skipping `offset`. */
  latest(limit: number, offset?: number): Promise<ArticleSummary[]>;
  /** Live articles whose byline names the author with this key (authorKey), newest first. */
  byAuthor(key: string, limit: number, offset?: number): Promise<ArticleSummary[]>;
  /** Live articles of `section`, newest first: `limit` of them after skipping `offset` (an index scan). */
  latestInSection(section: string, limit: number, offset?: number): Promise<ArticleSummary[]>;
  /**
   * Sections in use (with a live article), at most `limit`, sorted by name in
   * code-unit order. One index seek per section, however many articles.
   */
  sections(limit: number): Promise<SectionEntry[]>;
  /** Live articles oldest first, without bodies: `limit` of them after skipping `offset` (sitemaps page through this). */
  locations(limit: number, offset?: number): Promise<ArticleLocation[]>;
  /** Live articles published at or after `since` (ISO 8601), newest first, at most `limit`, without bodies. */
  publishedSince(since: string, limit: number): Promise<ArticleLocation[]>;
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
  /** Every push subscription, oldest first (small lists only: sending reads with subscriptionsAfter). */
  listSubscriptions(): Promise<PushSubscriptionRecord[]>;
  /**
   * Push subscriptions in endpoint order (byte order), a page at a time: those
   * after `after` (all when undefined) and, when given, not past `through`.
   */
  subscriptionsAfter(after: string | undefined, limit: number, through?: string): Promise<PushSubscriptionRecord[]>;
  /** The stored subscriptions among `endpoints`, in endpoint order. */
  subscriptionsByEndpoint(endpoints: readonly string[]): Promise<PushSubscriptionRecord[]>;
  /** Announcements recorded by publishes and not yet handed to the push queue, oldest first. */
  pendingAnnouncements(limit: number): Promise<Announcement[]>;
  /** How many announcements wait in the outbox, not yet handed to the push queue (/api/health). */
  countPendingAnnouncements(): Promise<number>;
  /**
   * The value kept under `key` among the store's own settings; when there is
   * none yet, `value` is kept and returned. Processes asking at once all get
   * the one kept first (several servers generating one VAPID key pair).
   */
  keepSetting(key: string, value: string): Promise<string>;
  /** Marks an announcement handed to the push queue. */
  markAnnouncementQueued(id: string): Promise<void>;
  getAnnouncement(id: string): Promise<Announcement | undefined>;
  /** Records how far an announcement's subscriptions have been split into batches, and whether that is all of them. */
  recordAnnouncementPlan(id: string, plannedThrough: string | undefined, planned: boolean): Promise<void>;
  close(): Promise<void>;
  /** How many push subscriptions are stored. */
  countSubscriptions(): Promise<number>;
  /** True when `slug` belonged to an article that was withdrawn: its tombstone keeps the slug. */
  isWithdrawnSlug(slug: string): Promise<boolean>;
  /**
   * Ids of the site's pictures (`/media/<id>`) that articles name anywhere in
   * their body: live ones, and those withdrawn at or after `withdrawnSince`
   * (ISO 8601), whose pictures are kept a while in case the article returns.
   * Whatever else holds articles (scheduled ones) must be named here too: the
   * media collection deletes every picture this leaves out.
   */
  mediaInUse(withdrawnSince: string): Promise<string[]>;

  // Scheduled articles wait outside `articles` (no page, feed or phone sees them) with their id and
  // slug reserved; releaseDue moves them in, each with the next change number and its announcement.
  /** Stores an article to appear at its `publishedAt`; throws SlugTakenError when the slug is in use, live or scheduled. */
  schedule(input: NewArticle, options?: CreateOptions): Promise<Article>;
  /** A scheduled (not yet released) article. */
  getScheduled(id: string): Promise<Article | undefined>;
  /** Every scheduled article, soonest first. */
  listScheduled(): Promise<Article[]>;
  /** Replaces a scheduled article's content and time; undefined when it is not (or no longer) scheduled. */
  reviseScheduled(id: string, input: Omit<NewArticle, "slug">): Promise<Article | undefined>;
  /** Cancels a scheduled article: it is never published and its slug is free again. */
  cancelScheduled(id: string): Promise<boolean>;
  /** When the soonest scheduled article is due (ISO 8601); undefined when none is waiting. */
  nextScheduledAt(): Promise<string | undefined>;
  /**
   * Publishes every scheduled article due at `now`, in one transaction, in
   * order of time: each takes the next change number and, when it was
   * scheduled with `announce`, its push announcement. Stores racing to do it
   * release each article exactly once. Returns what this call released.
   */
  releaseDue(now?: Date): Promise<Article[]>;
  /** The newest live urgent article published after `since` (ISO 8601) and not after `now`. */
  latestUrgent(since: string, now?: Date): Promise<ArticleSummary | undefined>;
}
