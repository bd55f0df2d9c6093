/**
 * Everything search keeps in or reads from IndexedDB, behind one small
 * interface: the stored index, the held articles (records as stored, for the
 * tolerant reader to check) and the library's sync cursor. The only search
 * module that knows the library (client/library). Runs in the search worker.
 */
import type { ArticleSource } from "@/lib/search/reconcile";
import type { StoredIndex } from "@/lib/search/stored-index";
import { heldIds, storedRecordChunks, storedRecords } from "./library/articles";
import { getMeta } from "./library/meta";
import { loadSearchIndex, saveSearchIndex } from "./library/search-index";

/** The stored index as read back: not yet checked (lib/search/stored-index.ts checks it). */
export interface LoadedIndex {
  index: unknown;
  /** The library's sync cursor the index was complete up to; undefined when unknown (compare everything). */
  cursor: string | undefined;
}

export interface SearchStorage extends ArticleSource {
  /** The stored index, undefined when there is none. */
  loadIndex(): Promise<LoadedIndex | undefined>;
  /** Replaces the stored index. */
  saveIndex(index: StoredIndex, cursor: string | undefined): Promise<void>;
}

/** The search storage over the phone's library. */
export function librarySearchStorage(): SearchStorage {
  return {
    async loadIndex() {
      const stored = await loadSearchIndex();
      return stored && { index: stored.index, cursor: stored.cursor };
    },
    async saveIndex(index, cursor) {
      await saveSearchIndex({ index, savedAt: Date.now(), ...(cursor === undefined ? {} : { cursor }) });
    },
    cursor: () => getMeta("cursor"),
    ids: heldIds,
    records: storedRecords,
    chunks: storedRecordChunks,
  };
}
