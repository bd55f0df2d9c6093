/**
 * The process-wide store, opened lazily from DATA_DIR (default ./data) and
 * filled with the seed article the first time it is empty.
 */
import path from "node:path";
import type { ArticleStore } from "./article-store";
import { seedIfEmpty } from "@/lib/publish/seed";
import { openSqliteStore } from "./sqlite-store";

/** Where the data lives: DATA_DIR, or ./data beside the project. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || "data");
}

const opened = new Map<string, Promise<ArticleStore>>();

/** The store for DATA_DIR, seeded on first open. */
export function getStore(): Promise<ArticleStore> {
  const dir = dataDir();
  let store = opened.get(dir);
  if (!store) {
    store = (async () => {
      const s = openSqliteStore(dir);
      await seedIfEmpty(s);
      return s;
    })();
    opened.set(dir, store);
    store.catch(() => opened.delete(dir));
  }
  return store;
}
