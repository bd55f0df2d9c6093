/** Where the reader stopped in each article. */
import type { ArticleSummary } from "@/lib/article/model";
import { summarize } from "@/lib/article/model";
import { readStoredArticle } from "./articles";
import { library } from "./connection";
import { RECORD_FORMAT } from "./schema";

const isFraction = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;

/** The stored scroll fraction for an article, if any. */
export async function positionOf(id: string): Promise<number | undefined> {
  const stored: unknown = await (await library()).get("positions", id);
  const fraction = typeof stored === "object" && stored !== null ? (stored as { fraction?: unknown }).fraction : undefined;
  return isFraction(fraction) ? fraction : undefined;
}

export async function savePosition(id: string, fraction: number): Promise<void> {
  if (!isFraction(fraction)) return;
  await (await library()).put("positions", { format: RECORD_FORMAT, id, fraction, updatedAt: Date.now() });
}

/**
 * The most recently read article the phone still holds whose position passes
 * `worthOffering`: newest positions first, stopping at the first that does.
 */
export async function lastUnfinished(
  worthOffering: (fraction: number) => boolean,
): Promise<{ article: ArticleSummary; fraction: number } | undefined> {
  const tx = (await library()).transaction(["positions", "articles"]);
  let cursor = await tx.objectStore("positions").index("by-updated").openCursor(null, "prev");
  while (cursor) {
    const { id, fraction } = cursor.value;
    if (isFraction(fraction) && worthOffering(fraction)) {
      const article = readStoredArticle(await tx.objectStore("articles").get(String(id)));
      if (article) {
        await tx.done;
        return { article: summarize(article), fraction };
      }
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return undefined;
}
