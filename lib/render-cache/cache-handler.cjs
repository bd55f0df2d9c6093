// @ts-check
/**
 * Next's ISR cache for pages and route handlers, kept in memory and keyed on
 * the article store's change sequence: a page is rendered once, served from
 * here until anything is published, edited or withdrawn (by the API, the CLI
 * or another process sharing the store), then rendered afresh on next request.
 * Build-time prerenders are never served, so a build made against one store
 * never shows its articles from another.
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

const MAX_ENTRIES = 2000;
const DATABASE_FILE = "articles.sqlite";
const LATEST_SEQ = "SELECT COALESCE(MAX(seq), 0) AS seq FROM articles";

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

/** The store's latest change sequence number; -1 while there is none to read. */
async function storeMark() {
  const url = process.env.DATABASE_URL?.trim();
  return url ? postgresMark(url) : sqliteMark();
}

/** @typedef {{ value: unknown; lastModified: number; tags: string[]; mark: number; expires: number }} Entry */

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
 * @type {Map<string, number>}
 */
const missedAt = new Map();

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

module.exports = class StoreAwareCacheHandler {
  /** @param {string} key @param {{ softTags?: string[] }} [ctx] */
  async get(key, ctx) {
    const mark = await storeMark();
    const entry = entries.get(key);
    if (!entry || entry.mark !== mark || Date.now() >= entry.expires || staleByTags(entry, ctx?.softTags ?? [])) {
      entries.delete(key);
      rememberMiss(key, mark);
      return null;
    }
    // Least recently used goes first when the map is full.
    entries.delete(key);
    entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, tags: entry.tags };
  }

  /** @param {string} key @param {unknown} data @param {{ tags?: string[] }} [ctx] */
  async set(key, data, ctx) {
    const missed = missedAt.get(key);
    missedAt.delete(key);
    entries.delete(key);
    if (data == null || isErrorPage(data)) return;
    const mark = missed ?? (await storeMark());
    entries.set(key, { value: data, lastModified: Date.now(), tags: ctx?.tags ?? [], mark, expires: expiresAt(data) });
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
