/**
 * «احفظ»: the articles the reader keeps. Saved articles are never evicted,
 * and the first save is the moment to ask the browser to keep our storage.
 */
import type { ArticleSummary } from "@/lib/article/model";
import { summarize } from "@/lib/article/model";
import { RECORD_FORMAT } from "./schema";
import { readStoredArticle } from "./articles";
import { library } from "./connection";

/** Whether the article is saved. */
export async function isSaved(id: string): Promise<boolean> {
  return (await (await library()).getKey("saved", id)) !== undefined;
}

/** Saves or unsaves an article; returns whether it is saved now. */
export async function toggleSaved(id: string): Promise<boolean> {
  const db = await library();
  const tx = db.transaction("saved", "readwrite");
  const saved = (await tx.store.getKey(id)) !== undefined;
  if (saved) await tx.store.delete(id);
  else await tx.store.put({ format: RECORD_FORMAT, id, savedAt: Date.now() });
  const count = await tx.store.count();
  await tx.done;
  if (!saved && count === 1) void globalThis.navigator?.storage?.persist?.().catch(() => false);
  return !saved;
}

/** How many articles the reader saved. */
export async function countSaved(): Promise<number> {
  return (await library()).count("saved");
}

/** The saved articles the phone holds, the most recently saved first. */
export async function savedSummaries(): Promise<ArticleSummary[]> {
  const tx = (await library()).transaction(["saved", "articles"]);
  const entries = (await tx.objectStore("saved").index("by-saved").getAll()).reverse();
  const out: ArticleSummary[] = [];
  for (const entry of entries) {
    const article = readStoredArticle(await tx.objectStore("articles").get(String(entry.id)));
    if (article) out.push(summarize(article));
  }
  await tx.done;
  return out;
}
