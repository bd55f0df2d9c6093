/**
 * The worker's sync: brings the phone's library up to date from the delta
 * feed. The library's writes are client/library's; this module fetches,
 * decides and reports.
 */
import type { ReadFeedPage } from "@/lib/feed/feed-page";
import { readFeedPage } from "@/lib/feed/feed-page";
import { libraryLimit } from "@/lib/sync/evict";
import { countArticles } from "@/client/library/articles";
import { getMeta, setMeta } from "@/client/library/meta";
import type { ArrivedEntry, PageResult, SyncMode } from "@/client/library/sync";
import { applyFeedPage, dropNotResynced, evictOldest, startOver } from "@/client/library/sync";
import { applyRefreshPage, refreshDue } from "@/client/library/refresh";
import { showBadge, unreadCount } from "@/client/library/unread";
import type { SyncSummary } from "@/client/messages";
import { MAX_CHANGED_IDS } from "@/client/messages";
import { markImagesListed } from "@/client/library/media";
import { freeImageRoom } from "./media";

/** How many arrivals a sync names to the page and the notification. */
const ARRIVED_SHOWN = 5;

const PAGE_SIZE = 200;
/** A guard against a server that always says hasMore. */
const MAX_PAGES = 1000;

export class SyncError extends Error {
  constructor(readonly reason: "offline" | "server" | "invalid" | "full") {
    super(`sync failed: ${reason}`);
    this.name = "SyncError";
  }
}

/**
 * The server does not know our cursor: its store was replaced, restored from
 * an older backup, or is another store altogether. The phone starts over.
 */
class StaleCursorError extends Error {}

async function fetchPage(cursor: string | undefined): Promise<ReadFeedPage> {
  // The worker's globals as the DOM's and the worker's typings both know them: unit tests import this module.
  const url = new URL("/api/articles", location.origin);
  url.searchParams.set("limit", String(PAGE_SIZE));
  if (cursor) url.searchParams.set("since", cursor);
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", credentials: "omit" });
  } catch {
    throw new SyncError("offline");
  }
  // Any 400 to a cursor means the server cannot continue from it (servers before
  // `reset: true` said so with a plain 400), so every one starts the phone over.
  if (response.status === 400 && cursor) throw new StaleCursorError();
  if (!response.ok) throw new SyncError("server");
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    // A body cut off half-way reads as malformed JSON.
    throw new SyncError("invalid");
  }
  const read = readFeedPage(json);
  if (!read) throw new SyncError("invalid");
  return read;
}

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === "QuotaExceededError";

/** Pictures freed to make room for a feed page, before any article is. */
const IMAGES_FREED_FOR_TEXT = 50;

/**
 * Stores a page; when the phone's storage is full, makes room first from the
 * oldest unsaved pictures, then by evicting the oldest unsaved articles (a
 * page's worth and a tenth of the library) and tries again. When even that is not enough, it keeps the newest half of the page
 * (the oldest go first, as with any eviction) until what is left fits.
 */
