/**
 * The phone's article library in IndexedDB: the one module that owns its name,
 * version, typed schema and numbered upgrade steps. The page and the service
 * worker both open it through here.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import { openDB } from "idb";
import type { Article } from "@/lib/article/model";

export const DB_NAME = "akhbar-library";
export const DB_VERSION = 3;

/** One article as the phone holds it. */
export interface StoredArticle {
  id: string;
  article: Article;
  /** When this copy arrived (ms since epoch), for eviction and "library updated" notes. */
  syncedAt: number;
}

/**
 * cursor: where the next sync continues; lastSyncAt: ms since epoch;
 * unread: ids of articles that arrived after the first sync and are not yet opened (the app badge);
 * libraryLimit: how many unsaved articles the reader lets the phone keep;
 * resyncFrom: set while the library starts over (ms since epoch): copies synced
 * before it and not brought again by the new pass are dropped when it ends.
 */
export type MetaKey = "cursor" | "lastSyncAt" | "unread" | "libraryLimit" | "resyncFrom";

/** An article the reader saved: kept whatever the library's limit or the phone's storage. */
export interface SavedEntry {
  id: string;
  savedAt: number;
}

/** How far the reader got in an article. */
export interface ReadingPosition {
  id: string;
  /** Scroll position as a fraction of the article's height, 0–1. */
  fraction: number;
  updatedAt: number;
}

/** The serialized search index (lib/search), one record. */
export interface StoredSearchIndex {
  key: "index";
  json: string;
  savedAt: number;
  /** The library's sync cursor the index was complete up to; absent when unknown, which means a full comparison on load. */
  cursor?: string;
}

export interface LibrarySchema extends DBSchema {
  articles: {
    key: string;
    value: StoredArticle;
    indexes: { "by-slug": string; "by-published": string };
  };
  meta: {
    key: MetaKey;
    value: string | number | string[];
  };
  saved: {
    key: string;
    value: SavedEntry;
    indexes: { "by-saved": number };
  };
  positions: {
    key: string;
    value: ReadingPosition;
    indexes: { "by-updated": number };
  };
  search: {
    key: "index";
    value: StoredSearchIndex;
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
  // 3: the reader's own library: saved articles, reading positions, the search index.
  (db) => {
    db.createObjectStore("saved", { keyPath: "id" }).createIndex("by-saved", "savedAt");
    db.createObjectStore("positions", { keyPath: "id" }).createIndex("by-updated", "updatedAt");
    db.createObjectStore("search", { keyPath: "key" });
  },
];

/** Fired on the global scope when a newer version of the app needs the library: this tab's code is out of date. */
export const LIBRARY_VERSION_CHANGE = "akhbar:library-version-change";

export interface OpenOptions {
  /** Called when a newer version elsewhere needs this connection closed (it is closed already). */
  onVersionChange?: () => void;
}

const announceVersionChange = () => globalThis.dispatchEvent?.(new Event(LIBRARY_VERSION_CHANGE));

/** Opens the library, running any upgrade steps it lacks. */
export async function openLibrary(options: OpenOptions = {}): Promise<LibraryDB> {
  try {
    return await openDB<LibrarySchema>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let version = oldVersion; version < DB_VERSION; version++) upgrades[version]?.(db, tx);
      },
      blocking(_current, _blockedVersion, event) {
        // A newer app version is waiting for us: step aside rather than stall its upgrade.
        (event.target as IDBDatabase).close();
        (options.onVersionChange ?? announceVersionChange)();
      },
    });
  } catch (error) {
    // This tab's code is older than the library on disk: it must reload, never downgrade.
    if (error instanceof DOMException && error.name === "VersionError") announceVersionChange();
    throw error;
  }
}

/** The unread ids as stored, tolerating a missing or malformed value. */
export function unreadIds(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Marks an article read; returns how many stay unread. */
export async function markRead(db: LibraryDB, id: string): Promise<number> {
  const tx = db.transaction("meta", "readwrite");
  const unread = unreadIds(await tx.store.get("unread"));
  const left = unread.filter((u) => u !== id);
  if (left.length !== unread.length) await tx.store.put(left, "unread");
  await tx.done;
  return left.length;
}

/** Shows the unread count on the app icon where the platform has badges. */
export async function showBadge(
  nav: { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void> },
  count: number,
): Promise<void> {
  try {
    if (count > 0) await nav.setAppBadge?.(count);
    else await nav.clearAppBadge?.();
  } catch {
    // Badging is a nicety: a platform that refuses it loses nothing.
  }
}
