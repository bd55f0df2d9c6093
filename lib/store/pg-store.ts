/**
 * The ArticleStore on PostgreSQL (DATABASE_URL), for several app servers on
 * one database. Same contract as the SQLite store (lib/store/store-contract.test.ts).
 *
 * The change feed must never skip: numbers from a SEQUENCE are handed out in
 * call order but become visible in commit order, so a reader could page past
 * number 7 while the transaction holding 7 has yet to commit, and never see
 * it. Every write that takes a number therefore holds one transaction-scoped
 * advisory lock (FEED_LOCK) from before `nextval` until its commit, which
 * releases the lock only once the commit is visible: numbers then become
 * visible in number order. Writes serialise on it, which a newsroom's rate of
 * publishing never notices. Readers take no lock.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
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
import { pgMigrations } from "./pg-migrations";
import type { ArticleRow, LocationRow, ScheduledRow, SummaryRow } from "./rows";
import {
  authorRows,
  authorsColumn,
  byAuthorQuery,
  followArticleQuery,
  insertAuthorsQuery,
  ChangePageBuilder,
  LOCATION_FIELDS,
  pageCut,
  relatedQuery,
  releaseOrder,
  ROW_BYTES_SQL,
  scheduledArticle,
  sectionsQuery,
  summaryColumns,
  toArticle,
  toLocation,
  toSections,
  toSummary,
  withCorrection,
} from "./rows";

/** Advisory lock keys (bigint), one per purpose, fixed for this schema. */
export const MIGRATION_LOCK = 7_140_001;
export const FEED_LOCK = 7_140_002;

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;

/** Sequence numbers as numbers (they stay far below 2^53) and instants as ISO strings, as the SQLite store gives them. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ_OID) {
      const parse = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text") as (value: string) => Date;
      return (value: string) => parse(value).toISOString();
    }
    return pg.types.getTypeParser(oid, format ?? "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** DATABASE_URL without its password, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "DATABASE_URL";
  }
}

/** True for the URL schemes that name a PostgreSQL server. */
export function isPostgresUrl(url: string): boolean {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The database refused a write because it, or this role's session, is read-only (a hot standby, say). */
function isReadOnlyFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // 25006 read_only_sql_transaction; 42501 insufficient_privilege (a role granted SELECT only).
  return code === "25006" || code === "42501";
}

export interface PgStoreOptions {
  /** Connections this process may hold; default 10. */
  maxConnections?: number;
}

/** A pool whose type parsing matches the SQLite store's rows. */
export function createPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    // A process that hangs mid-transaction must not hold the feed lock, and every writer, for ever.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle connection the server dropped (a restart, a failover) is replaced on next use; never crash for it.
  pool.on("error", (error) => console.warn(`postgres: idle connection lost: ${error.message}`));
  return pool;
}

async function inTransaction<T>(pool: pg.Pool, begin: string, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await run(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const table = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table.rows[0]?.present) return 0;
  const { rows } = await db.query<{ version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations");
  return rows[0]?.version ?? 0;
}

/**
 * Applies pending migrations under MIGRATION_LOCK, reading the version again
 * once the lock is held: servers starting together migrate exactly once.
 */
export async function migratePg(pool: pg.Pool): Promise<number> {
  if ((await schemaVersion(pool)) >= pgMigrations.length) return pgMigrations.length;
  await inTransaction(pool, "BEGIN", async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    for (let version = await schemaVersion(client); version < pgMigrations.length; version++) {
      const step = pgMigrations[version];
      if (step === undefined) break;
      await client.query(step);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version + 1]);
    }
  });
  return pgMigrations.length;
}

