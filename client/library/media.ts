/**
 * Pictures kept for reading offline: which ones the held articles show
 * (IndexedDB's media store), and their bytes, one variant each (the media
 * cache in Cache Storage, keyed by the picture's own URL `/media/<id>`).
 * The worker fills and empties them; pages read them (offline pages, the
 * settings' storage view). Nothing else touches either.
 */
import type { IDBPObjectStore, StoreNames } from "idb";
import type { Article } from "@/lib/article/model";
import { mediaPath, parseMediaPath } from "@/lib/media/variants";
import { library } from "./connection";
import { getMeta, setMeta } from "./meta";
import type { ImagesOffline, LibrarySchema, ScreenInfo, StoredMedia } from "./schema";
import { RECORD_FORMAT } from "./schema";
import { storedRecordChunks, readStoredArticle } from "./articles";

/** The media cache's name; a worker that changes what it stores there bumps the version. */
export const MEDIA_CACHE = "akhbar-media-v1";

type MediaStore = IDBPObjectStore<LibrarySchema, ArrayLike<StoreNames<LibrarySchema>>, "media", "readwrite">;

export interface ArticleImage {
  id: string;
  width: number;
  height: number;
}

/** The site's pictures an article shows, each once, with their sizes (pictures without one cannot be sized for a screen). */
export function articleImages(article: Pick<Article, "blocks">): ArticleImage[] {
  const out = new Map<string, ArticleImage>();
  for (const block of article.blocks) {
    if (block.type !== "image") continue;
    const id = parseMediaPath(block.src)?.id;
    const { width, height } = block;
    if (id && width && height && !out.has(id)) out.set(id, { id, width, height });
  }
  return [...out.values()];
}

/**
 * Within a sync's transaction: lists the pictures of an article just
 * written, and lets go of those an edit removed (the worker's next pass
 * deletes a picture no held article shows).
 */
export async function listArticleImages(store: MediaStore, article: Article): Promise<void> {
  const images = articleImages(article);
  const ids = new Set(images.map((i) => i.id));
  for (const record of await store.index("by-article").getAll(article.id)) {
    if (ids.has(record.id)) continue;
    await store.put({ ...record, articles: record.articles.filter((a) => a !== article.id) });
  }
  for (const image of images) {
    const record = await store.get(image.id);
    if (record) {
      const articles = record.articles.includes(article.id) ? record.articles : [...record.articles, article.id];
      const publishedAt = article.publishedAt > record.publishedAt ? article.publishedAt : record.publishedAt;
      await store.put({ ...record, articles, publishedAt });
    } else {
      await store.put({ format: RECORD_FORMAT, ...image, articles: [article.id], publishedAt: article.publishedAt });
    }
  }
}

/** Once per library: lists the pictures of articles that arrived before pictures were kept. */
export async function listAllImages(): Promise<void> {
  if (await getMeta("mediaListed")) return;
  // A library filled since pictures were kept has every one listed already (see markImagesListed).
  for await (const chunk of storedRecordChunks(100)) {
    const tx = (await library()).transaction("media", "readwrite");
    for (const record of chunk) {
      const article = readStoredArticle(record);
      if (article) await listArticleImages(tx.store, article);
    }
    await tx.done;
  }
  await setMeta("mediaListed", true);
}

/** A library's first sync lists every picture it brings: no catching up to do later. */
export async function markImagesListed(): Promise<void> {
  await setMeta("mediaListed", true);
}

/** Pictures listed but not held yet (nor known missing), newest articles' first. */
export async function wantedImages(): Promise<StoredMedia[]> {
  const all = await (await library()).getAllFromIndex("media", "by-published");
  return all.filter((m) => !m.held && !m.missing && m.articles.length > 0).reverse();
}

/** Records that the picture's variant is in the media cache; false when no held article shows it any more. */
export async function markHeld(id: string, held: NonNullable<StoredMedia["held"]>): Promise<boolean> {
  const tx = (await library()).transaction("media", "readwrite");
  const record = await tx.store.get(id);
  if (record && record.articles.length > 0) await tx.store.put({ ...record, held });
  await tx.done;
  return record !== undefined && record.articles.length > 0;
}

export async function markMissing(id: string): Promise<void> {
  const tx = (await library()).transaction("media", "readwrite");
  const record = await tx.store.get(id);
  if (record) await tx.store.put({ ...record, missing: true });
  await tx.done;
}

