/**
 * What a list page shows from the store, as attributes on the element around
 * its list, for the render cache to tell which changes reach it
 * (page-deps.cjs readListDeps and listStillValid have the rule).
 */

/** Which articles a list takes: every live one, a section's, or an author's (by author key). */
export type ListFilter = { kind: "all" } | { kind: "section"; section: string } | { kind: "author"; author: string };

/** A name in an attribute with nothing HTML would escape: percent-encoded, quotes and brackets too. */
function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The attributes for a list whose window starts at `offset` in the filter's
 * order: `read` is what the page read, `limit` how many it asked for (its
 * articles and one more, which tells whether «المزيد» has anywhere to go).
 */
export function listDeclaration(filter: ListFilter, offset: number, read: readonly { id: string }[], limit: number): Record<string, string> {
  const name = filter.kind === "section" ? `:${encodeName(filter.section)}` : filter.kind === "author" ? `:${encodeName(filter.author)}` : "";
  return {
    "data-list-filter": filter.kind + name,
    "data-list-offset": String(offset),
    "data-list-ids": read.map((a) => a.id).join(" "),
    "data-list-limit": String(limit),
  };
}
