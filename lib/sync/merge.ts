/**
 * The merge rules for one page of the delta feed against the phone's library.
 * Pure, so every case is unit-tested; the worker applies the plan in one
 * IndexedDB transaction together with the new cursor.
 */
import type { Article } from "@/lib/article/model";

export interface MergePlan {
  /** Articles to write: new ones, and newer revisions of ones held. */
  put: Article[];
  /** Ids to delete: withdrawn articles the phone holds. */
  remove: string[];
  /** Articles ignored because the phone already holds that revision or a newer one. */
  skipped: number;
}

/**
 * Plans the writes for a feed page. `heldRevision` answers which revision the
 * phone holds of an id (undefined when none). A revision never goes backwards.
 */
export function planMerge(
  page: { articles: readonly Article[]; deleted: readonly string[] },
  heldRevision: (id: string) => number | undefined,
): MergePlan {
  // Within one page the newest revision of an id wins, whatever the order.
  const newest = new Map<string, Article>();
  for (const article of page.articles) {
    const seen = newest.get(article.id);
    if (!seen || seen.revision < article.revision) newest.set(article.id, article);
  }
  const removed = new Set(page.deleted);
  const put: Article[] = [];
  let skipped = page.articles.length - newest.size;
  for (const article of newest.values()) {
    const held = heldRevision(article.id);
    if (removed.has(article.id) || (held !== undefined && held >= article.revision)) skipped++;
    else put.push(article);
  }
  const remove = [...removed].filter((id) => heldRevision(id) !== undefined);
  return { put, remove, skipped };
}
