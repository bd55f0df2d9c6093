/**
 * What the reader sees of the offline library on online pages: how many
 * articles it holds, and a mark on each listed article available offline.
 */
import { articlesCount } from "@/lib/arabic/plural";
import { openLibrary } from "./db";

/** Shows «N للقراءة دون اتصال» in every [data-library-status] element. */
export function showLibraryCount(doc: Document, count: number): void {
  for (const el of doc.querySelectorAll<HTMLElement>("[data-library-status]")) {
    el.textContent = count > 0 ? `${articlesCount(count)} للقراءة دون اتصال` : "";
    el.hidden = count === 0;
  }
}

/** Marks listed or open articles that the library holds. */
export function markHeldArticles(doc: Document, held: ReadonlySet<string>): void {
  for (const el of doc.querySelectorAll<HTMLElement>("[data-article-id]")) {
    const id = el.dataset.articleId ?? "";
    if (!held.has(id) || el.querySelector("[data-offline-mark]")) continue;
    const mark = doc.createElement("span");
    mark.dataset.offlineMark = "";
    mark.className = "offline-mark";
    mark.textContent = "متاح دون اتصال";
    // Inline on the date line, which has room: nothing below moves when marks appear.
    (el.querySelector("[data-article-meta]") ?? el).append(mark);
  }
}

/** Reads the library and updates the count and marks. */
export async function refreshLibraryStatus(doc: Document): Promise<void> {
  const db = await openLibrary({ onVersionChange: () => undefined });
  try {
    const ids = await db.getAllKeys("articles");
    showLibraryCount(doc, ids.length);
    markHeldArticles(doc, new Set(ids));
  } finally {
    db.close();
  }
}
