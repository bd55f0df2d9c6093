/** The settings page's view of the library: what it holds, its limit, and clearing it. */
import { libraryLimit } from "@/lib/sync/evict";
import { openLibrary } from "./db";

export interface LibraryStats {
  articles: number;
  saved: number;
  limit: number;
}

/** Counts and the reader's limit. */
export async function libraryStats(): Promise<LibraryStats> {
  const db = await openLibrary();
  try {
    const [articles, saved, limit] = await Promise.all([db.count("articles"), db.count("saved"), db.get("meta", "libraryLimit")]);
    return { articles, saved, limit: libraryLimit(limit) };
  } finally {
    db.close();
  }
}

/** Stores the reader's limit; the worker applies it at its next sync. */
export async function setLibraryLimit(limit: number): Promise<void> {
  const db = await openLibrary();
  try {
    await db.put("meta", libraryLimit(limit), "libraryLimit");
  } finally {
    db.close();
  }
}

/**
 * Frees the space offline articles take, keeping saved ones. The cursor stays,
 * so the library fills again only with what is published from now on.
 */
export async function clearOfflineArticles(): Promise<number> {
  const db = await openLibrary();
  try {
    const tx = db.transaction(["articles", "saved", "search", "meta"], "readwrite");
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
  } finally {
    db.close();
  }
}
