/**
 * What the reader sees of the offline library on online pages: how many
 * articles it holds, and a mark on each listed article available offline.
 */
import { articlesCount } from "@/lib/arabic/plural";
import { countArticles, heldAmong } from "./library/articles";

/** Shows «N للقراءة دون اتصال» in every [data-library-status] element. */
export function showLibraryCount(doc: Document, count: number): void {
  for (const el of doc.querySelectorAll<HTMLElement>("[data-library-status]")) {
    el.textContent = count > 0 ? `${articlesCount(count)} للقراءة دون اتصال` : "";
    el.hidden = count === 0;
  }
}

/** Reveals the «متاح دون اتصال» mark (rendered invisible in place) on listed or open articles the library holds. */
export function markHeldArticles(doc: Document, held: ReadonlySet<string>): void {
  for (const el of doc.querySelectorAll<HTMLElement>("[data-article-id]")) {
    if (!held.has(el.dataset.articleId ?? "")) continue;
    // The article's own mark only: a related list inside it marks its items itself.
    const mark = [...el.querySelectorAll<HTMLElement>("[data-offline-mark]")].find(
      (m) => m.closest("[data-article-id]") === el,
    );
    mark?.classList.remove("invisible");
  }
}

/** Reads the library and updates the count and marks: a count, and one lookup per listed article. */
export async function refreshLibraryStatus(doc: Document): Promise<void> {
  const listed = [...doc.querySelectorAll<HTMLElement>("[data-article-id]")].map((el) => el.dataset.articleId ?? "");
  const [count, held] = await Promise.all([countArticles(), heldAmong(listed.filter(Boolean))]);
  showLibraryCount(doc, count);
  markHeldArticles(doc, held);
}
