/**
 * The first article: the newspaper page the project keeps as content
 * (content/seed-article.txt, copied from the shared seed; nothing reads that
 * copy's source at run time).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { publishSeedText } from "./publish";
import type { ArticleStore } from "@/lib/store/article-store";

export const SEED_FILE = path.join(process.cwd(), "content", "seed-article.txt");

/** The seed's stable address and its date (the page reports the morning of 8 December 2024, Damascus). */
export const SEED_META = {
  slug: "khitam-ahd-al-nizam-al-bayed",
  publishedAt: "2024-12-08T12:00:00+03:00",
} as const;

/** Publishes the seed into a store that has never held an article; a newsroom that withdrew it keeps it withdrawn. */
export async function seedIfEmpty(store: ArticleStore): Promise<void> {
  if ((await store.currentSeq()) > 0) return;
  await publishSeedText(store, readFileSync(SEED_FILE, "utf8"), SEED_META);
}
