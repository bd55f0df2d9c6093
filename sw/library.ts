/**
 * The worker's side of the article library: syncing it from the delta feed and
 * reading it back (validated) for offline pages.
 */
import type { Article, ArticleSummary } from "@/lib/article/model";
import { summarize } from "@/lib/article/model";
import { readArticle } from "@/lib/article/read";
import type { FeedPage, ReadFeedPage } from "@/lib/feed/feed-page";
import { readFeedPage } from "@/lib/feed/feed-page";
import { chooseEvictions, libraryLimit } from "@/lib/sync/evict";
import { planMerge } from "@/lib/sync/merge";
import type { LibraryDB } from "@/client/db";
import { openLibrary, showBadge, unreadIds } from "@/client/db";
import type { ArrivedArticle, SyncSummary } from "@/client/messages";

declare const self: ServiceWorkerGlobalScope;

/** How many arrivals a sync names to the page and the notification. */
const ARRIVED_SHOWN = 5;

const PAGE_SIZE = 200;
/** A guard against a server that always says hasMore. */
const MAX_PAGES = 1000;

let connection: Promise<LibraryDB> | undefined;

/** The worker's lazily opened connection; reopened after a newer version took over. */
export function library(): Promise<LibraryDB> {
  connection ??= openLibrary({ onVersionChange: () => (connection = undefined) }).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

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
  const url = new URL("/api/articles", self.location.origin);
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

interface PageResult {
  added: number;
  updated: number;
  removed: number;
  arrived: (ArrivedArticle & { publishedAt: string })[];
}

interface SyncMode {
  /** The library's first fill: not news to the reader. */
  firstSync: boolean;
  /** Starting over after a reset: the server's copy wins whatever its revision. */
  resync: boolean;
}

/** Writes one feed page and its cursor in one transaction: all of it lands, or none. */
async function storePage(db: LibraryDB, page: FeedPage, { firstSync, resync }: SyncMode): Promise<PageResult> {
  const tx = db.transaction(["articles", "meta", "saved"], "readwrite");
  const articles = tx.objectStore("articles");
  const held = new Map<string, number>();
  for (const id of [...page.articles.map((a) => a.id), ...page.deleted]) {
    const record = await articles.get(id);
    // Starting over, the server's copy wins; a record from another version without a revision loses to any.
    const revision: unknown = record?.article?.revision;
    if (record) held.set(id, !resync && typeof revision === "number" ? revision : 0);
  }
  const plan = planMerge(page, (id) => held.get(id));
  const result: PageResult = { added: 0, updated: 0, removed: 0, arrived: [] };
  const saved = tx.objectStore("saved");
  const gone: string[] = [];
  const dropped: string[] = [];
  const now = Date.now();
  for (const article of plan.put) {
    // A slug is the server's to give: a copy holding it under another id (from a
    // replaced store) is stale, and would make the slug index refuse the page.
    const holder = await articles.index("by-slug").getKey(article.slug);
    const displaced = holder !== undefined && holder !== article.id;
    if (displaced) {
      await articles.delete(holder);
      await saved.delete(holder);
      dropped.push(holder);
    }
    // The same story at the same address under a new id is an update, not news.
    if (held.has(article.id) || displaced) result.updated++;
    else {
      result.added++;
      result.arrived.push({ id: article.id, slug: article.slug, title: article.title, publishedAt: article.publishedAt });
    }
    await articles.put({ id: article.id, article, syncedAt: now });
  }
  for (const id of plan.remove) {
    // The newsroom withdrew it: it leaves the reader's saved list too.
    await articles.delete(id);
    await saved.delete(id);
    gone.push(id);
  }
  result.removed = gone.length;
  dropped.push(...gone);
  const meta = tx.objectStore("meta");
  const newIds = firstSync ? [] : result.arrived.map((a) => a.id);
  if (newIds.length > 0 || dropped.length > 0) {
    const unread = unreadIds(await meta.get("unread")).filter((id) => !dropped.includes(id));
    await meta.put([...new Set([...unread, ...newIds])], "unread");
  }
  await meta.put(page.cursor, "cursor");
  await tx.done;
  return result;
}

/** Evicts the oldest unsaved articles until at most `keep` unsaved remain; returns how many left. */
async function evictOldest(db: LibraryDB, keep: number): Promise<number> {
  const tx = db.transaction(["articles", "saved", "meta"], "readwrite");
  const oldestFirst = await tx.objectStore("articles").index("by-published").getAllKeys();
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  const evicted = chooseEvictions(oldestFirst, saved, keep);
  for (const id of evicted) await tx.objectStore("articles").delete(id);
  if (evicted.length > 0) {
    const gone = new Set(evicted);
    const meta = tx.objectStore("meta");
    await meta.put(unreadIds(await meta.get("unread")).filter((id) => !gone.has(id)), "unread");
  }
  await tx.done;
  return evicted.length;
}

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === "QuotaExceededError";

/**
 * Stores a page; when the phone's storage is full, makes room by evicting the
 * oldest unsaved articles (a page's worth and a tenth of the library) and tries
 * again. When even that is not enough, it keeps the newest half of the page
 * (the oldest go first, as with any eviction) until what is left fits.
 */
async function storePageWithRoom(db: LibraryDB, page: FeedPage, mode: SyncMode): Promise<PageResult> {
  try {
    return await storePage(db, page, mode);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
  const held = await db.count("articles");
  await evictOldest(db, held - page.articles.length - Math.ceil(held / 10));
  try {
    return await storePage(db, page, mode);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    if (page.articles.length === 0) throw new SyncError("full");
    const newestHalf = [...page.articles]
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
      .slice(0, Math.floor(page.articles.length / 2));
    return storePageWithRoom(db, { ...page, articles: newestHalf }, mode);
  }
}

/**
 * After a full pass that started over: drops every article the pass did not
 * bring (the server no longer has it), except the ones the reader saved.
 */
async function dropNotResynced(db: LibraryDB, since: number): Promise<number> {
  const tx = db.transaction(["articles", "saved", "meta"], "readwrite");
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  const gone = new Set<string>();
  let cursor = await tx.objectStore("articles").openCursor();
  while (cursor) {
    const { id, syncedAt } = cursor.value;
    if (!(Number(syncedAt) >= since) && !saved.has(id)) {
      gone.add(id);
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
  const meta = tx.objectStore("meta");
  if (gone.size > 0) await meta.put(unreadIds(await meta.get("unread")).filter((id) => !gone.has(id)), "unread");
  await meta.delete("resyncFrom");
  await tx.done;
  return gone.size;
}

/** Starts the library over: no cursor, and a mark that says which copies predate the new pass. */
async function startOver(db: LibraryDB): Promise<number> {
  const at = Date.now();
  const tx = db.transaction("meta", "readwrite");
  await tx.store.delete("cursor");
  await tx.store.put(at, "resyncFrom");
  await tx.done;
  return at;
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
  const db = await library();
  let cursor = (await db.get("meta", "cursor")) as string | undefined;
  const storedResync = await db.get("meta", "resyncFrom");
  let resyncFrom = typeof storedResync === "number" ? storedResync : undefined;
  const firstSync = cursor === undefined && (await db.count("articles")) === 0;
  const keep = libraryLimit(await db.get("meta", "libraryLimit"));
  const totals = { added: 0, updated: 0, removed: 0, evicted: 0, skipped: 0 };
  const arrived: PageResult["arrived"] = [];
  // A limit the reader just lowered applies even when the network is down.
  totals.evicted += await evictOldest(db, keep);
  for (let n = 0; n < MAX_PAGES; n++) {
    let read: ReadFeedPage;
    try {
      read = await fetchPage(cursor);
    } catch (error) {
      if (!(error instanceof StaleCursorError)) throw error;
      resyncFrom = await startOver(db);
      cursor = undefined;
      read = await fetchPage(undefined);
    }
    const { page, skipped } = read;
    const result = await storePageWithRoom(db, page, { firstSync, resync: resyncFrom !== undefined });
    totals.added += result.added;
    totals.updated += result.updated;
    totals.removed += result.removed;
    totals.skipped += skipped;
    arrived.push(...result.arrived);
    cursor = page.cursor;
    if (!page.hasMore) {
      if (resyncFrom !== undefined) totals.removed += await dropNotResynced(db, resyncFrom);
      break;
    }
    totals.evicted += await evictOldest(db, keep);
  }
  totals.evicted += await evictOldest(db, keep);
  const at = Date.now();
  await db.put("meta", at, "lastSyncAt");
  await showBadge(self.navigator, unreadIds(await db.get("meta", "unread")).length);
  const held = new Set(await db.getAllKeys("articles"));
  const newest = firstSync
    ? []
    : arrived
        .filter((a) => held.has(a.id))
        .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        .slice(0, ARRIVED_SHOWN)
        .map(({ id, slug, title }) => ({ id, slug, title }));
  return {
    added: totals.added,
    updated: totals.updated,
    removed: totals.removed + totals.evicted,
    skipped: totals.skipped,
    arrived: newest,
    count: held.size,
    at,
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

/** A record the code cannot read is dropped, and the next sync fetches everything again. */
async function dropUnreadable(db: LibraryDB, id: string): Promise<void> {
  const tx = db.transaction(["articles", "meta"], "readwrite");
  await tx.objectStore("articles").delete(id);
  await tx.objectStore("meta").delete("cursor");
  await tx.done;
}

/** The held article at a slug, validated; undefined when absent or unreadable. */
export async function heldArticle(slug: string): Promise<Article | undefined> {
  const db = await library();
  const record = await db.getFromIndex("articles", "by-slug", slug);
  if (!record) return undefined;
  const article = readArticle(record.article);
  if (article) return article;
  await dropUnreadable(db, record.id);
  return undefined;
}

/** Readable held articles, newest first, as summaries; at most `limit` of them. */
export async function heldSummaries(limit = Infinity): Promise<ArticleSummary[]> {
  const db = await library();
  const out: ArticleSummary[] = [];
  const unreadable: string[] = [];
  let cursor = await db.transaction("articles").store.index("by-published").openCursor(null, "prev");
  while (cursor && out.length < limit) {
    const article = readArticle(cursor.value.article);
    if (article) out.push(summarize(article));
    else unreadable.push(cursor.value.id);
    cursor = await cursor.continue();
  }
  for (const id of unreadable) await dropUnreadable(db, id);
  return out;
}

/** What the server's related list would show: same section first, then newest. */
export function relatedTo(article: Article, all: readonly ArticleSummary[], limit: number): ArticleSummary[] {
  const others = all.filter((a) => a.id !== article.id);
  const same = others.filter((a) => article.section !== undefined && a.section === article.section);
  const rest = others.filter((a) => !same.includes(a));
  return [...same, ...rest].slice(0, limit);
}
