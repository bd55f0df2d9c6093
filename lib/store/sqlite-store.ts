/**
 * The embedded ArticleStore: one SQLite file in DATA_DIR, WAL mode, schema
 * migrations applied when it opens. Every write takes the next number of one
 * monotonic sequence, which the change feed pages by.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Article, ArticleSummary } from "@/lib/article/model";
import { lede } from "@/lib/article/model";
import type {
  Announcement,
  ArticleLocation,
  ArticleStore,
  ChangePage,
  CreateOptions,
  NewArticle,
  PushSubscriptionRecord,
  Revision,
  SectionEntry,
} from "./article-store";
import { SlugTakenError, StoreReadOnlyError } from "./article-store";
import { migrations } from "./migrations";
import type { ArticleRow, LocationRow, ScheduledRow, SummaryRow } from "./rows";
import {
  authorRows,
  authorsColumn,
  byAuthorQuery,
  ChangePageBuilder,
  followArticleQuery,
  insertAuthorsQuery,
  collectMediaIds,
  LOCATION_FIELDS,
  relatedQuery,
  releaseOrder,
  scheduledArticle,
  sectionsQuery,
  summaryColumns,
  toArticle,
  toLocation,
  toSections,
  toSummary,
  withCorrection,
} from "./rows";

export const DATABASE_FILE = "articles.sqlite";

/** The slug's UNIQUE constraint as SlugTakenError (a race the in-transaction check cannot see); any other error as it is. */
function slugTakenOr(error: unknown, slug: string): unknown {
  const taken = error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE" && /slug/.test(error.message);
  return taken ? new SlugTakenError(slug) : error;
}

/** How long a connection waits for another process's write lock (several servers and the CLI share the file). */
export const BUSY_TIMEOUT_MS = 5000;

interface SubscriptionRow {
  endpoint: string;
  p256dh: string;
  auth: string;
}

interface AnnouncementRow {
  id: string;
  article_id: string;
  created_at: string;
  planned_through: string | null;
  planned: number;
}

const toSubscription = (row: SubscriptionRow): PushSubscriptionRecord => ({
  endpoint: row.endpoint,
  keys: { p256dh: row.p256dh, auth: row.auth },
});

const toAnnouncement = (row: AnnouncementRow): Announcement => ({
  id: row.id,
  articleId: row.article_id,
  createdAt: row.created_at,
  ...(row.planned_through === null ? {} : { plannedThrough: row.planned_through }),
  planned: row.planned === 1,
});

function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Applies pending migrations; returns the schema version reached. Runs under
 * the write lock and reads the version again inside it, so processes opening
 * a new store at once migrate it exactly once.
 */
