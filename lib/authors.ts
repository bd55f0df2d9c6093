/**
 * Author pages: /authors/<key>, an author's articles newest first, paged like
 * the archive. The key is the name as authorKey makes it (one spelling per
 * author), percent-encoded in the URL.
 */
import { AUTHOR_KEY_PATTERN, authorKey, MAX_AUTHOR_KEY_CHARS } from "@/lib/article/model";

export { ARTICLES_PER_PAGE as AUTHOR_ARTICLES_PER_PAGE } from "@/lib/archive";

/** The path of page `page` of an author's list (page 1 has no query). */
export function authorPagePath(key: string, page = 1): string {
  const path = `/authors/${encodeURIComponent(key)}`;
  return page <= 1 ? path : `${path}?page=${page}`;
}

/** What an /authors/<segment> request is: an author key, another spelling of one, or nothing of ours. */
export type AuthorSegment = { key: string } | { redirect: string } | undefined;

/**
 * Reads the path segment of an author page as sent (percent-encoded or not):
 * a canonical key; a spelling whose key differs (spaces, another Unicode
 * form), to redirect; or undefined, for a 404.
 */
export function readAuthorSegment(segment: string): AuthorSegment {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  if (name.length === 0 || name.length > MAX_AUTHOR_KEY_CHARS) return undefined;
  const key = authorKey(name);
  if (!AUTHOR_KEY_PATTERN.test(key) || key.length > MAX_AUTHOR_KEY_CHARS) return undefined;
  return key === name ? { key } : { redirect: authorPagePath(key) };
}

/** The name an author's articles give them: as the newest byline spells it. */
export function authorName(key: string, bylines: readonly (readonly string[] | undefined)[]): string | undefined {
  for (const names of bylines) {
    const found = names?.find((n) => authorKey(n) === key);
    if (found) return found;
  }
  return undefined;
}
