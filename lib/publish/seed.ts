/**
 * The first article: the newspaper page the project keeps as content
 * (content/seed-article.txt, copied from the shared seed; nothing reads that
 * copy's source at run time).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PublishError } from "./errors";
import { publishSeedText } from "./publish";
import type { ArticleStore } from "@/lib/store/article-store";

export const SEED_FILE = path.join(process.cwd(), "content", "seed-article.txt");

/** The seed's stable address and its date (the page reports the morning of 8 December 2024, Damascus). */
export const SEED_META = {
  slug: "khitam-ahd-al-nizam-al-bayed",
  publishedAt: "2024-12-08T12:00:00+03:00",
} as const;

/**
 * Publishes the seed into a store that has never held an article; a newsroom
 * that withdrew it keeps it withdrawn. Safe when several processes open a new
 * store at once: the seed's slug is unique, so the one that loses the race
 * finds it taken and the store already seeded. A read-only store stays as it is.
 */
export async function seedIfEmpty(store: ArticleStore): Promise<void> {
  if ((await store.currentSeq()) > 0) return;
  try {
    // The seed is the store's first article, not news: nobody is told about it.
    await publishSeedText(store, readFileSync(SEED_FILE, "utf8"), SEED_META, { announce: false });
  } catch (error) {
    if (error instanceof PublishError && error.status === 409 && (await store.slugExists(SEED_META.slug))) return;
    if (error instanceof PublishError && error.status === 503) return;
    throw error;
  }
}