/** Drops the cache entries of these pictures and records them as not held. */
export async function releaseImages(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const cache = await caches.open(MEDIA_CACHE);
  for (const id of ids) await cache.delete(mediaPath(id));
  const tx = (await library()).transaction("media", "readwrite");
  for (const id of ids) {
    const record = await tx.store.get(id);
    if (record?.held) {
      const { held: _held, ...rest } = record;
      await tx.store.put(rest);
    }
  }
  await tx.done;
}

/**
 * Forgets pictures no held article shows any more (articles evicted,
 * withdrawn, cleared, replaced) and deletes their bytes; returns how many went.
 */
export async function sweepImages(): Promise<number> {
  const tx = (await library()).transaction(["media", "articles"], "readwrite");
  const media = tx.objectStore("media");
  const articles = tx.objectStore("articles");
  const gone: string[] = [];
  let cursor = await media.openCursor();
  while (cursor) {
    const record = cursor.value;
    const kept: string[] = [];
    for (const id of record.articles) if ((await articles.getKey(id)) !== undefined) kept.push(id);
    if (kept.length === 0) {
      if (record.held) gone.push(record.id);
      await cursor.delete();
    } else if (kept.length !== record.articles.length) {
      await cursor.update({ ...record, articles: kept });
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  if (gone.length > 0) {
    const cache = await caches.open(MEDIA_CACHE);
    for (const id of gone) await cache.delete(mediaPath(id));
  }
  return gone.length;
}

/**
 * Held pictures that no saved article shows, oldest articles' first: what
 * goes when room is short. With `olderThan`, only pictures of articles
 * older than that date (a newer picture never makes way for an older one).
 */
export async function evictableImages(limit: number, olderThan?: string): Promise<string[]> {
  const tx = (await library()).transaction(["media", "saved"]);
  const saved = new Set(await tx.objectStore("saved").getAllKeys());
  const out: string[] = [];
  const range = olderThan === undefined ? null : IDBKeyRange.upperBound(olderThan, true);
  let cursor = await tx.objectStore("media").index("by-published").openCursor(range);
  while (cursor && out.length < limit) {
    const record = cursor.value;
    if (record.held && !record.articles.some((id) => saved.has(id))) out.push(record.id);
    cursor = await cursor.continue();
  }
  await tx.done;
  return out;
}

/** Every held picture: when the reader chooses «أبدًا». */
export async function heldImages(): Promise<string[]> {
  return (await (await library()).getAll("media")).filter((m) => m.held).map((m) => m.id);
}

/** Which of these pictures the phone holds (an offline page's). */
export async function heldAmongImages(ids: readonly string[]): Promise<Set<string>> {
  const tx = (await library()).transaction("media");
  const held = new Set<string>();
  for (const id of new Set(ids)) if ((await tx.store.get(id))?.held) held.add(id);
  await tx.done;
  return held;
}

/** The stored variant of a picture, from the media cache. */
export async function cachedImage(id: string): Promise<Response | undefined> {
  return (await caches.open(MEDIA_CACHE)).match(mediaPath(id));
}

/** Puts a picture's variant in the media cache; rejects with QuotaExceededError when the phone is full. */
export async function cacheImage(id: string, body: Blob, type: string): Promise<void> {
  const headers = { "Content-Type": type, "Content-Length": String(body.size), "X-Served-By": "service-worker" };
  await (await caches.open(MEDIA_CACHE)).put(mediaPath(id), new Response(body, { headers }));
}

/** What pictures take: how many are held and their bytes, and how many the held articles show. */
export async function imageTotals(): Promise<{ count: number; bytes: number; listed: number }> {
  let count = 0;
  let bytes = 0;
  const records = await (await library()).getAll("media");
  for (const record of records) {
    if (!record.held) continue;
    count++;
    bytes += record.held.bytes;
  }
  return { count, bytes, listed: records.length };
}

/** The reader's choice, or undefined while they have made none. */
export function imagesOfflineChoice(): Promise<ImagesOffline | undefined> {
  return getMeta("imagesOffline");
}

export function setImagesOffline(choice: ImagesOffline): Promise<void> {
  return setMeta("imagesOffline", choice);
}

/** Without a choice, the phone's data saver decides: text only when it is on. */
export function effectiveImagesOffline(choice: ImagesOffline | undefined, saveData: boolean | undefined): ImagesOffline {
  return choice ?? (saveData ? "never" : "always");
}

/** Records the screen pictures are stored for, when it changed. */
export async function rememberScreen(screen: ScreenInfo): Promise<void> {
  const stored = await getMeta("screen");
  if (stored?.width === screen.width && stored.devicePixelRatio === screen.devicePixelRatio && stored.avif === screen.avif) return;
  await setMeta("screen", screen);
}
