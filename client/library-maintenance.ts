/** The settings page's view of the library: what it holds, its limit, and clearing it. */
import { libraryLimit } from "@/lib/sync/evict";
import { countArticles } from "./library/articles";
import { getMeta, setMeta } from "./library/meta";
import { countSaved } from "./library/saved";
import { clearUnsavedArticles } from "./library/sync";

export interface LibraryStats {
  articles: number;
  saved: number;
  limit: number;
}

/** Counts and the reader's limit. */
export async function libraryStats(): Promise<LibraryStats> {
  const [articles, saved, limit] = await Promise.all([countArticles(), countSaved(), getMeta("libraryLimit")]);
  return { articles, saved, limit: libraryLimit(limit) };
}

/** Stores the reader's limit; the worker applies it at its next sync. */
export async function setLibraryLimit(limit: number): Promise<void> {
  await setMeta("libraryLimit", libraryLimit(limit));
}

/** Frees the space offline articles take, keeping saved ones; returns how many left. */
export const clearOfflineArticles = clearUnsavedArticles;
