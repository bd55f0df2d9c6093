/**
 * Which articles leave the phone when the library is over its limit or the
 * storage is full: the oldest unsaved ones first, never a saved one.
 */

/**
 * Picks ids to evict so that at most `keep` unsaved articles remain.
 * `oldestFirst` lists every held article id from oldest to newest.
 */
export function chooseEvictions(oldestFirst: readonly string[], saved: ReadonlySet<string>, keep: number): string[] {
  const unsaved = oldestFirst.filter((id) => !saved.has(id));
  const excess = unsaved.length - Math.max(0, keep);
  return excess > 0 ? unsaved.slice(0, excess) : [];
}

/** The library limits a reader can choose, in unsaved articles kept for offline reading. */
export const LIBRARY_LIMITS = [50, 200, 500, 1000, 2000, 5000, 10000] as const;
/** Generous: every article of a newsroom's recent years (about 30 KB each as stored). */
export const DEFAULT_LIBRARY_LIMIT = 10000;

/** A stored limit, or the default when the stored value is missing or not one we offer. */
export function libraryLimit(stored: unknown): number {
  return (LIBRARY_LIMITS as readonly unknown[]).includes(stored) ? (stored as number) : DEFAULT_LIBRARY_LIMIT;
}
