/**
 * The search page's index worker: building, updating, saving and querying the
 * index all happen here, so none of it ever blocks the page. Started by
 * client/search-library.ts; speaks search-protocol.ts.
 */
import type { SearchWorkerToPage } from "./search-protocol";
import { isPageToSearchWorker } from "./search-protocol";
import { SearchSession } from "./search-session";
import { librarySearchStorage } from "./search-storage";

// The project's types describe a window; this module runs as a dedicated worker.
const scope = globalThis as unknown as {
  postMessage(message: SearchWorkerToPage): void;
  addEventListener(type: "message", listener: (event: MessageEvent<unknown>) => void): void;
};
const post = (message: SearchWorkerToPage): void => scope.postMessage(message);

let session: SearchSession | undefined;
let opening: Promise<SearchSession | undefined> | undefined;

async function open(timeZone: string): Promise<SearchSession | undefined> {
  const candidate = new SearchSession(librarySearchStorage(), { timeZone, post });
  try {
    await candidate.open();
  } catch {
    // No IndexedDB (a private window in some browsers) or a database of a
    // newer version: the page says search is unavailable here.
    post({ type: "unavailable" });
    return undefined;
  }
  session = candidate;
  post({ type: "ready" });
  return session;
}

// Only the page that started this worker talks to it, but that page may be of another version.
scope.addEventListener("message", ({ data: message }) => {
  if (!isPageToSearchWorker(message)) return;
  switch (message.type) {
    case "open":
      opening ??= open(message.timeZone);
      return;
    case "search":
      void (async () => {
        try {
          const current = session ?? (await opening);
          if (!current) throw new Error("search is not open");
          post({ type: "results", id: message.id, results: await current.search(message.query, message.limit) });
        } catch {
          post({ type: "search-failed", id: message.id });
        }
      })();
      return;
    case "synced":
      // Before the index is open, the ids alone cannot be trusted to cover
      // what the opening read: compare once it is open.
      if (session) session.synced(message.changes);
      else void opening?.then((opened) => opened?.synced());
      return;
    case "flush":
      void session?.save();
      return;
  }
});
