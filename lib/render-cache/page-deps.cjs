// @ts-check
/**
 * Which changes of the store a cached page must be rendered again for: the
 * rule cache-handler.cjs applies, pure so it is tested on its own
 * (page-deps.test.ts, and list-rule.property.test.ts against a real store). CommonJS for the same reason as the handler.
 *
 * A page that declares nothing depends on everything: any publish, edit or
 * withdrawal makes it stale (the feeds and sitemaps, say).
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
 *
 * A list page (home, archive, a section's or an author's pages) declares on
 * the element around its list (lib/render-cache/list-declaration.ts) what it read: a filter (all
 * live articles, a section's, an author's), the offset of its window in the
 * filter's order (newest first: published_at, then seq, lib/store/rows.ts)
 * and the ids of the window as read, up to `limit`: the page's articles and
 * one more, whose presence is the «المزيد» link. Everything else it shows
 * (headings, the author's name from these articles' bylines, the pager)
 * follows from the filter, the page number and these articles. After
 * changes (C: the rows changed after the mark, seq above it, with their
 * current section, author keys and published_at) the window is the same when
 *  1. every declared id is unchanged (so live, in the filter, same key);
 *  2. no changed article that is live now and in the filter sorts inside the
 *     window (after its first, before its last); when the window was short
 *     (fewer than `limit`: the filter had nothing after its last), none sorts
 *     anywhere after its first; on the first page (offset 0) the same holds
 *     with "before its first" included;
 *  3. past the first page, the number of live articles in the filter sorting
 *     before the window's first is still `offset` (read in the same snapshot).
 * Why that is enough: an article that did not change keeps its key and its
 * place in or out of the filter, so between the window's first and last the
 * order still holds exactly the declared ids plus changed live ones in the
 * filter (rule 2: none); after the last of a short window likewise only
 * changed ones (rule 2: none); and the first is still at `offset` (rule 3, or
 * on page 1 because anything before it would be changed, rule 2). No "before"
 * state of a changed article is needed. That matters because an edit may move
 * an article anywhere: its section, its byline and its published_at are all
 * replaced (lib/publish/publish.ts), and a change row says only what it is
 * now. An article that left the window is a declared id (rule 1); one that
 * left or joined the part before the window, wherever it went, changes the
 * count (rule 3).
 * Whatever else a page comes to show from the store must join these rules,
 * or the page must declare nothing.
 */

/** The attribute carrying the related list's limit marks the element that declares the rest. */
const DECLARING_TAG = /<article\b[^>]*\bdata-related-limit="(\d+)"[^>]*>/g;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A list's declaration: one such element, its limit marking it. */
const LIST_TAG = /<div\b[^>]*\bdata-list-limit="(\d+)"[^>]*>/g;

/**
 * @typedef {{ articleId: string; related: string[]; limit: number }} PageDeps
 * @typedef {{ kind: "all" } | { kind: "section"; section: string } | { kind: "author"; author: string }} ListFilter
 * @typedef {{ filter: ListFilter; offset: number; ids: string[]; limit: number }} ListDeps
 * @typedef {{ id: string; section: string | null; at: number; seq: number; withdrawn: boolean; authors?: string[] }} ChangeRow
 *   `at` is published_at in milliseconds since the epoch; `authors` the author keys of its byline.
 */

/**
 * What a list page declares it shows; undefined when it declares nothing, or
 * anything unexpected.
 * @param {unknown} html
 * @returns {ListDeps | undefined}
 */
function readListDeps(html) {
  if (typeof html !== "string") return undefined;
  const tags = [...html.matchAll(LIST_TAG)];
  if (tags.length !== 1) return undefined;
  const [tag, limitText] = /** @type {RegExpExecArray} */ (tags[0]);
  const filterText = /\bdata-list-filter="([^"]*)"/.exec(tag)?.[1];
  const offsetText = /\bdata-list-offset="(\d+)"/.exec(tag)?.[1];
  const idsText = /\bdata-list-ids="([^"]*)"/.exec(tag)?.[1];
  const limit = Number(limitText);
  const offset = Number(offsetText);
  if (filterText === undefined || idsText === undefined || offsetText === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(offset)) return undefined;
  const ids = idsText === "" ? [] : idsText.split(" ");
  if (ids.some((id) => !ID.test(id)) || ids.length > limit || new Set(ids).size !== ids.length) return undefined;
  const [, kind, encoded] = /^(all|section|author)(?::([A-Za-z0-9%._-]+))?$/.exec(filterText) ?? [];
  /** @type {ListFilter} */
  let filter;
  try {
    if (kind === "all" && encoded === undefined) filter = { kind: "all" };
    else if (kind === "section" && encoded !== undefined) filter = { kind: "section", section: decodeURIComponent(encoded) };
    else if (kind === "author" && encoded !== undefined) filter = { kind: "author", author: decodeURIComponent(encoded) };
    else return undefined;
  } catch {
    return undefined;
  }
  return { filter, offset, ids, limit };
}

/** Whether an article (as its row is now) is in a list's filter. @param {ListFilter} filter @param {ChangeRow} row */
function inFilter(filter, row) {
  if (filter.kind === "section") return row.section === filter.section;
  if (filter.kind === "author") return (row.authors ?? []).includes(filter.author);
  return true;
}

/** True when a sorts before b in a list: newest first, published_at then seq. @param {ChangeRow} a @param {ChangeRow} b */
function newer(a, b) {
  return a.at !== b.at ? a.at > b.at : a.seq > b.seq;
}

/**
 * Whether a list page rendered from the store at sequence `since` is still
 * right (the rule in this module's comment), given `rows` as for stillValid
 * and `ahead`: how many live articles of its filter sort before its window's
 * first, as of the same snapshot (only read past the first page).
 * @param {ListDeps} deps @param {readonly ChangeRow[]} rows @param {number} since @param {number | undefined} ahead
 */
function listStillValid(deps, rows, since, ahead) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  /** @type {ChangeRow[]} */
  const shown = [];
  for (const id of deps.ids) {
    const row = byId.get(id);
    if (!row || row.withdrawn || row.seq > since || !inFilter(deps.filter, row)) return false;
    shown.push(row);
  }
  const changed = rows.filter((row) => row.seq > since);
  // The mark moved, yet nothing changed: not this store's history; render again.
  if (changed.length === 0) return false;
  const first = shown[0];
  const last = shown.at(-1);
  const full = shown.length === deps.limit;
  for (const row of changed) {
    if (row.withdrawn || !inFilter(deps.filter, row)) continue;
    const afterFirst = deps.offset === 0 || !first || newer(first, row);
    const beforeLast = !full || !last || newer(row, last);
    if (afterFirst && beforeLast) return false;
  }
  if (deps.offset > 0 && ahead !== deps.offset) return false;
  return true;
}

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

module.exports = { readPageDeps, readListDeps, listStillValid, siteState, stillValid };
