// @ts-check
/**
 * Next's ISR cache for pages and route handlers, kept in memory and keyed on
 * the article store's change sequence: a page is rendered once, served from
 * here until anything is published, edited or withdrawn (by the API, the CLI
 * or another process sharing DATA_DIR), then rendered afresh on next request.
 * Build-time prerenders are never served, so a build made against one DATA_DIR
 * never shows its articles from another.
 *
 * Loaded by Next at run time (next.config.js `cacheHandler`), outside the
 * bundler, hence plain CommonJS. Keep DATA_DIR and the file name in step with
 * lib/store/open-store.ts and lib/store/sqlite-store.ts.
 */
const path = require("node:path");
const Database = require("better-sqlite3");

const MAX_ENTRIES = 2000;
const DATABASE_FILE = "articles.sqlite";

/** @type {import("better-sqlite3").Database | undefined} */
let db;

/** The store's latest sequence number; -1 while there is no store yet. */
function storeMark() {
  try {
    if (!db) {
      const dir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || "data");
      db = new Database(path.join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    }
    const row = /** @type {{ seq: number }} */ (db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM articles").get());
    return row.seq;
  } catch {
    db?.close();
    db = undefined;
    return -1;
  }
}

/** @typedef {{ value: unknown; lastModified: number; tags: string[]; mark: number }} Entry */

/** @type {Map<string, Entry>} */
const entries = new Map();
/** @type {Map<string, number>} when each tag was last revalidated */
const revalidatedAt = new Map();

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
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.mark !== storeMark() || staleByTags(entry, ctx?.softTags ?? [])) {
      entries.delete(key);
      return null;
    }
    // Least recently used goes first when the map is full.
    entries.delete(key);
    entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, tags: entry.tags };
  }

  /** @param {string} key @param {unknown} data @param {{ tags?: string[] }} [ctx] */
  async set(key, data, ctx) {
    entries.delete(key);
    if (data == null || isErrorPage(data)) return;
    entries.set(key, { value: data, lastModified: Date.now(), tags: ctx?.tags ?? [], mark: storeMark() });
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
