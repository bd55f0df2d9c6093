// @ts-check
/**
 * Next's ISR cache for pages and route handlers, kept in memory and keyed on
 * the article store's change sequence: a page is rendered once and served from
 * here until a publish, edit or withdrawal (by the API, the CLI or another
 * process sharing the store) reaches it, then rendered afresh on next request.
 * A page that declares what it shows (article pages, and the lists: home,
 * archive, sections' and authors' pages) stays when the changes after its mark
 * cannot alter it; any other page (feeds, sitemaps) goes at any change
 * (page-deps.cjs has the rule). Build-time prerenders are never served, so a
 * build made against one store never shows its articles from another.
 *
 * The sequence is read on every request, so several servers on one store
 * serve a publish made through any of them at once: from the SQLite file in
 * DATA_DIR, or with one indexed `SELECT max(seq)` on PostgreSQL when
 * DATABASE_URL is set (concurrent requests share one query).
 *
 * A page showing the «عاجل» banner is also kept only until the banner's time
 * is up (its `data-urgent-until`, lib/article/urgent-banner.ts): the store
 * does not change when a banner's window ends, so the sequence alone would
 * keep the banner up for as long as nothing is published.
 *
 * Loaded by Next at run time (next.config.js `cacheHandler`), outside the
 * bundler, hence plain CommonJS, and so it reads DATA_DIR and DATABASE_URL
 * itself rather than through lib/config.ts (which checks them at start-up).
 * Keep those reads and the file and table names in step with lib/config.ts
 * and the stores.
 */
const path = require("node:path");
const Database = require("better-sqlite3");
const { listStillValid, readListDeps, readPageDeps, siteState, stillValid } = require("./page-deps.cjs");

const MAX_ENTRIES = 2000;
const DATABASE_FILE = "articles.sqlite";
const LATEST_SEQ = "SELECT COALESCE(MAX(seq), 0) AS seq FROM articles";
/** More changes than this after a page's mark: render it again rather than read them all. */
const MAX_CHANGES = 200;

/**
 * Sections with a live article as rows of `name`: a skip scan of the index on
 * (section, published_at, seq) of live articles, one step per section, as the
 * store's own sections query does, so it costs the same at any article count.
 */
function liveSections() {
  const next = (/** @type {string} */ after) =>
    `(SELECT section FROM articles WHERE withdrawn_at IS NULL AND section IS NOT NULL${after} ORDER BY section LIMIT 1)`;
  return `WITH RECURSIVE s(name) AS (SELECT ${next("")} UNION ALL SELECT ${next(" AND section > s.name")} FROM s WHERE s.name IS NOT NULL)
    SELECT name FROM s WHERE name IS NOT NULL`;
}

/**
 * Urgent articles that may hold the «عاجل» banner now or later: those
 * published within the longest URGENT_HOURS (a week, lib/site.ts) and a day.
 */
const URGENT_CANDIDATE_DAYS = 8;

/**
 * One statement, so one snapshot of the store: its latest sequence, what
 * every page shows (page-deps.cjs siteState: the sections with a live article
 * and the urgent articles that may make the banner, each with its sequence, so
 * an edit of one shows), the rows a page's check needs: the articles changed
 * after :since (at most :limit, one more than MAX_CHANGES tells there are too
 * many) and the unchanged articles in :ids (a JSON array), each with its
 * author keys; and for a list page past its first (:first, its window's first
 * id), how many live articles of its filter (:section, :author, or neither
 * for all) sort before that one. Index lookups (seq, id, author), never a
 * scan; the count walks the list's own index up to the window.
 */
