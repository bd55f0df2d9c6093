/**
 * How many articles the phone keeps for reading offline: the limits a reader
 * can choose. Eviction itself (oldest unsaved first, never a saved one) is
 * client/library/sync.ts.
 */

/** The library limits a reader can choose, in unsaved articles kept for offline reading. */
export const LIBRARY_LIMITS = [50, 200, 500, 1000, 2000, 5000, 10000] as const;
/** Generous: every article of a newsroom's recent years (about 30 KB each as stored). */
export const DEFAULT_LIBRARY_LIMIT = 10000;

/** A stored limit, or the default when the stored value is missing or not one we offer. */
export function libraryLimit(stored: unknown): number {
  return (LIBRARY_LIMITS as readonly unknown[]).includes(stored) ? (stored as number) : DEFAULT_LIBRARY_LIMIT;
}
