// @ts-check
/**
 * Which changes of the store a cached page must be rendered again for: the
 * rule cache-handler.cjs applies, pure so it is tested on its own
 * (page-deps.test.ts). CommonJS for the same reason as the handler.
 *
 * A page that declares nothing depends on everything: any publish, edit or
 * withdrawal makes it stale (the home page and every other list: a new or
 * withdrawn article moves them, and an edit may move an article into them).
 * An article page declares what it shows on its <article> element
 * (app/articles/[slug]/page.tsx): its own id, the ids of its related list and
 * that list's length limit. Its related list is the first `limit` of all
 * other live articles in one order (lib/store/rows.ts relatedQuery: the
 * article's section first, each part newest first, published_at then seq),
 * so after changes it is still right when:
 *  - neither the article nor any article it shows changed;
 *  - no changed article that is live now sorts before the last one shown, and
 *    the list was full (a short list took every other live article, so any
 *    new one joins it). A withdrawn article that was not shown leaves the
 *    first `limit` as they were.
 * Every page shows the header's sections (those with a live article) and
 * the «عاجل» banner (the newest urgent article in its window): the handler
 * compares both as of the page's mark with the current ones (siteState),
 * since an edit can empty a section or drop an urgent mark and a change feed
 * row does not say what the article was before.
 * Whatever else a page comes to show from the store must join these rules,
 * or the page must declare nothing.
 */

/** The attribute carrying the related list's limit marks the element that declares the rest. */
const DECLARING_TAG = /<article\b[^>]*\bdata-related-limit="(\d+)"[^>]*>/g;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * @typedef {{ articleId: string; related: string[]; limit: number }} PageDeps
 * @typedef {{ id: string; section: string | null; at: number; seq: number; withdrawn: boolean }} ChangeRow
 *   `at` is published_at in milliseconds since the epoch.
 */

/**
 * What a rendered page declares it shows; undefined when it declares nothing
 * (or anything unexpected: then it depends on every change).
 * @param {unknown} html
 * @returns {PageDeps | undefined}
 */
function readPageDeps(html) {
  if (typeof html !== "string") return undefined;
  const tags = [...html.matchAll(DECLARING_TAG)];
  // Exactly one declaration; two would mean markup this rule was not written for.
  if (tags.length !== 1) return undefined;
  const [tag, limitText] = /** @type {RegExpExecArray} */ (tags[0]);
  const articleId = /\bdata-article-id="([^"]*)"/.exec(tag)?.[1];
  const relatedText = /\bdata-related-ids="([^"]*)"/.exec(tag)?.[1];
  const limit = Number(limitText);
  if (articleId === undefined || !ID.test(articleId) || relatedText === undefined || !Number.isSafeInteger(limit) || limit < 1) return undefined;
  const related = relatedText === "" ? [] : relatedText.split(" ");
  if (related.some((id) => !ID.test(id)) || related.length > limit) return undefined;
  return { articleId, related, limit };
}

/**
 * The part of the store every page shows as one comparable string: the
 * header's sections (names of sections with a live article) and the urgent
 * articles the «عاجل» banner may show (`id:seq`), each set sorted.
 * @param {readonly string[]} sections @param {readonly string[]} [urgent]
 */
function siteState(sections, urgent = []) {
  const set = (/** @type {readonly string[]} */ items) => [...new Set(items)].sort().join("\n");
  return `${set(sections)}\u0000${set(urgent)}`;
}

/**
 * Whether a page rendered from the store at sequence `since` is still right,
 * given `rows`: every article changed after `since` (seq above it) and the
 * current rows of the articles the page shows (seq at or below it when they
 * did not change). False whenever the rows cannot settle it.
 * @param {PageDeps} deps
 * @param {readonly ChangeRow[]} rows
 * @param {number} since
 */
function stillValid(deps, rows, since) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const self = byId.get(deps.articleId);
  if (!self || self.withdrawn || self.seq > since) return false;
  /** @type {ChangeRow[]} */
  const shown = [];
  for (const id of deps.related) {
    const row = byId.get(id);
    if (!row || row.withdrawn || row.seq > since) return false;
    shown.push(row);
  }
  const changed = rows.filter((row) => row.seq > since);
  // The mark moved, yet nothing changed: not this store's history; render again.
  if (changed.length === 0) return false;
  const rank = (/** @type {ChangeRow} */ row) => (self.section !== null && row.section === self.section ? 0 : 1);
  // True when a sorts before b in the related list's order.
  const before = (/** @type {ChangeRow} */ a, /** @type {ChangeRow} */ b) =>
    rank(a) !== rank(b) ? rank(a) < rank(b) : a.at !== b.at ? a.at > b.at : a.seq > b.seq;
  const last = shown.reduce((/** @type {ChangeRow | undefined} */ worst, row) => (worst === undefined || before(worst, row) ? row : worst), undefined);
  for (const row of changed) {
    if (row.withdrawn) continue;
    if (shown.length < deps.limit || !last || before(row, last)) return false;
  }
  return true;
}

module.exports = { readPageDeps, siteState, stillValid };