const aheadOf = (/** @type {(name: string) => string} */ p, /** @type {string} */ liveAuthorRow) => {
  const first = `(SELECT published_at, seq FROM articles WHERE id = ${p("first")})`;
  const before = `(a.published_at, a.seq) > ${first}`;
  // An author's list is a range of article_authors_latest, which carries each article's order and liveness.
  return `CASE WHEN ${p("first")} IS NULL THEN NULL
      WHEN ${p("section")} IS NOT NULL THEN (SELECT count(*) FROM articles a WHERE a.withdrawn_at IS NULL AND a.section = ${p("section")} AND ${before})
      WHEN ${p("author")} IS NOT NULL THEN (SELECT count(*) FROM article_authors aa
        WHERE aa.author_key = ${p("author")} AND ${liveAuthorRow} AND (aa.published_at, aa.seq) > ${first})
      ELSE (SELECT count(*) FROM articles a WHERE a.withdrawn_at IS NULL AND ${before}) END`;
};
const SQLITE_SNAPSHOT = `SELECT
    (SELECT COALESCE(MAX(seq), 0) FROM articles) AS seq,
    (SELECT json_group_array(name) FROM (${liveSections()})) AS sections,
    (SELECT json_group_array(id || ':' || seq) FROM articles WHERE urgent = 1 AND withdrawn_at IS NULL
       AND published_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${URGENT_CANDIDATE_DAYS} days')) AS urgent,
    (SELECT json_group_array(json_object('id', id, 'section', section, 'at', published_at, 'seq', seq, 'withdrawn', withdrawn_at IS NOT NULL,
         'authors', json((SELECT json_group_array(author_key) FROM article_authors WHERE article_id = r.id))))
       FROM (SELECT * FROM (SELECT * FROM articles WHERE seq > @since ORDER BY seq LIMIT @limit)
             UNION ALL SELECT * FROM articles WHERE id IN (SELECT value FROM json_each(@ids)) AND seq <= @since) AS r) AS rows,
    ${aheadOf((name) => `@${name}`, "aa.live = 1")} AS ahead`;
const POSTGRES_SNAPSHOT = `SELECT
    (SELECT COALESCE(MAX(seq), 0) FROM articles)::bigint AS seq,
    COALESCE((SELECT json_agg(name) FROM (${liveSections()}) AS s), '[]') AS sections,
    COALESCE((SELECT json_agg(id || ':' || seq) FROM articles WHERE urgent AND withdrawn_at IS NULL
       AND published_at > now() - interval '${URGENT_CANDIDATE_DAYS} days'), '[]') AS urgent,
    COALESCE((SELECT json_agg(json_build_object('id', id, 'section', section, 'at', extract(epoch FROM published_at) * 1000, 'seq', seq, 'withdrawn', withdrawn_at IS NOT NULL,
         'authors', (SELECT COALESCE(json_agg(author_key), '[]'::json) FROM article_authors WHERE article_id = r.id)))
       FROM (SELECT * FROM (SELECT * FROM articles WHERE seq > $1 ORDER BY seq LIMIT $3) AS changed
             UNION ALL SELECT * FROM articles WHERE id = ANY($2::text[]) AND seq <= $1) AS r), '[]') AS rows,
    ${aheadOf((name) => ({ first: "$4::text", section: "$5::text", author: "$6::text" })[name] ?? "", "aa.live")}::bigint AS ahead`;

/**
 * @typedef {{ seq: number; site: string; rows: import("./page-deps.cjs").ChangeRow[]; ahead: number | undefined }} Snapshot
 * @typedef {{ first: string | null; section: string | null; author: string | null }} AheadQuery
 */

const NO_LIST = /** @type {AheadQuery} */ ({ first: null, section: null, author: null });

/** @param {unknown} seq @param {unknown} sections @param {unknown} urgent @param {unknown} rows @param {unknown} ahead @returns {Snapshot} */
function toSnapshot(seq, sections, urgent, rows, ahead) {
  const parse = (/** @type {unknown} */ v) => (typeof v === "string" ? JSON.parse(v) : v);
  const list = /** @type {{ id: string; section: string | null; at: string | number; seq: string | number; withdrawn: unknown; authors: unknown }[]} */ (parse(rows) ?? []);
  return {
    seq: Number(seq),
    ahead: ahead === null || ahead === undefined ? undefined : Number(ahead),
    site: siteState(/** @type {string[]} */ (parse(sections) ?? []), /** @type {string[]} */ (parse(urgent) ?? [])),
    rows: list.map((r) => ({
      id: r.id,
      section: r.section,
      // SQLite keeps ISO 8601 text, PostgreSQL gives milliseconds.
      at: typeof r.at === "number" ? r.at : Date.parse(r.at),
      seq: Number(r.seq),
      withdrawn: r.withdrawn === true || r.withdrawn === 1,
      authors: /** @type {string[]} */ (parse(r.authors) ?? []),
    })),
  };
}

