/**
 * The phone's library in IndexedDB: its name, version, typed schema and
 * numbered upgrade steps. Only the modules of this folder read it; everything
 * else calls their domain methods.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import type { Article } from "@/lib/article/model";

export const DB_NAME = "akhbar-library";
export const DB_VERSION = 6;

/**
 * The format of records this version writes. Readers accept any format they
 * can read (older records have none) and ignore fields they do not know.
 * Raise it when the worker learns to keep a field it used to drop: held
 * articles of an older format are then brought again from the server, once
 * (client/library/refresh.ts). 2: bylines, corrections and «عاجل» are kept.
 */
export const RECORD_FORMAT = 2;

/** One article as the phone holds it. */
export interface StoredArticle {
  format?: number;
  id: string;
  /** As the feed sent it; read through lib/article/read.ts, never trusted. */
  article: Article;
  /** When this copy arrived (ms since epoch). */
  syncedAt: number;
  /** The pass that brought it, while the library starts over (see MetaValues.resyncFrom). */
  pass?: number;
  /** The article's publishedAt when it is urgent, absent otherwise: the key of the small "by-urgent" index. */
  urgentAt?: string;
}

/** What the meta store holds, by key. */
export interface MetaValues {
  /** Where the next sync continues. */
  cursor: string;
  /** When the last sync ended (ms since epoch). */
  lastSyncAt: number;
  /** Articles that arrived after the first sync and are not opened yet: the app badge. */
  unread: string[];
  /** How many unsaved articles the reader lets the phone keep. */
  libraryLimit: number;
  /** The mark of the pass under way while the library starts over: copies without it are dropped when it ends. */
  resyncFrom: number;
  /** «الصور دون اتصال»: absent until the reader chooses (then the phone's data saver decides). */
  imagesOffline: ImagesOffline;
  /** The screen pictures are stored for, as the page last saw it. */
  screen: ScreenInfo;
  /** Set once every held article's pictures are listed in the media store (articles synced before pictures were). */
  mediaListed: boolean;
  /** The record format held articles were last brought up to (see RECORD_FORMAT); absent: none yet. */
  formatRefreshed: number;
  /** Where the walk of the feed that brings older-format articles up to date continues. */
  refreshCursor: string;
}

export type ImagesOffline = "always" | "wifi" | "never";

export interface ScreenInfo {
  /** Viewport width in CSS pixels. */
  width: number;
  devicePixelRatio: number;
  /** Whether the browser decodes AVIF. */
  avif: boolean;
}

/**
 * A picture of held articles, one per media id. Listed when an article that
 * shows it arrives; `held` once its one variant sits in the media cache.
 */
export interface StoredMedia {
  format?: number;
  id: string;
  /** Held articles that show it; when none is left, the picture goes. */
  articles: string[];
  /** The newest of those articles' dates: when room is short, the oldest pictures go first. */
  publishedAt: string;
  /** The upload's size: which variant fits the screen. */
  width: number;
  height: number;
  held?: { url: string; bytes: number; storedAt: number };
  /** The server no longer had it (404): not asked for again until an article brings it anew. */
  missing?: boolean;
}
export type MetaKey = keyof MetaValues;

/** An article the reader saved: kept whatever the library's limit or the phone's storage. */
export interface SavedEntry {
  format?: number;
  id: string;
  savedAt: number;
}

/** How far the reader got in an article. */
export interface ReadingPosition {
  format?: number;
  id: string;
  /** Scroll position as a fraction of the article's height, 0–1. */
  fraction: number;
  updatedAt: number;
}

/**
 * The stored search index, one record. `index` is lib/search's stored form
 * (typed arrays and strings; lib/search/stored-index.ts checks it on load).
 * Records of the first search format have `json` instead, and are rebuilt.
 */
export interface StoredSearchIndex {
  format?: number;
  key: "index";
  index: unknown;
  savedAt: number;
  /** The library's sync cursor the index was complete up to; absent when unknown, which means a full comparison on load. */
  cursor?: string;
}

export interface LibrarySchema extends DBSchema {
  articles: {
    key: string;
    value: StoredArticle;
    indexes: { "by-slug": string; "by-published": string; "by-urgent": string; "by-section": [string, string]; "by-format": number };
  };
  meta: {
    key: MetaKey;
    value: MetaValues[MetaKey];
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
  media: {
    key: string;
    value: StoredMedia;
    indexes: { "by-article": string; "by-published": string };
  };
}

export type LibraryDB = IDBPDatabase<LibrarySchema>;
type UpgradeTx = IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], "versionchange">;

/**
 * Numbered upgrade steps: step N takes a database at version N-1 to version N.
 * Each keeps the data already there; append steps, never edit released ones.
 */
export const upgrades: ReadonlyArray<(db: LibraryDB, tx: UpgradeTx) => void> = [
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
  // 4: pictures kept for reading offline (their bytes live in the media cache).
  (db) => {
    const media = db.createObjectStore("media", { keyPath: "id" });
    media.createIndex("by-article", "articles", { multiEntry: true });
    media.createIndex("by-published", "publishedAt");
  },
  // 5: the newest urgent article for the offline «عاجل» banner, one index step away. Records
  // without urgentAt stay out of the index, so it holds only urgent ones. Copies held before this
  // version were read by workers that dropped the field, so none of them is urgent: nothing to walk.
  (_db, tx) => {
    tx.objectStore("articles").createIndex("by-urgent", "urgentAt");
  },
  // 6: a section's page offline, newest first, one index range away; and which copies are of an
  // older format, counted without reading them. Creating an index fills it from the records already
  // there (a record whose key path gives no valid key, an article without a section or a record
  // without a format, is left out), so no walk is needed.
  (_db, tx) => {
    const articles = tx.objectStore("articles");
    articles.createIndex("by-section", ["article.section", "article.publishedAt"]);
    articles.createIndex("by-format", "format");
  },
];
