/**
 * The writes a sync makes, each in one transaction: a feed page with its
 * cursor (all of it lands, or none), evictions, starting over after a reset.
 * The orchestration (fetching, retrying, telling pages) lives in the worker.
 */
import type { FeedPage } from "@/lib/feed/feed-page";
import { planMerge } from "@/lib/sync/merge";
import { library } from "./connection";
import { listArticleImages } from "./media";
import { metaValue } from "./meta";
import { isCurrentRecord } from "./refresh";
import { RECORD_FORMAT } from "./schema";

export interface SyncMode {
  /** The library's first fill: not news to the reader. */
  firstSync: boolean;
  /** Starting over after a reset (the pass's mark, from startOver): the server's copy wins whatever its revision. */
  resync: number | undefined;
}

export interface ArrivedEntry {
  id: string;
  slug: string;
  title: string;
  publishedAt: string;
}

export interface PageResult {
  added: number;
  updated: number;
  removed: number;
  /** Ids written (new or replaced) and ids that left. */
  changed: string[];
  gone: string[];
  arrived: ArrivedEntry[];
}

/** Writes one feed page and its cursor in one transaction. */
export async function applyFeedPage(page: FeedPage, { firstSync, resync }: SyncMode): Promise<PageResult> {
  const tx = (await library()).transaction(["articles", "meta", "saved", "media"], "readwrite");
  const articles = tx.objectStore("articles");
  const saved = tx.objectStore("saved");
  const media = tx.objectStore("media");
  const held = new Map<string, number>();
  for (const id of [...page.articles.map((a) => a.id), ...page.deleted]) {
    const record = await articles.get(id);
    // Starting over, the server's copy wins; a record from another version without a revision loses to any.
    // A copy of an older format loses to the same revision too: its reader may have dropped fields (refresh.ts).
    const revision: unknown = record?.article?.revision;
    if (record) held.set(id, resync === undefined && typeof revision === "number" ? revision - (isCurrentRecord(record) ? 0 : 0.5) : 0);
  }
  const plan = planMerge(page, (id) => held.get(id));
  const result: PageResult = { added: 0, updated: 0, removed: 0, changed: [], gone: [], arrived: [] };
  const displaced: string[] = [];
  const now = Date.now();
  for (const article of plan.put) {
    // A slug is the server's to give: a copy holding it under another id (from a
    // replaced store) is stale, and would make the slug index refuse the page.
    const holder = await articles.index("by-slug").getKey(article.slug);
    const isDisplaced = holder !== undefined && holder !== article.id;
    if (isDisplaced) {
      await articles.delete(holder);
      await saved.delete(holder);
      displaced.push(holder);
    }
    // The same story at the same address under a new id is an update, not news.
    if (held.has(article.id) || isDisplaced) result.updated++;
    else {
      result.added++;
      result.arrived.push({ id: article.id, slug: article.slug, title: article.title, publishedAt: article.publishedAt });
    }
    await articles.put({
      format: RECORD_FORMAT,
      id: article.id,
      article,
      syncedAt: now,
      ...(resync === undefined ? {} : { pass: resync }),
      ...(article.urgent ? { urgentAt: article.publishedAt } : {}),
    });
    // Its pictures are listed with it, so an interrupted sync never loses track of one to fetch.
    await listArticleImages(media, article);
    result.changed.push(article.id);
  }
  for (const id of plan.remove) {
    // The newsroom withdrew it: it leaves the reader's saved list too.
    await articles.delete(id);
    await saved.delete(id);
    result.gone.push(id);
  }
  result.removed = result.gone.length;
  result.gone.push(...displaced);
  const meta = tx.objectStore("meta");
  const newIds = firstSync ? [] : result.arrived.map((a) => a.id);
  if (newIds.length > 0 || result.gone.length > 0) {
    const gone = new Set(result.gone);
    const unread = (metaValue("unread", await meta.get("unread")) ?? []).filter((id) => !gone.has(id));
    await meta.put([...new Set([...unread, ...newIds])], "unread");
  }
  await meta.put(page.cursor, "cursor");
  await tx.done;
  return result;
}

/**
 * Evicts the oldest unsaved articles until at most `keep` unsaved remain;
 * returns the ids that left. Reads two counts and then only the oldest keys it
 * removes (and saved ones in the way), so a library at its limit pays for the
 * one article a new one replaces, not for the whole library.
 */
export async function evictOldest(keep: number): Promise<string[]> {
  const tx = (await library()).transaction(["articles", "saved", "meta"], "readwrite");
  const articles = tx.objectStore("articles");
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  let excess = (await articles.count()) - saved.size - Math.max(0, keep);
  const evicted: string[] = [];
  let cursor = excess > 0 ? await articles.index("by-published").openKeyCursor() : null;
  while (cursor && excess > 0) {
    const id = cursor.primaryKey;
    if (!saved.has(id)) {
      await articles.delete(id);
      evicted.push(id);
      excess--;
    }
    cursor = await cursor.continue();
  }
  if (evicted.length > 0) {
    const gone = new Set(evicted);
    const meta = tx.objectStore("meta");
    await meta.put((metaValue("unread", await meta.get("unread")) ?? []).filter((id) => !gone.has(id)), "unread");
  }
  await tx.done;
  return evicted;
}

/** Starts the library over: no cursor, and the mark of a new pass, which every copy it brings carries. */
export async function startOver(): Promise<number> {
  const tx = (await library()).transaction("meta", "readwrite");
  const previous = metaValue("resyncFrom", await tx.store.get("resyncFrom")) ?? 0;
  // A number no earlier pass used, whatever the clock did.
  const pass = Math.max(Date.now(), previous + 1);
  await tx.store.delete("cursor");
  await tx.store.put(pass, "resyncFrom");
  await tx.done;
  return pass;
}

/**
 * After a full pass that started over: drops every article the pass did not
 * bring (the server no longer has it), except the ones the reader saved.
 */
export async function dropNotResynced(pass: number): Promise<string[]> {
  const tx = (await library()).transaction(["articles", "saved", "meta"], "readwrite");
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  const gone: string[] = [];
  let cursor = await tx.objectStore("articles").openCursor();
  while (cursor) {
    const { id } = cursor.value;
    if (cursor.value.pass !== pass && !saved.has(id)) {
      gone.push(id);
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
  const meta = tx.objectStore("meta");
  if (gone.length > 0) {
    const left = new Set(gone);
    await meta.put((metaValue("unread", await meta.get("unread")) ?? []).filter((id) => !left.has(id)), "unread");
  }
  await meta.delete("resyncFrom");
  await tx.done;
  return gone;
}

/**
 * Frees the space offline articles take, keeping saved ones. The cursor stays,
 * so the library fills again only with what is published from now on.
 */
export async function clearUnsavedArticles(): Promise<number> {
  const tx = (await library()).transaction(["articles", "saved", "search", "meta"], "readwrite");
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  let removed = 0;
  for (const id of await tx.objectStore("articles").getAllKeys()) {
    if (saved.has(id)) continue;
    await tx.objectStore("articles").delete(id);
    removed++;
  }
  await tx.objectStore("search").clear();
  await tx.objectStore("meta").put([], "unread");
  await tx.done;
  return removed;
}