/** @type {{ file: string; db: import("better-sqlite3").Database } | undefined} */
let sqlite;

/** The SQLite store's latest sequence number; -1 while there is no store yet. */
function sqliteMark() {
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || "data"), DATABASE_FILE);
  try {
    if (sqlite?.file !== file) {
      sqlite?.db.close();
      sqlite = { file, db: new Database(file, { readonly: true, fileMustExist: true }) };
    }
    return /** @type {{ seq: number }} */ (sqlite.db.prepare(LATEST_SEQ).get()).seq;
  } catch {
    sqlite?.db.close();
    sqlite = undefined;
    return -1;
  }
}

/**
 * The SQLite store's snapshot (SQLITE_SNAPSHOT); undefined when it cannot be read.
 * @param {number} since @param {readonly string[]} ids @param {AheadQuery} list
 */
function sqliteSnapshot(since, ids, list) {
  if (sqliteMark() < 0 || !sqlite) return undefined;
  try {
    const row = /** @type {{ seq: number; sections: string; urgent: string; rows: string; ahead: number | null }} */ (
      sqlite.db.prepare(SQLITE_SNAPSHOT).get({ since, ids: JSON.stringify(ids), limit: MAX_CHANGES + 1, ...list })
    );
    return toSnapshot(row.seq, row.sections, row.urgent, row.rows, row.ahead);
  } catch {
    return undefined;
  }
}

/** @type {{ url: string; pool: import("pg").Pool; pending: Promise<number> | undefined } | undefined} */
let postgres;

/** The PostgreSQL store's latest committed sequence number; -1 while it cannot be read. */
function postgresMark(/** @type {string} */ url) {
  if (postgres?.url !== url) {
    void postgres?.pool.end().catch(() => undefined);
    const { Pool } = require("pg");
    const pool = new Pool({ connectionString: url, max: 2, application_name: "akhbar-render-cache", connectionTimeoutMillis: 5000 });
    pool.on("error", () => undefined);
    postgres = { url, pool, pending: undefined };
  }
  const current = postgres;
  // Requests arriving while a read is in flight share it: one query however busy the server is.
  current.pending ??= current.pool
    .query("SELECT COALESCE(MAX(seq), 0)::bigint AS seq FROM articles")
    .then((/** @type {{ rows: { seq: string }[] }} */ result) => Number(result.rows[0]?.seq ?? 0))
    .catch(() => -1)
    .finally(() => {
      current.pending = undefined;
    });
  return current.pending;
}

/**
 * The PostgreSQL store's snapshot (POSTGRES_SNAPSHOT); undefined when it cannot be read.
 * @param {string} url @param {number} since @param {readonly string[]} ids @param {AheadQuery} list
 */
