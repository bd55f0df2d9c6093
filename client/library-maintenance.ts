/** The settings page's view of the library: what it holds, its limit, and clearing it. */
import { libraryLimit } from "@/lib/sync/evict";
import { countArticles } from "./library/articles";
import { getMeta, setMeta } from "./library/meta";
import type { ImagesOffline } from "./library/schema";
import { effectiveImagesOffline, heldImages, imagesOfflineChoice, imageTotals, releaseImages, setImagesOffline, sweepImages } from "./library/media";
import { countSaved } from "./library/saved";
import { clearUnsavedArticles } from "./library/sync";

export interface LibraryStats {
  articles: number;
  saved: number;
  limit: number;
  /** Pictures held for reading offline, their bytes, and how many the held articles show. */
  images: { count: number; bytes: number; listed: number };
}

/** Counts and the reader's limit. */
export async function libraryStats(): Promise<LibraryStats> {
  const [articles, saved, limit, images] = await Promise.all([countArticles(), countSaved(), getMeta("libraryLimit"), imageTotals()]);
  return { articles, saved, limit: libraryLimit(limit), images };
}

/** Stores the reader's limit; the worker applies it at its next sync. */
export async function setLibraryLimit(limit: number): Promise<void> {
  await setMeta("libraryLimit", libraryLimit(limit));
}

/** Frees the space offline articles (and their pictures) take, keeping saved ones; returns how many left. */
export async function clearOfflineArticles(): Promise<number> {
  const removed = await clearUnsavedArticles();
  await sweepImages();
  return removed;
}

/** «الصور دون اتصال» as it applies now: the reader's choice, or the phone's data saver's. */
export async function imagesOfflineSetting(): Promise<ImagesOffline> {
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  return effectiveImagesOffline(await imagesOfflineChoice(), saveData);
}

/** Stores the reader's choice; «أبدًا» frees the pictures' space at once, the worker fetches for the others at its next sync. */
export async function setImagesOfflineSetting(choice: ImagesOffline): Promise<void> {
  await setImagesOffline(choice);
  if (choice === "never") await releaseImages(await heldImages());
}
