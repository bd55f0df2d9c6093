/**
 * The phone's article library in IndexedDB: the one module that owns its name,
 * version, typed schema and numbered upgrade steps. The page and the service
 * worker both open it through here.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import { openDB } from "idb";
import type { Article } from "@/lib/article/model";

export const DB_NAME = "akhbar-library";
export const DB_VERSION = 2;

/** One article as the phone holds it. */
export interface StoredArticle {
  id: string;
  article: Article;
  /** When this copy arrived (ms since epoch), for eviction and "library updated" notes. */
  syncedAt: number;
}

export type MetaKey = "cursor" | "lastSyncAt";

export interface LibrarySchema extends DBSchema {
  articles: {
    key: string;
    value: StoredArticle;
    indexes: { "by-slug": string; "by-published": string };
  };
  meta: {
    key: MetaKey;
    value: string | number;
  };
}

export type LibraryDB = IDBPDatabase<LibrarySchema>;
type UpgradeTx = IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], "versionchange">;

/**
 * Numbered upgrade steps: step N takes a database at version N-1 to version N.
 * Each keeps the data already there; append steps, never edit released ones.
 */
const upgrades: ReadonlyArray<(db: LibraryDB, tx: UpgradeTx) => void> = [
  // 1: articles by id with a slug index for offline navigation; sync state.
  (db) => {
    const articles = db.createObjectStore("articles", { keyPath: "id" });
    articles.createIndex("by-slug", "article.slug", { unique: true });
    db.createObjectStore("meta");
  },
  // 2: newest-first listing offline without reading every record.
  (_db, tx) => {
    tx.objectStore("articles").createIndex("by-published", "article.publishedAt");
  },
];

export interface OpenOptions {
  /** Called when a newer version elsewhere needs this connection closed (it is closed already). */
  onVersionChange?: () => void;
}

/** Opens the library, running any upgrade steps it lacks. */
export function openLibrary(options: OpenOptions = {}): Promise<LibraryDB> {
  return openDB<LibrarySchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < DB_VERSION; version++) upgrades[version]?.(db, tx);
    },
    blocking(_current, _blockedVersion, event) {
      // A newer app version is waiting for us: step aside rather than stall it.
      (event.target as IDBDatabase).close();
      options.onVersionChange?.();
    },
  });
}
