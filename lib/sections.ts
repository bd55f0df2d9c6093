/**
 * Section addresses. A section's name is free Arabic text chosen by the
 * newsroom, so its address is the name itself, percent-encoded as one path
 * segment (`/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF`, which browsers
 * show as /sections/اقتصاد): stable as long as the name is, readable in the
 * address bar, and with no table of slugs to keep in step. Pure, so the
 * server, the page and the worker share it.
 */

/** Publishing's bound on a section's name (MAX_SECTION_CHARS in lib/publish/request.ts). */
export const SECTION_NAME_MAX = 60;

const CONTROL = /\p{Cc}/u;

/** The path of a section's page `page` (page 1 has no query). */
export function sectionPath(name: string, page = 1): string {
  const path = `/sections/${encodeURIComponent(name)}`;
  return page <= 1 ? path : `${path}?page=${page}`;
}

/** The path of a section's RSS or Atom feed. */
export function sectionFeedPath(name: string, format: "rss" | "atom"): string {
  return `/sections/${encodeURIComponent(name)}/${format === "rss" ? "feed.xml" : "atom.xml"}`;
}

/**
 * The section a raw (still percent-encoded) path segment names; undefined
 * when it cannot be one publishing would accept: bad percent-encoding, empty,
 * too long, spaces at either end, or control characters.
 */
export function sectionFromSegment(segment: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return isSectionName(name) ? name : undefined;
}

/** What encodeURIComponent leaves as it is: a segment of only these (and %) may still be encoded. */
const ENCODED_FORM = /^[A-Za-z0-9\-_.!~*'()%]*$/;

/**
 * The section a route parameter names. Next 16 hands a page its dynamic
 * segment still percent-encoded but generateMetadata and route handlers the
 * decoded text, so the parameter is decoded only when it can still be in
 * encoded form: a name with any other character (any Arabic letter) is
 * already text. Only an all-ASCII name containing "%" and two hex digits
 * would be misread, and it would find no section (404), never another one.
 */
export function sectionFromParam(param: string): string | undefined {
  if (ENCODED_FORM.test(param)) return sectionFromSegment(param);
  return isSectionName(param) ? param : undefined;
}

/** Whether `name` could be a stored section's name (a decoded route parameter, say). */
export function isSectionName(name: string): boolean {
  return name.length > 0 && name.length <= SECTION_NAME_MAX && name.trim() === name && !CONTROL.test(name);
}
