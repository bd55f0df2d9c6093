/**
 * Messages between the search page and its index worker (search.worker.ts).
 * The page imports only these types (and the worker its guard), so none of
 * the index's code reaches the page.
 */
import type { SearchKind } from "@/lib/search/ranking";
import type { SnippetSegment } from "@/lib/search/snippet";

export type { SearchKind, SnippetSegment };

/** One result as the page shows it. */
export interface ShownResult {
  id: string;
  href: string;
  /** The headline, with the matching words marked. */
  title: SnippetSegment[];
  /** A passage around the first match in the summary or body. */
  snippet: SnippetSegment[];
  section?: string;
  /** The day in the site's zone, as the newspaper prints it («8 كانون الأول 2024»); absent when the date cannot be read. */
  date?: string;
  /** The same day as YYYY-MM-DD, for `<time dateTime>`. */
  dateTime?: string;
}

/** What a query found. */
export interface SearchResults {
  query: string;
  kind: SearchKind;
  /** How many articles are listed (those with every word, or for "partial" those with the most). */
  total: number;
  /** The first of them, best first. */
  results: ShownResult[];
  /** Words or phrases no held article has, as typed ("partial" only). */
  missing: string[];
  /** Function words left out of matching, as typed. */
  ignored: string[];
}

export type PageToSearchWorker =
  /** Opens the index; dates are shown in `timeZone`, the site's. */
  | { type: "open"; timeZone: string }
  | { type: "search"; id: number; query: string; limit: number }
  /** A sync landed; with the ids it changed when the service worker names them, else compare. */
  | { type: "synced"; changes?: { changed: string[]; removed: string[] } }
  /** The page is being hidden: save now, it may not come back. */
  | { type: "flush" };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isIds = (value: unknown) => Array.isArray(value) && value.every((id) => typeof id === "string");

/**
 * Whether the worker understands this message. Page and worker are separate
 * files (search.js, search-worker.js): a page left open across an update may
 * start the newer worker, whose messages it then sends in its older shape.
 */
export function isPageToSearchWorker(value: unknown): value is PageToSearchWorker {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "open":
      return typeof value.timeZone === "string";
    case "search":
      return Number.isSafeInteger(value.id) && typeof value.query === "string" && Number.isSafeInteger(value.limit);
    case "synced":
      return value.changes === undefined || (isRecord(value.changes) && isIds(value.changes.changed) && isIds(value.changes.removed));
    case "flush":
      return true;
    default:
      return false;
  }
}

export type SearchWorkerToPage =
  | { type: "ready" }
  | { type: "unavailable" }
  | { type: "results"; id: number; results: SearchResults }
  | { type: "search-failed"; id: number }
  /** The index changed (a sync landed): shown results may be out of date. */
  | { type: "changed" }
  /** A User Timing measure for the page's timeline; `start` in epoch milliseconds. */
  | { type: "measure"; name: string; start: number; duration: number; detail: Record<string, unknown> };