async function postgresSnapshot(url, since, ids, list) {
  if ((await postgresMark(url)) < 0 || !postgres) return undefined;
  try {
    const result = await postgres.pool.query(POSTGRES_SNAPSHOT, [since, ids, MAX_CHANGES + 1, list.first, list.section, list.author]);
    const row = result.rows[0];
    return row ? toSnapshot(row.seq, row.sections, row.urgent, row.rows, row.ahead) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The store as of one moment: its sequence, its site-wide state and the rows
 * changed after `since` or named in `ids`, and a list's count before its
 * window when `list` names one; undefined when it cannot be read.
 * @param {number} since @param {readonly string[]} ids @param {AheadQuery} [list]
 * @returns {Promise<Snapshot | undefined>}
 */
async function storeSnapshot(since, ids, list = NO_LIST) {
  const url = process.env.DATABASE_URL?.trim();
  return url ? postgresSnapshot(url, since, ids, list) : sqliteSnapshot(since, ids, list);
}

/** The store's latest change sequence number; -1 while there is none to read. */
async function storeMark() {
  const url = process.env.DATABASE_URL?.trim();
  return url ? postgresMark(url) : sqliteMark();
}

/**
 * `deps` (an article page's) or `list` (a list page's), and `site`, are set
 * only when the page is known to show the store exactly as of `mark` (no
 * change landed during its render): what it declared it shows, and the
 * site-wide state then. Without them any change makes the entry stale.
 * `revalidate` is the page's ISR time in seconds, as Next gave it to set().
 * @typedef {{ value: unknown; lastModified: number; tags: string[]; mark: number; expires: number; revalidate?: number; deps?: import("./page-deps.cjs").PageDeps; list?: import("./page-deps.cjs").ListDeps; site?: string }} Entry
 */

// The banner's own attribute: article text is escaped when rendered, so no article can forge it.
const URGENT_UNTIL = /data-urgent-until="([^"]+)"/g;

/** When a rendered page stops being true: the soonest banner time in it; Infinity without one. */
function expiresAt(/** @type {unknown} */ data) {
  const { html, rscData } = /** @type {{ html?: unknown; rscData?: unknown }} */ (data);
  const text = typeof html === "string" ? html : Buffer.isBuffer(rscData) ? rscData.toString("utf8") : "";
  let soonest = Infinity;
  for (const match of text.matchAll(URGENT_UNTIL)) {
    const at = Date.parse(match[1] ?? "");
    if (!Number.isNaN(at)) soonest = Math.min(soonest, at);
  }
  return soonest;
}

/** @type {Map<string, Entry>} */
const entries = new Map();
/** @type {Map<string, number>} when each tag was last revalidated */
const revalidatedAt = new Map();
/**
 * The mark seen when a key missed, for the render that follows: a page is
 * kept under the sequence it was rendered from, so a publish landing during
 * the render leaves the page stale rather than kept as new.
 * Next renders a key once at a time (its response cache batches concurrent
 * requests), so the mark here is the one its render started from.
 * @type {Map<string, number>}
 */
const missedAt = new Map();
/**
 * The mark when a kept page was first served past its revalidate time, for
 * the background render Next starts then (see get()).
 * @type {Map<string, number>}
 */
const revalidatingAt = new Map();

function rememberMiss(/** @type {string} */ key, /** @type {number} */ mark) {
  missedAt.delete(key);
  missedAt.set(key, mark);
  if (missedAt.size > MAX_ENTRIES) {
    const oldest = missedAt.keys().next().value;
    if (oldest !== undefined) missedAt.delete(oldest);
  }
}

function staleByTags(/** @type {Entry} */ entry, /** @type {string[]} */ softTags) {
  for (const tag of [...entry.tags, ...softTags]) {
    const at = revalidatedAt.get(tag);
    if (at !== undefined && at >= entry.lastModified) return true;
  }
  return false;
}

/**
 * A 404 (or any error page) is never kept: anyone can ask for endless unknown
 * slugs, and keeping their pages would fill memory and push real pages out.
 * Rendering a 404 again is cheap; it holds no article.
 */
function isErrorPage(/** @type {unknown} */ data) {
  const status = /** @type {{ status?: unknown }} */ (data).status;
  return typeof status === "number" && status >= 400;
}

/**
 * Whether an entry from an earlier mark still shows what the store would
 * render now (page-deps.cjs); when it does, its mark moves up to the one it
 * was checked at, so the same changes are not read again.
 * @param {Entry} entry @param {number} mark
 */