/**
 * Opens the store at `url`, migrating it when needed. A database that only
 * reads (a hot standby, `default_transaction_read_only`) opens read-only when
 * its schema is current: reading works, writes throw StoreReadOnlyError.
 */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<ArticleStore> {
  const pool = createPool(url, options.maxConnections ?? 10, "akhbar");
  try {
    const { rows } = await pool.query<{ read_only: string }>("SHOW transaction_read_only");
    const readOnly = rows[0]?.read_only === "on";
    if (readOnly) {
      const version = await schemaVersion(pool);
      if (version < pgMigrations.length) {
        throw Object.assign(new Error(`read-only database at schema ${version} needs migration to ${pgMigrations.length}`), {
          code: "STORE_NEEDS_MIGRATION",
        });
      }
    } else {
      await migratePg(pool);
    }
    const identity = await pool.query<{ value: string }>("SELECT value FROM store_meta WHERE key = 'identity'");
    const value = identity.rows[0]?.value;
    if (!value) throw new Error("the store has no identity (store_meta)");
    return new PgArticleStore(pool, describeDatabaseUrl(url), value, readOnly);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

interface SubscriptionRow {
  endpoint: string;
  p256dh: string;
  auth: string;
}

const toSubscription = (row: SubscriptionRow): PushSubscriptionRecord => ({
  endpoint: row.endpoint,
  keys: { p256dh: row.p256dh, auth: row.auth },
});

interface AnnouncementRow {
  id: string;
  article_id: string;
  created_at: string;
  planned_through: string | null;
  planned: boolean;
}

const toAnnouncement = (row: AnnouncementRow): Announcement => ({
  id: row.id,
  articleId: row.article_id,
  createdAt: row.created_at,
  ...(row.planned_through === null ? {} : { plannedThrough: row.planned_through }),
  planned: row.planned,
});

const INSERT_AUTHORS = insertAuthorsQuery("pg", (name) => ({ id: "$1", rows: "$2" })[name]);
const FOLLOW_ARTICLE = followArticleQuery(() => "$1");

/** The article's rows in article_authors, replaced by its byline's, with its order as just written. */
async function writeAuthors(client: pg.PoolClient, id: string, authors: readonly string[] | undefined): Promise<void> {
  await client.query("DELETE FROM article_authors WHERE article_id = $1", [id]);
  const rows = authorRows(authors);
  if (rows.length === 0) return;
  await client.query(INSERT_AUTHORS, [id, JSON.stringify(rows)]);
}

class PgArticleStore implements ArticleStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly location: string,
    private readonly storeIdentity: string,
    private readonly readOnly: boolean,
  ) {}

  /** Runs a write, reporting a database that refuses writes as StoreReadOnlyError. */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    if (this.readOnly) throw new StoreReadOnlyError(this.location);
    try {
      return await run();
    } catch (error) {
      if (isReadOnlyFailure(error)) throw new StoreReadOnlyError(this.location);
      throw error;
    }
  }

  /** A write that takes a change number: FEED_LOCK is held from before `nextval` until the commit is visible. */
  private numbered<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.write(() =>
      inTransaction(this.pool, "BEGIN", async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [FEED_LOCK]);
        return run(client);
      }),
    );
  }

  private columns(input: Omit<NewArticle, "slug">): unknown[] {
    return [
      input.title,
      input.summary ?? null,
      input.section ?? null,
      authorsColumn(input.authors),
      JSON.stringify(input.blocks),
      lede(input),
      new Date(input.publishedAt).toISOString(),
      input.urgent === true,
    ];
  }

  async create(input: NewArticle, options: CreateOptions = {}): Promise<Article> {
    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      const row = await this.numbered(async (client) => {
        // Scheduled articles hold their slug too; every write of either table holds FEED_LOCK, so this check cannot race.
        if ((await client.query("SELECT 1 FROM scheduled_articles WHERE slug = $1", [input.slug])).rows.length > 0) {
          throw new SlugTakenError(input.slug);
        }
        const { rows } = await client.query<ArticleRow>(
          `INSERT INTO articles (id, slug, title, summary, section, authors, blocks, lede, published_at, urgent, updated_at, revision, seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, nextval('article_change_seq'))
           RETURNING *`,
          [id, input.slug, ...this.columns(input), now],
        );
        await writeAuthors(client, id, input.authors);
        if (options.announce) {
          await client.query("INSERT INTO push_announcements (id, article_id, created_at) VALUES ($1, $2, $3)", [randomUUID(), id, now]);
        }
        return rows[0];
      });
      if (!row) throw new Error(`article ${id} vanished after insert`);
      return toArticle(row);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === "23505" && constraint === "articles_slug_key") throw new SlugTakenError(input.slug);
      throw error;
    }
  }

  async revise(id: string, input: Revision): Promise<Article | undefined> {
    const now = new Date().toISOString();
    const row = await this.numbered(async (client) => {
      // Every writer holds FEED_LOCK, so the corrections read here are still the row's at the UPDATE.
      const current = await client.query<{ corrections: string | null }>(
        "SELECT corrections FROM articles WHERE id = $1 AND withdrawn_at IS NULL",
        [id],
      );
      const found = current.rows[0];
      if (!found) return undefined;
      const { rows } = await client.query<ArticleRow>(
        `UPDATE articles SET title = $2, summary = $3, section = $4, authors = $5, blocks = $6, lede = $7, published_at = $8,
           urgent = $9, updated_at = $10, corrections = $11, revision = revision + 1, seq = nextval('article_change_seq')
         WHERE id = $1 AND withdrawn_at IS NULL
         RETURNING *`,
        [id, ...this.columns(input), now, withCorrection(found.corrections, input.correction, now)],
      );
      await writeAuthors(client, id, input.authors);
      return rows[0];
    });
    return row && toArticle(row);
  }

  async withdraw(id: string): Promise<boolean> {
    const at = new Date().toISOString();
    return this.numbered(async (client) => {
      const { rowCount } = await client.query(
        `UPDATE articles SET withdrawn_at = $2, updated_at = $2, seq = nextval('article_change_seq')
         WHERE id = $1 AND withdrawn_at IS NULL`,
        [id, at],
      );
      if ((rowCount ?? 0) === 0) return false;
      // Its author pages drop it in the same transaction.
      await client.query(FOLLOW_ARTICLE, [id]);
      return true;
    });
  }

  async getBySlug(slug: string): Promise<Article | undefined> {
    const { rows } = await this.pool.query<ArticleRow>("SELECT * FROM articles WHERE slug = $1 AND withdrawn_at IS NULL", [slug]);
    return rows[0] && toArticle(rows[0]);
  }

  async getById(id: string): Promise<Article | undefined> {
    const { rows } = await this.pool.query<ArticleRow>("SELECT * FROM articles WHERE id = $1 AND withdrawn_at IS NULL", [id]);
    return rows[0] && toArticle(rows[0]);
  }

  async slugExists(slug: string): Promise<boolean> {
    // Withdrawn articles keep their slug: a shared link must never point at another story.
    return (await this.pool.query("SELECT 1 FROM articles WHERE slug = $1 UNION ALL SELECT 1 FROM scheduled_articles WHERE slug = $1", [slug])).rows.length > 0;
  }

  async latest(limit: number, offset = 0): Promise<ArticleSummary[]> {
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${summaryColumns("pg")} FROM articles WHERE withdrawn_at IS NULL
       ORDER BY published_at DESC, seq DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toSummary);
  }

  async byAuthor(key: string, limit: number, offset = 0): Promise<ArticleSummary[]> {
    const sql = byAuthorQuery("pg", (name) => ({ key: "$1", limit: "$2", offset: "$3" })[name]);
    const { rows } = await this.pool.query<SummaryRow>(sql, [key, limit, offset]);
    return rows.map(toSummary);
  }

  async latestInSection(section: string, limit: number, offset = 0): Promise<ArticleSummary[]> {
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${summaryColumns("pg")} FROM articles WHERE withdrawn_at IS NULL AND section = $1
       ORDER BY section, published_at DESC, seq DESC LIMIT $2 OFFSET $3`,
      [section, limit, offset],
    );
    return rows.map(toSummary);
  }

  async sections(limit: number): Promise<SectionEntry[]> {
    if (limit <= 0) return [];
    const { rows } = await this.pool.query<{ name: string; latest_at: string }>(sectionsQuery(() => "$1::integer"), [limit]);
    return toSections(rows);
  }

  async locations(limit: number, offset = 0): Promise<ArticleLocation[]> {
    const { rows } = await this.pool.query<LocationRow>(
      `SELECT ${LOCATION_FIELDS} FROM articles WHERE withdrawn_at IS NULL ORDER BY published_at, seq LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toLocation);
  }

  async publishedSince(since: string, limit: number): Promise<ArticleLocation[]> {
    const { rows } = await this.pool.query<LocationRow>(
      `SELECT ${LOCATION_FIELDS} FROM articles WHERE withdrawn_at IS NULL AND published_at >= $1
       ORDER BY published_at DESC, seq DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map(toLocation);
  }

  async related(article: Article, limit: number): Promise<ArticleSummary[]> {
    const sql = relatedQuery("pg", (name) => ({ id: "$1", section: "$2::text", limit: "$3" })[name]);
    const { rows } = await this.pool.query<SummaryRow>(sql, [article.id, article.section ?? null, limit]);
    return rows.map(toSummary);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM articles WHERE withdrawn_at IS NULL");
    return rows[0]?.n ?? 0;
  }

  async changesSince(afterSeq: number, limit: number, maxBytes: number): Promise<ChangePage> {
    // One snapshot for the whole page (under FEED_LOCK it holds every number up to its newest), in
    // two round trips: the next rows' sizes (octet_length reads TOAST headers, not the text), then
    // exactly the rows the page takes, so a page stopping at its byte budget transfers no more.
    return inTransaction(this.pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (client) => {
      const sized = await client.query<{ live: boolean; bytes: number }>(
        `SELECT withdrawn_at IS NULL AS live, ${ROW_BYTES_SQL} AS bytes FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, limit + 1],
      );
      const { take, hasMore } = pageCut(sized.rows, limit, maxBytes);
      const builder = new ChangePageBuilder(afterSeq, limit, maxBytes);
      if (take > 0) {
        const { rows } = await client.query<ArticleRow>("SELECT * FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2", [afterSeq, take]);
        for (const row of rows) if (!builder.add(row)) break;
      }
      return builder.page(hasMore);
    });
  }

  async identity(): Promise<string> {
    return this.storeIdentity;
  }

  async currentSeq(): Promise<number> {
    // The newest committed number, never the SEQUENCE's last value: that one moves before its row commits.
    const { rows } = await this.pool.query<{ seq: number }>("SELECT COALESCE(MAX(seq), 0)::bigint AS seq FROM articles");
    return rows[0]?.seq ?? 0;
  }

  // Subscriptions take no sequence number: they change no page, so cached pages must stay valid.
  async saveSubscription(sub: PushSubscriptionRecord): Promise<void> {
    await this.write(() =>
      this.pool.query(
        `INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth`,
        [sub.endpoint, sub.keys.p256dh, sub.keys.auth],
      ),
    );
  }

  async removeSubscription(endpoint: string): Promise<boolean> {
    const { rowCount } = await this.write(() => this.pool.query("DELETE FROM push_subscriptions WHERE endpoint = $1", [endpoint]));
    return (rowCount ?? 0) > 0;
  }

  async listSubscriptions(): Promise<PushSubscriptionRecord[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      "SELECT endpoint, p256dh, auth FROM push_subscriptions ORDER BY created_at, endpoint",
    );
    return rows.map(toSubscription);
  }

  async subscriptionsAfter(after: string | undefined, limit: number, through?: string): Promise<PushSubscriptionRecord[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `SELECT endpoint, p256dh, auth FROM push_subscriptions
       WHERE ($1::text IS NULL OR endpoint > $1) AND ($2::text IS NULL OR endpoint <= $2)
       ORDER BY endpoint LIMIT $3`,
      [after ?? null, through ?? null, limit],
    );
    return rows.map(toSubscription);
  }

  async subscriptionsByEndpoint(endpoints: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (endpoints.length === 0) return [];
    const { rows } = await this.pool.query<SubscriptionRow>(
      "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE endpoint = ANY($1::text[]) ORDER BY endpoint",
      [endpoints],
    );
    return rows.map(toSubscription);
  }

  async pendingAnnouncements(limit: number): Promise<Announcement[]> {
    const { rows } = await this.pool.query<AnnouncementRow>(
      "SELECT * FROM push_announcements WHERE queued_at IS NULL ORDER BY created_at LIMIT $1",
      [limit],
    );
    return rows.map(toAnnouncement);
  }

  async countPendingAnnouncements(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM push_announcements WHERE queued_at IS NULL");
    return Number(rows[0]?.n ?? 0);
  }

  async keepSetting(key: string, value: string): Promise<string> {
    const read = async () => (await this.pool.query<{ value: string }>("SELECT value FROM store_meta WHERE key = $1", [key])).rows[0]?.value;
    const kept = await read();
    if (kept !== undefined) return kept;
    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit, so the read after it sees the winner.
    await this.write(() => this.pool.query("INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [key, value]));
    return (await read()) ?? value;
  }

  async markAnnouncementQueued(id: string): Promise<void> {
    await this.write(() => this.pool.query("UPDATE push_announcements SET queued_at = now() WHERE id = $1 AND queued_at IS NULL", [id]));
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const { rows } = await this.pool.query<AnnouncementRow>("SELECT * FROM push_announcements WHERE id = $1", [id]);
    return rows[0] && toAnnouncement(rows[0]);
  }

  async recordAnnouncementPlan(id: string, plannedThrough: string | undefined, planned: boolean): Promise<void> {
    await this.write(() =>
      this.pool.query("UPDATE push_announcements SET planned_through = $2, planned = $3 WHERE id = $1", [id, plannedThrough ?? null, planned]),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async countSubscriptions(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT COUNT(*) AS n FROM push_subscriptions");
    return rows[0]?.n ?? 0;
  }

  async isWithdrawnSlug(slug: string): Promise<boolean> {
    return (await this.pool.query("SELECT 1 FROM articles WHERE slug = $1 AND withdrawn_at IS NOT NULL", [slug])).rows.length > 0;
  }

  async mediaInUse(withdrawnSince: string): Promise<string[]> {
    // Extracted in the database: only the distinct ids travel, never the bodies.
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT DISTINCT (regexp_matches(blocks, '/media/([0-9a-f]{32})', 'g'))[1] AS id FROM (
         SELECT blocks FROM articles WHERE (withdrawn_at IS NULL OR withdrawn_at >= $1) AND blocks LIKE '%/media/%'
         UNION ALL SELECT blocks FROM scheduled_articles WHERE blocks LIKE '%/media/%'
       ) AS bodies`,
      [withdrawnSince],
    );
    return rows.map((r) => r.id);
  }

  async schedule(input: NewArticle, options: CreateOptions = {}): Promise<Article> {
    const id = randomUUID();
    try {
      // Under FEED_LOCK though it takes no number: the slug check across both tables must not race a create.
      const row = await this.numbered(async (client) => {
        if ((await client.query("SELECT 1 FROM articles WHERE slug = $1", [input.slug])).rows.length > 0) throw new SlugTakenError(input.slug);
        const { rows } = await client.query<ScheduledRow>(
          `INSERT INTO scheduled_articles (id, slug, title, summary, section, authors, blocks, lede, published_at, urgent, updated_at, announce)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           RETURNING *`,
          [id, input.slug, ...this.columns(input), new Date().toISOString(), options.announce === true],
        );
        return rows[0];
      });
      if (!row) throw new Error(`scheduled article ${id} vanished after insert`);
      return scheduledArticle(row);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === "23505" && constraint === "scheduled_articles_slug_key") throw new SlugTakenError(input.slug);
      throw error;
    }
  }

  async getScheduled(id: string): Promise<Article | undefined> {
    const { rows } = await this.pool.query<ScheduledRow>("SELECT * FROM scheduled_articles WHERE id = $1", [id]);
    return rows[0] && scheduledArticle(rows[0]);
  }

  async listScheduled(): Promise<Article[]> {
    const { rows } = await this.pool.query<ScheduledRow>("SELECT * FROM scheduled_articles ORDER BY published_at, id");
    return rows.map(scheduledArticle);
  }

  async reviseScheduled(id: string, input: Omit<NewArticle, "slug">): Promise<Article | undefined> {
    // Under FEED_LOCK: an edit racing the release either lands before it (and is released) or finds the row gone.
    const row = await this.numbered(async (client) => {
      const { rows } = await client.query<ScheduledRow>(
        `UPDATE scheduled_articles SET title = $2, summary = $3, section = $4, authors = $5, blocks = $6, lede = $7, published_at = $8,
           urgent = $9, updated_at = $10 WHERE id = $1 RETURNING *`,
        [id, ...this.columns(input), new Date().toISOString()],
      );
      return rows[0];
    });
    return row && scheduledArticle(row);
  }

  async cancelScheduled(id: string): Promise<boolean> {
    return this.numbered(async (client) => ((await client.query("DELETE FROM scheduled_articles WHERE id = $1", [id])).rowCount ?? 0) > 0);
  }

  async nextScheduledAt(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ at: string | null }>("SELECT MIN(published_at) AS at FROM scheduled_articles");
    return rows[0]?.at ?? undefined;
  }

  async releaseDue(now: Date = new Date()): Promise<Article[]> {
    // A read first: every worker polls every second, and most polls find nothing to lock the feed for.
    if (this.readOnly) return [];
    const waiting = await this.pool.query("SELECT 1 FROM scheduled_articles WHERE published_at <= $1 LIMIT 1", [now]);
    if (waiting.rows.length === 0) return [];
    // DELETE … RETURNING under FEED_LOCK: of servers racing, the first takes the rows and numbers
    // them; the others, let in after its commit, find them gone. One release, one announcement.
    const rows = await this.numbered(async (client) => {
      const taken = await client.query<ScheduledRow>("DELETE FROM scheduled_articles WHERE published_at <= $1 RETURNING *", [now]);
      const at = new Date().toISOString();
      const released: ArticleRow[] = [];
      for (const row of releaseOrder(taken.rows)) {
        const { rows: inserted } = await client.query<ArticleRow>(
          `INSERT INTO articles (id, slug, title, summary, section, authors, blocks, lede, published_at, urgent, updated_at, revision, seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, nextval('article_change_seq'))
           RETURNING *`,
          [row.id, row.slug, row.title, row.summary, row.section, row.authors, row.blocks, row.lede, row.published_at, row.urgent === true, at],
        );
        await writeAuthors(client, row.id, scheduledArticle(row).authors);
        if (row.announce) {
          await client.query("INSERT INTO push_announcements (id, article_id, created_at) VALUES ($1, $2, $3)", [randomUUID(), row.id, at]);
        }
        if (inserted[0]) released.push(inserted[0]);
      }
      return released;
    });
    return rows.map(toArticle);
  }

  async latestUrgent(since: string, now: Date = new Date()): Promise<ArticleSummary | undefined> {
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${summaryColumns("pg")} FROM articles WHERE urgent AND withdrawn_at IS NULL AND published_at > $1 AND published_at <= $2
       ORDER BY published_at DESC LIMIT 1`,
      [new Date(since).toISOString(), now],
    );
    return rows[0] && toSummary(rows[0]);
  }
}
