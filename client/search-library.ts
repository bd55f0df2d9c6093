/**
 * The search page's side of its index worker (search.worker.ts): starts it,
 * passes queries and answers, tells it when a sync landed and when the page
 * is being hidden. The index itself never runs on the page.
 *
 * The worker's timings are replayed as User Timing measures on the page
 * (search:load, search:reconcile, search:update, search:save) for DevTools,
 * the end-to-end tests and `npm run bench`.
 */
import type { SyncSummary } from "./messages";
import type { PageToSearchWorker, SearchResults, SearchWorkerToPage } from "./search-protocol";
import { onSynced } from "./sw-bridge";

/** The open index, searched in its worker. */
export interface SearchLibrary {
  /** Articles matching the query, ranked; the first `limit` with headline, snippet, section and date. */
  search(query: string, limit: number): Promise<SearchResults>;
  /** Calls back after a sync changed the index, so shown results can be refreshed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/**
 * What a sync means for the index: undefined when nothing changed, else the
 * ids it wrote and the ids that left when the service worker names them, or
 * "compare" when it only counts them (too many to name, or an older worker).
 */
export function syncedChanges(summary: SyncSummary): { changed: string[]; removed: string[] } | "compare" | undefined {
  const { changed, gone } = summary;
  if (changed && gone) return changed.length + gone.length > 0 ? { changed, removed: gone } : undefined;
  return summary.added + summary.updated + summary.removed > 0 ? "compare" : undefined;
}

function replayMeasure({ name, start, duration, detail }: Extract<SearchWorkerToPage, { type: "measure" }>): void {
  try {
    const begin = Math.max(0, start - performance.timeOrigin);
    performance.measure(name, { start: begin, end: begin + duration, detail });
  } catch {
    // User Timing is for diagnosis only.
  }
}

/** The index worker, search.worker.ts and all it imports in one file. */
export const SEARCH_WORKER_URL = "/search-worker.js";

function openWorker(timeZone: string): Promise<SearchLibrary> {
  // Built by scripts/build-sw.mjs into one classic script, precached by the service worker.
  const worker = new Worker(SEARCH_WORKER_URL);
  const send = (message: PageToSearchWorker): void => worker.postMessage(message);
  const pending = new Map<number, { resolve: (results: SearchResults) => void; reject: (error: Error) => void }>();
  const listeners = new Set<() => void>();
  let nextId = 0;
  let ready = false;

  return new Promise((resolve, reject) => {
    const library: SearchLibrary = {
      search(query, limit) {
        const id = ++nextId;
        return new Promise((resolveSearch, rejectSearch) => {
          pending.set(id, { resolve: resolveSearch, reject: rejectSearch });
          send({ type: "search", id, query, limit });
        });
      },
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };

    worker.addEventListener("message", ({ data: message }: MessageEvent<SearchWorkerToPage>) => {
      switch (message.type) {
        case "ready":
          ready = true;
          resolve(library);
          return;
        case "unavailable":
          worker.terminate();
          reject(new Error("search is unavailable on this device"));
          return;
        case "results":
        case "search-failed": {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === "results") waiting?.resolve(message.results);
          else waiting?.reject(new Error("search failed"));
          return;
        }
        case "changed":
          for (const listener of listeners) listener();
          return;
        case "measure":
          replayMeasure(message);
          return;
      }
    });
    // The worker's script failed to load or threw while starting.
    worker.addEventListener("error", () => {
      if (ready) return;
      worker.terminate();
      reject(new Error("the search worker did not start"));
    });

    onSynced((summary) => {
      const changes = syncedChanges(summary);
      if (changes) send({ type: "synced", changes: changes === "compare" ? undefined : changes });
    });
    // The last moment a page can be sure to run: a phone may discard a hidden tab without warning.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") send({ type: "flush" });
    });
    window.addEventListener("pagehide", () => send({ type: "flush" }));
    send({ type: "open", timeZone });
  });
}

let opening: Promise<SearchLibrary> | undefined;

/** The page's search index, opened in its worker on first call and shared after. */
export function openSearchLibrary(timeZone: string): Promise<SearchLibrary> {
  opening ??= openWorker(timeZone).catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}
