/**
 * Paging through every live article, newest first: the home page shows the
 * first page, /archive?page=N the others, online and offline alike.
 */

/** Articles on the home page and on each archive page. */
export const ARTICLES_PER_PAGE = 50;
/** No page past this: 500,000 articles, and a bound on how far a stranger can make the server skip. */
export const MAX_ARCHIVE_PAGE = 10_000;

/** The path of archive page `page` (page 1 is the home page). */
export function archivePath(page: number): string {
  return page <= 1 ? "/" : `/archive?page=${page}`;
}

/** The archive page a query value asks for; undefined when it is not a page number we serve. */
export function archivePage(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === "") return 1;
  if (!/^[1-9]\d{0,4}$/.test(value)) return undefined;
  const page = Number(value);
  return page <= MAX_ARCHIVE_PAGE ? page : undefined;
}