async function applyWithRoom(page: ReadFeedPage["page"], mode: SyncMode, evicted: string[]): Promise<PageResult> {
  try {
    return await applyFeedPage(page, mode);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
  if ((await freeImageRoom(IMAGES_FREED_FOR_TEXT).catch(() => 0)) > 0) {
    try {
      return await applyFeedPage(page, mode);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
    }
  }
  const held = await countArticles();
  evicted.push(...(await evictOldest(held - page.articles.length - Math.ceil(held / 10))));
  try {
    return await applyFeedPage(page, mode);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    if (page.articles.length === 0) throw new SyncError("full");
    const newestHalf = [...page.articles]
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
      .slice(0, Math.floor(page.articles.length / 2));
    return applyWithRoom({ ...page, articles: newestHalf }, mode, evicted);
  }
}

/**
 * Brings the library up to date, page by page. Each page and its cursor are
 * written in one transaction, so an interrupted sync resumes after the last
 * page stored, with nothing lost and nothing twice. A feed entry the worker
 * cannot read is skipped and counted, never the page. When the server does not
 * know the cursor, the library starts over and, once the new pass is
 * complete, keeps only what the server has (and what the reader saved). The
 * library then keeps within the reader's limit, oldest unsaved leaving first.
 */
async function runSync(): Promise<SyncSummary> {
  let cursor = await getMeta("cursor");
  let resyncFrom = await getMeta("resyncFrom");
  const firstSync = cursor === undefined && (await countArticles()) === 0;
  if (firstSync) await markImagesListed();
  const keep = libraryLimit(await getMeta("libraryLimit"));
  const totals = { added: 0, updated: 0, removed: 0, skipped: 0 };
  const changed = new Set<string>();
  const gone = new Set<string>();
  const arrived: ArrivedEntry[] = [];
  const evicted: string[] = [];
  // A limit the reader just lowered applies even when the network is down.
  evicted.push(...(await evictOldest(keep)));
  for (let n = 0; n < MAX_PAGES; n++) {
    let read: ReadFeedPage;
    try {
      read = await fetchPage(cursor);
    } catch (error) {
      if (!(error instanceof StaleCursorError)) throw error;
      resyncFrom = await startOver();
      cursor = undefined;
      read = await fetchPage(undefined);
    }
    const { page, skipped } = read;
    const result = await applyWithRoom(page, { firstSync, resync: resyncFrom }, evicted);
    totals.added += result.added;
    totals.updated += result.updated;
    totals.removed += result.removed;
    totals.skipped += skipped;
    for (const id of result.changed) changed.add(id);
    for (const id of result.gone) gone.add(id);
    arrived.push(...result.arrived);
    cursor = page.cursor;
    if (!page.hasMore) {
      if (resyncFrom !== undefined) {
        const dropped = await dropNotResynced(resyncFrom);
        totals.removed += dropped.length;
        for (const id of dropped) gone.add(id);
      }
      break;
    }
    evicted.push(...(await evictOldest(keep)));
  }
  evicted.push(...(await evictOldest(keep)));
  for (const id of evicted) gone.add(id);
  for (const id of gone) changed.delete(id);
  const at = Date.now();
  await setMeta("lastSyncAt", at);
  await showBadge(navigator, await unreadCount());
  const held = await countArticles();
  const newest = firstSync
    ? []
    : arrived
        .filter((a) => !gone.has(a.id))
        .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        .slice(0, ARRIVED_SHOWN)
        .map(({ id, slug, title }) => ({ id, slug, title }));
  return {
    added: totals.added,
    updated: totals.updated,
    removed: totals.removed + evicted.length,
    skipped: totals.skipped,
    arrived: newest,
    count: held,
    at,
    // Past a few thousand, listeners compare the whole library instead.
    ...(changed.size + gone.size <= MAX_CHANGED_IDS ? { changed: [...changed], gone: [...gone] } : {}),
  };
}

let running: Promise<SyncSummary> | undefined;
let queued: Promise<SyncSummary> | undefined;

/**
 * Syncs the library. A request made while a sync runs gets one more run after
 * it (the running one may have read the feed before the news it was asked for);
 * any number of such requests share that one queued run.
 */
export function syncLibrary(): Promise<SyncSummary> {
  if (!running) {
    running = runSync().finally(() => (running = undefined));
    return running;
  }
  queued ??= running
    .catch(() => undefined)
    .then(() => {
      queued = undefined;
      return syncLibrary();
    });
  return queued;
}

/**
 * Once per record format: walks the feed from its start with a cursor of its
 * own and brings each held copy of an older format up to date
 * (client/library/refresh.ts). Runs after a sync that landed; it only replaces
 * copies, never adds or removes one, so a sync running beside it (a push) is
 * safe, each page being one transaction that keeps the newer revision. Stops at
 * the end of the feed or once no outdated copy is left; cut short (offline,
 * worker stopped), it resumes from the last page stored. Returns how many
 * copies it replaced.
 */
async function runRefresh(): Promise<number> {
  const due = await refreshDue();
  if (!due) return 0;
  let cursor = due.cursor;
  let refreshed = 0;
  for (let n = 0; n < MAX_PAGES; n++) {
    let read: ReadFeedPage;
    try {
      read = await fetchPage(cursor);
    } catch (error) {
      if (!(error instanceof StaleCursorError)) throw error;
      // The store was replaced under the walk: it starts again from the new store's first page.
      cursor = undefined;
      continue;
    }
    const result = await applyRefreshPage(read.page);
    refreshed += result.refreshed.length;
    if (result.done) break;
    cursor = read.page.cursor;
  }
  return refreshed;
}

let refreshing: Promise<number> | undefined;

/** Brings held articles of an older format up to date; one walk at a time, shared by whoever asks meanwhile. */
export function refreshOutdated(): Promise<number> {
  refreshing ??= runRefresh().finally(() => (refreshing = undefined));
  return refreshing;
}