async function stillShown(entry, mark) {
  const { deps, list, site } = entry;
  if ((!deps && !list) || site === undefined || mark < 0 || mark < entry.mark) return false;
  const ids = deps ? [deps.articleId, ...deps.related] : (list?.ids ?? []);
  const now = await storeSnapshot(entry.mark, ids, list ? aheadQuery(list) : NO_LIST);
  if (!now || now.seq < mark || now.site !== site) return false;
  if (now.rows.filter((row) => row.seq > entry.mark).length > MAX_CHANGES) return false;
  if (deps ? !stillValid(deps, now.rows, entry.mark) : !list || !listStillValid(list, now.rows, entry.mark, now.ahead)) return false;
  entry.mark = Math.max(entry.mark, now.seq);
  return true;
}

/** The count a list page past its first needs (page-deps.cjs listStillValid). @param {import("./page-deps.cjs").ListDeps} list @returns {AheadQuery} */
function aheadQuery(list) {
  if (list.offset === 0 || list.ids.length === 0) return NO_LIST;
  const { filter } = list;
  return {
    first: list.ids[0] ?? null,
    section: filter.kind === "section" ? filter.section : null,
    author: filter.kind === "author" ? filter.author : null,
  };
}

module.exports = class StoreAwareCacheHandler {
  /** @param {string} key @param {{ softTags?: string[] }} [ctx] */
  async get(key, ctx) {
    const mark = await storeMark();
    const entry = entries.get(key);
    if (!entry || Date.now() >= entry.expires || staleByTags(entry, ctx?.softTags ?? []) || (entry.mark !== mark && !(await stillShown(entry, mark)))) {
      if (entries.get(key) === entry) entries.delete(key);
      rememberMiss(key, mark);
      return null;
    }
    // Past its revalidate time Next serves it and renders it again in the background, from the store as of
    // about now: that render's set() takes this mark (the first such, should several requests see it stale).
    if (entry.revalidate !== undefined && entry.lastModified + entry.revalidate * 1000 < Date.now() && !revalidatingAt.has(key)) {
      revalidatingAt.set(key, mark);
      if (revalidatingAt.size > MAX_ENTRIES) revalidatingAt.delete(/** @type {string} */ (revalidatingAt.keys().next().value));
    }
    // Least recently used goes first when the map is full.
    entries.delete(key);
    entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, tags: entry.tags };
  }

  /** @param {string} key @param {unknown} data @param {{ tags?: string[]; cacheControl?: { revalidate?: number | false } }} [ctx] */
  async set(key, data, ctx) {
    // The earlier of the two when a blocking render and a background one overlap: it is before either began.
    const marks = [missedAt.get(key), revalidatingAt.get(key)].filter((m) => m !== undefined);
    const missed = marks.length ? Math.min(...marks) : undefined;
    missedAt.delete(key);
    revalidatingAt.delete(key);
    entries.delete(key);
    if (data == null || isErrorPage(data)) return;
    const revalidate = ctx?.cacheControl?.revalidate;
    /** @type {Entry} */
    const entry = { value: data, lastModified: Date.now(), tags: ctx?.tags ?? [], mark: missed ?? (await storeMark()), expires: expiresAt(data) };
    if (typeof revalidate === "number") entry.revalidate = revalidate;
    const html = missed !== undefined && missed >= 0 ? /** @type {{ html?: unknown }} */ (data).html : undefined;
    const deps = readPageDeps(html);
    const list = readListDeps(html);
    // One declaration or none: a page declaring both kinds is markup these rules were not written for.
    if (deps ? !list : list) {
      // The render ran between the miss and now: when the store is still at the miss's mark, the page shows it exactly as of then.
      const now = await storeSnapshot(missed ?? 0, []);
      if (now && now.seq === missed) Object.assign(entry, deps ? { deps, site: now.site } : { list, site: now.site });
    }
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > MAX_ENTRIES) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    const now = Date.now();
    for (const tag of Array.isArray(tags) ? tags : [tags]) revalidatedAt.set(tag, now);
  }

  resetRequestCache() {}
};

/** The snapshot statements, for scripts/bench-store.ts to time against a big store. */
module.exports.SNAPSHOT_SQL = { sqlite: SQLITE_SNAPSHOT, postgres: POSTGRES_SNAPSHOT };