export function migrate(db: Database.Database): number {
  if (schemaVersion(db) >= migrations.length) return migrations.length;
  db.transaction(() => {
    for (let version = schemaVersion(db); version < migrations.length; version++) {
      const step = migrations[version];
      if (step === undefined) break;
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
  return migrations.length;
}

/** SQLite's and the file system's ways of saying "you may read but not write here". */
function isReadOnlyFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (/^SQLITE_(?:READONLY|CANTOPEN|PERM|AUTH)/.test(code) || ["EACCES", "EPERM", "EROFS"].includes(code));
}

function openWritable(file: string): Database.Database {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // The busy timeout comes first: switching to WAL and migrating both wait for other processes' locks.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * An intact store that cannot be written: read it in place, or, when SQLite
 * cannot even read a WAL file without writing beside it (a read-only folder),
 * read a snapshot of the file into memory.
 */
function openReadOnly(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    schemaVersion(db);
  } catch (error) {
    if (!isReadOnlyFailure(error)) throw error;
    const wal = `${file}-wal`;
    // Writes still waiting in the WAL are not in the main file: a snapshot without them would be stale.
    if (existsSync(wal) && statSync(wal).size > 0) throw error;
    const image = readFileSync(file);
    // Bytes 18-19 mark WAL mode; an in-memory copy must use the rollback journal.
    if (image.length > 19 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
    db = new Database(image, { readonly: true });
  }
  if (schemaVersion(db) < migrations.length) {
    db.close();
    throw Object.assign(new Error(`read-only store at schema ${schemaVersion(db)} needs migration to ${migrations.length}`), {
      code: "STORE_NEEDS_MIGRATION",
    });
  }
  return db;
}

/**
 * Opens (creating when needed) the store in `dataDir`. A store that exists
 * but cannot be written opens read-only: reading works, writes throw
 * StoreReadOnlyError. Anything else that stops it opening is thrown.
 */
export function openSqliteStore(dataDir: string): ArticleStore {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  try {
    return new SqliteArticleStore(openWritable(file), file, false);
  } catch (error) {
    if (!isReadOnlyFailure(error) || !existsSync(file)) throw error;
    return new SqliteArticleStore(openReadOnly(file), file, true);
  }
}

class SqliteArticleStore implements ArticleStore {
  private readonly nextSeq;
  private readonly insertRow;
  private readonly updateRow;
  private readonly withdrawRow;
  private readonly bySlug;
  private readonly byId;
  private readonly latestRows;
  private readonly relatedRows;
  private readonly authorRows;
  private readonly clearAuthors;
  private readonly insertAuthors;
  private readonly followArticle;
  private readonly correctionsOf;
  private readonly sectionRows;
  private readonly sectionNames;
  private readonly locationRows;
  private readonly recentLocationRows;
  private readonly changeRows;
  private readonly upsertSubscription;
  private readonly deleteSubscription;
  private readonly subscriptionRows;

  private readonly storeIdentity: string;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly readOnly: boolean,
  ) {
    const identity = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'identity'").get();
    if (!identity) throw new Error("the store has no identity (store_meta)");
    this.storeIdentity = identity.value;
    this.nextSeq = db.prepare<[], { seq: number }>("SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM articles");
    this.insertRow = db.prepare(
      `INSERT INTO articles (id, slug, title, summary, section, authors, blocks, lede, published_at, updated_at, revision, seq, urgent)
       VALUES (@id, @slug, @title, @summary, @section, @authors, @blocks, @lede, @published_at, @updated_at, 1, @seq, @urgent)`,
    );
    this.updateRow = db.prepare(
      `UPDATE articles SET title = @title, summary = @summary, section = @section, authors = @authors, blocks = @blocks,
         lede = @lede, corrections = @corrections, published_at = @published_at, updated_at = @updated_at,
         revision = revision + 1, seq = @seq, urgent = @urgent
       WHERE id = @id AND withdrawn_at IS NULL`,
    );
    this.authorRows = db.prepare<{ key: string; limit: number; offset: number }, SummaryRow>(
      byAuthorQuery("sqlite", (name) => `@${name}`),
    );
    this.clearAuthors = db.prepare<[string]>("DELETE FROM article_authors WHERE article_id = ?");
    this.insertAuthors = db.prepare<{ id: string; rows: string }>(insertAuthorsQuery("sqlite", (name) => `@${name}`));
    this.followArticle = db.prepare<{ id: string }>(followArticleQuery((name) => `@${name}`));
    this.correctionsOf = db.prepare<[string], { corrections: string | null }>(
      "SELECT corrections FROM articles WHERE id = ? AND withdrawn_at IS NULL",
    );
    this.withdrawRow = db.prepare(
      "UPDATE articles SET withdrawn_at = @at, updated_at = @at, seq = @seq WHERE id = @id AND withdrawn_at IS NULL",
    );
    this.bySlug = db.prepare<[string], ArticleRow>(
      "SELECT * FROM articles WHERE slug = ? AND withdrawn_at IS NULL",
    );
    this.byId = db.prepare<[string], ArticleRow>("SELECT * FROM articles WHERE id = ? AND withdrawn_at IS NULL");
    this.latestRows = db.prepare<[number, number], SummaryRow>(
      `SELECT ${summaryColumns("sqlite")} FROM articles WHERE withdrawn_at IS NULL
       ORDER BY published_at DESC, seq DESC LIMIT ? OFFSET ?`,
    );
    this.relatedRows = db.prepare<{ id: string; section: string | null; limit: number }, SummaryRow>(
      relatedQuery("sqlite", (name) => `@${name}`),
    );
    this.sectionRows = db.prepare<[string, number, number], SummaryRow>(
      `SELECT ${summaryColumns("sqlite")} FROM articles WHERE withdrawn_at IS NULL AND section = ?
       ORDER BY section, published_at DESC, seq DESC LIMIT ? OFFSET ?`,
    );
    this.sectionNames = db.prepare<{ limit: number }, { name: string; latest_at: string }>(sectionsQuery((name) => `@${name}`));
    this.locationRows = db.prepare<[number, number], LocationRow>(
      `SELECT ${LOCATION_FIELDS} FROM articles WHERE withdrawn_at IS NULL ORDER BY published_at, seq LIMIT ? OFFSET ?`,
    );
    this.recentLocationRows = db.prepare<[string, number], LocationRow>(
      `SELECT ${LOCATION_FIELDS} FROM articles WHERE withdrawn_at IS NULL AND published_at >= ?
       ORDER BY published_at DESC, seq DESC LIMIT ?`,
    );
    this.changeRows = db.prepare<[number, number], ArticleRow>(
      "SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
    );
    // A browser that subscribes again keeps its endpoint but may rotate its keys; created_at stays the first one.
    this.upsertSubscription = db.prepare(
      `INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES (@endpoint, @p256dh, @auth, @created_at)
       ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth`,
    );
    this.deleteSubscription = db.prepare<[string]>("DELETE FROM push_subscriptions WHERE endpoint = ?");
    this.subscriptionRows = db.prepare<[], SubscriptionRow>(
      "SELECT endpoint, p256dh, auth FROM push_subscriptions ORDER BY created_at, endpoint",
    );
  }

  private seq(): number {
    return this.nextSeq.get()?.seq ?? 1;
  }

  /** Runs a write, reporting a store that cannot be written as StoreReadOnlyError. */
  private write<T>(run: () => T): T {
    if (this.readOnly) throw new StoreReadOnlyError(this.file);
    try {
      return run();
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_READONLY")) {
        throw new StoreReadOnlyError(this.file);
      }
      throw error;
    }
  }

  private columns(input: Omit<NewArticle, "slug">) {
    return {
      title: input.title,
      summary: input.summary ?? null,
      section: input.section ?? null,
      authors: authorsColumn(input.authors),
      blocks: JSON.stringify(input.blocks),
      lede: lede(input),
      published_at: new Date(input.publishedAt).toISOString(),
      urgent: input.urgent ? 1 : 0,
    };
  }

  /** Inside a write transaction: is the slug held by a scheduled article (the articles table checks its own)? */
  private scheduledSlug(slug: string): boolean {
    return this.db.prepare("SELECT 1 FROM scheduled_articles WHERE slug = ?").get(slug) !== undefined;
  }

  async create(input: NewArticle, options: CreateOptions = {}): Promise<Article> {
    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      this.write(() =>
        this.db.transaction(() => {
          if (this.scheduledSlug(input.slug)) throw new SlugTakenError(input.slug);
          this.insertRow.run({ id, slug: input.slug, ...this.columns(input), updated_at: now, seq: this.seq() });
          this.writeAuthors(id, input.authors);
          if (options.announce) {
            this.db
              .prepare("INSERT INTO push_announcements (id, article_id, created_at) VALUES (?, ?, ?)")
              .run(randomUUID(), id, now);
          }
        }).immediate(),
      );
    } catch (error) {
      throw slugTakenOr(error, input.slug);
    }
    const created = await this.getById(id);
    if (!created) throw new Error(`article ${id} vanished after insert`);
    return created;
  }

  /** The article's rows in article_authors, replaced by its byline's, with its order as just written. */
  private writeAuthors(id: string, authors: readonly string[] | undefined): void {
    this.clearAuthors.run(id);
    const rows = authorRows(authors);
    if (rows.length > 0) this.insertAuthors.run({ id, rows: JSON.stringify(rows) });
  }

  async revise(id: string, input: Revision): Promise<Article | undefined> {
    const now = new Date().toISOString();
    const changed = this.write(() =>
      this.db
        .transaction(() => {
          const current = this.correctionsOf.get(id);
          if (!current) return false;
          const corrections = withCorrection(current.corrections, input.correction, now);
          this.updateRow.run({ id, ...this.columns(input), corrections, updated_at: now, seq: this.seq() });
          this.writeAuthors(id, input.authors);
          return true;
        })
        .immediate(),
    );
    return changed ? this.getById(id) : undefined;
  }

  async withdraw(id: string): Promise<boolean> {
    const at = new Date().toISOString();
    return this.write(() =>
      this.db
        .transaction(() => {
          if (this.withdrawRow.run({ id, at, seq: this.seq() }).changes === 0) return false;
          // Its author pages drop it in the same transaction.
          this.followArticle.run({ id });
          return true;
        })
        .immediate(),
    );
  }

  async getBySlug(slug: string): Promise<Article | undefined> {
    const row = this.bySlug.get(slug);
    return row && toArticle(row);
  }

  async getById(id: string): Promise<Article | undefined> {
    const row = this.byId.get(id);
    return row && toArticle(row);
  }

  async slugExists(slug: string): Promise<boolean> {
    // Withdrawn articles keep their slug: a shared link must never point at another story.
    return this.db.prepare("SELECT 1 FROM articles WHERE slug = ? UNION ALL SELECT 1 FROM scheduled_articles WHERE slug = ?").get(slug, slug) !== undefined;
  }

  async latest(limit: number, offset = 0): Promise<ArticleSummary[]> {
    return this.latestRows.all(limit, offset).map(toSummary);
  }

  async byAuthor(key: string, limit: number, offset = 0): Promise<ArticleSummary[]> {
    return this.authorRows.all({ key, limit, offset }).map(toSummary);
  }

  async latestInSection(section: string, limit: number, offset = 0): Promise<ArticleSummary[]> {
    return this.sectionRows.all(section, limit, offset).map(toSummary);
  }

  async sections(limit: number): Promise<SectionEntry[]> {
    if (limit <= 0) return [];
    return toSections(this.sectionNames.all({ limit }));
  }

  async locations(limit: number, offset = 0): Promise<ArticleLocation[]> {
    return this.locationRows.all(limit, offset).map(toLocation);
  }

  async publishedSince(since: string, limit: number): Promise<ArticleLocation[]> {
    // Stored instants are UTC ISO strings with milliseconds, so they compare as text.
    return this.recentLocationRows.all(new Date(since).toISOString(), limit).map(toLocation);
  }

  async related(article: Article, limit: number): Promise<ArticleSummary[]> {
    return this.relatedRows.all({ id: article.id, section: article.section ?? null, limit }).map(toSummary);
  }

  async count(): Promise<number> {
    const row = this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM articles WHERE withdrawn_at IS NULL").get();
    return row?.n ?? 0;
  }

  async changesSince(afterSeq: number, limit: number, maxBytes: number): Promise<ChangePage> {
    // One read transaction, so the page and hasMore describe the same snapshot. Rows are
    // read one at a time, so a page that stops at its byte budget reads no further.
    return this.db.transaction(() => {
      const builder = new ChangePageBuilder(afterSeq, limit, maxBytes);
      for (const row of this.changeRows.iterate(afterSeq, limit + 1)) if (!builder.add(row)) break;
      return builder.page();
    })();
  }

  async identity(): Promise<string> {
    return this.storeIdentity;
  }

  async currentSeq(): Promise<number> {
    return this.seq() - 1;
  }

  // Subscriptions take no sequence number: they change no page, so cached pages must stay valid.
  async saveSubscription(sub: PushSubscriptionRecord): Promise<void> {
    this.write(() =>
      this.upsertSubscription.run({
        endpoint: sub.endpoint,
        p256dh: sub.keys.p256dh,
        auth: sub.keys.auth,
        created_at: new Date().toISOString(),
      }),
    );
  }

  async removeSubscription(endpoint: string): Promise<boolean> {
    return this.write(() => this.deleteSubscription.run(endpoint).changes > 0);
  }

  async listSubscriptions(): Promise<PushSubscriptionRecord[]> {
    return this.subscriptionRows.all().map(toSubscription);
  }

  async subscriptionsAfter(after: string | undefined, limit: number, through?: string): Promise<PushSubscriptionRecord[]> {
    const rows = this.db
      .prepare<{ after: string | null; through: string | null; limit: number }, SubscriptionRow>(
        `SELECT endpoint, p256dh, auth FROM push_subscriptions
         WHERE (@after IS NULL OR endpoint > @after) AND (@through IS NULL OR endpoint <= @through)
         ORDER BY endpoint LIMIT @limit`,
      )
      .all({ after: after ?? null, through: through ?? null, limit });
    return rows.map(toSubscription);
  }

  async subscriptionsByEndpoint(endpoints: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (endpoints.length === 0) return [];
    const rows = this.db
      .prepare<[string], SubscriptionRow>(
        "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE endpoint IN (SELECT value FROM json_each(?)) ORDER BY endpoint",
      )
      .all(JSON.stringify(endpoints));
    return rows.map(toSubscription);
  }

  async pendingAnnouncements(limit: number): Promise<Announcement[]> {
    return this.db
      .prepare<[number], AnnouncementRow>("SELECT * FROM push_announcements WHERE queued_at IS NULL ORDER BY created_at LIMIT ?")
      .all(limit)
      .map(toAnnouncement);
  }

  async countPendingAnnouncements(): Promise<number> {
    const row = this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM push_announcements WHERE queued_at IS NULL").get();
    return row?.n ?? 0;
  }

  async keepSetting(key: string, value: string): Promise<string> {
    const read = () => this.db.prepare<[string], { value: string }>("SELECT value FROM store_meta WHERE key = ?").get(key)?.value;
    const kept = read();
    if (kept !== undefined) return kept;
    this.write(() => this.db.prepare("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING").run(key, value));
    return read() ?? value;
  }

  async markAnnouncementQueued(id: string): Promise<void> {
    this.write(() =>
      this.db.prepare("UPDATE push_announcements SET queued_at = ? WHERE id = ? AND queued_at IS NULL").run(new Date().toISOString(), id),
    );
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const row = this.db.prepare<[string], AnnouncementRow>("SELECT * FROM push_announcements WHERE id = ?").get(id);
    return row && toAnnouncement(row);
  }

  async recordAnnouncementPlan(id: string, plannedThrough: string | undefined, planned: boolean): Promise<void> {
    this.write(() =>
      this.db
        .prepare("UPDATE push_announcements SET planned_through = ?, planned = ? WHERE id = ?")
        .run(plannedThrough ?? null, planned ? 1 : 0, id),
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async countSubscriptions(): Promise<number> {
    return this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM push_subscriptions").get()?.n ?? 0;
  }

  async isWithdrawnSlug(slug: string): Promise<boolean> {
    return this.db.prepare("SELECT 1 FROM articles WHERE slug = ? AND withdrawn_at IS NOT NULL").get(slug) !== undefined;
  }

  async mediaInUse(withdrawnSince: string): Promise<string[]> {
    const ids = new Set<string>();
    // Rows are read one at a time: a large store's bodies never sit in memory together.
    const rows = this.db.prepare<[string], { blocks: string }>(
      `SELECT blocks FROM articles WHERE (withdrawn_at IS NULL OR withdrawn_at >= ?) AND blocks LIKE '%/media/%'
       UNION ALL SELECT blocks FROM scheduled_articles WHERE blocks LIKE '%/media/%'`,
    );
    for (const row of rows.iterate(new Date(withdrawnSince).toISOString())) collectMediaIds(row.blocks, ids);
    return [...ids];
  }

  async schedule(input: NewArticle, options: CreateOptions = {}): Promise<Article> {
    const id = randomUUID();
    const row = { id, slug: input.slug, ...this.columns(input), updated_at: new Date().toISOString(), announce: options.announce ? 1 : 0 };
    try {
      this.write(() =>
        this.db.transaction(() => {
          if (this.db.prepare("SELECT 1 FROM articles WHERE slug = ?").get(input.slug) !== undefined) throw new SlugTakenError(input.slug);
          this.db
            .prepare(
              `INSERT INTO scheduled_articles (id, slug, title, summary, section, authors, blocks, lede, published_at, updated_at, urgent, announce)
               VALUES (@id, @slug, @title, @summary, @section, @authors, @blocks, @lede, @published_at, @updated_at, @urgent, @announce)`,
            )
            .run(row);
        }).immediate(),
      );
    } catch (error) {
      throw slugTakenOr(error, input.slug);
    }
    const scheduled = await this.getScheduled(id);
    if (!scheduled) throw new Error(`scheduled article ${id} vanished after insert`);
    return scheduled;
  }

  async getScheduled(id: string): Promise<Article | undefined> {
    const row = this.db.prepare<[string], ScheduledRow>("SELECT * FROM scheduled_articles WHERE id = ?").get(id);
    return row && scheduledArticle(row);
  }

  async listScheduled(): Promise<Article[]> {
    return this.db.prepare<[], ScheduledRow>("SELECT * FROM scheduled_articles ORDER BY published_at, id").all().map(scheduledArticle);
  }

  async reviseScheduled(id: string, input: Omit<NewArticle, "slug">): Promise<Article | undefined> {
    const changed = this.write(
      () =>
        this.db
          .prepare(
            `UPDATE scheduled_articles SET title = @title, summary = @summary, section = @section, authors = @authors, blocks = @blocks, lede = @lede,
               published_at = @published_at, updated_at = @updated_at, urgent = @urgent WHERE id = @id`,
          )
          .run({ id, ...this.columns(input), updated_at: new Date().toISOString() }).changes,
    );
    return changed ? this.getScheduled(id) : undefined;
  }

  async cancelScheduled(id: string): Promise<boolean> {
    return this.write(() => this.db.prepare("DELETE FROM scheduled_articles WHERE id = ?").run(id).changes > 0);
  }

  async nextScheduledAt(): Promise<string | undefined> {
    return this.db.prepare<[], { at: string | null }>("SELECT MIN(published_at) AS at FROM scheduled_articles").get()?.at ?? undefined;
  }

  async releaseDue(now: Date = new Date()): Promise<Article[]> {
    const due = now.toISOString();
    // A read first: the poll runs every second, and most of them find nothing to take the write lock for.
    if (this.readOnly || this.db.prepare("SELECT 1 FROM scheduled_articles WHERE published_at <= ? LIMIT 1").get(due) === undefined) return [];
    const ids = this.write(() =>
      // Under the write lock (immediate): a second process waits, then finds the rows gone.
      this.db.transaction(() => {
        const rows = releaseOrder(this.db.prepare<[string], ScheduledRow>("SELECT * FROM scheduled_articles WHERE published_at <= ?").all(due));
        const at = new Date().toISOString();
        for (const scheduled of rows) {
          const { announce, ...row } = scheduled;
          this.insertRow.run({ ...row, updated_at: at, seq: this.seq(), urgent: row.urgent ? 1 : 0 });
          this.writeAuthors(row.id, scheduledArticle(scheduled).authors);
          if (announce) {
            this.db.prepare("INSERT INTO push_announcements (id, article_id, created_at) VALUES (?, ?, ?)").run(randomUUID(), row.id, at);
          }
          this.db.prepare("DELETE FROM scheduled_articles WHERE id = ?").run(row.id);
        }
        return rows.map((row) => row.id);
      }).immediate(),
    );
    const released: Article[] = [];
    for (const id of ids) {
      const article = await this.getById(id);
      if (article) released.push(article);
    }
    return released;
  }

  async latestUrgent(since: string, now: Date = new Date()): Promise<ArticleSummary | undefined> {
    const row = this.db
      .prepare<[string, string], SummaryRow>(
        `SELECT ${summaryColumns("sqlite")} FROM articles WHERE urgent = 1 AND withdrawn_at IS NULL AND published_at > ? AND published_at <= ?
         ORDER BY published_at DESC LIMIT 1`,
      )
      .get(new Date(since).toISOString(), now.toISOString());
    return row && toSummary(row);
  }
}
