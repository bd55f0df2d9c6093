/**
 * The page's one bridge to the service worker: sync requests and what syncs
 * report, as typed messages (./messages.ts). Components call requestSync()
 * and onSynced(); none posts or listens to raw messages. Registration and the
 * update prompt are ./sw-registration.ts, which only online pages load; this
 * part also runs on the worker's own offline pages.
 */
import { showOffline } from "./connection-status";
import { refreshLibraryStatus } from "./library-status";
import type { PageToWorker, SyncSummary, WorkerToPage } from "./messages";
import { isWorkerToPage } from "./messages";
import { announceArrivals } from "./new-articles";

/** A sync request that gets no answer (a worker being replaced) gives up after this. */
const SYNC_REPLY_TIMEOUT_MS = 60_000;

type Listener = (message: WorkerToPage) => void;
const listeners = new Set<Listener>();
let listening = false;

function listen(): void {
  if (listening || !("serviceWorker" in navigator)) return;
  listening = true;
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
    const message: unknown = event.data;
    // A message from an older or newer worker that this page does not understand is ignored.
    if (!isWorkerToPage(message)) return;
    for (const listener of listeners) listener(message);
  });
  navigator.serviceWorker.startMessages();
}

function subscribe(listener: Listener): () => void {
  listen();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls back after every sync that landed, whoever asked for it; returns the unsubscribe. */
export function onSynced(listener: (summary: SyncSummary) => void): () => void {
  return subscribe((message) => {
    if (message.type === "SYNCED") listener(message);
  });
}

/** Calls back after every pass over the pictures; returns the unsubscribe. */
export function onImagesStored(listener: (summary: Extract<WorkerToPage, { type: "IMAGES_STORED" }>) => void): () => void {
  return subscribe((message) => {
    if (message.type === "IMAGES_STORED") listener(message);
  });
}

/** Calls back after every sync that failed, with the reason; returns the unsubscribe. */
export function onSyncFailed(listener: (reason: Extract<WorkerToPage, { type: "SYNC_FAILED" }>["reason"]) => void): () => void {
  return subscribe((message) => {
    if (message.type === "SYNC_FAILED") listener(message.reason);
  });
}

function post(message: PageToWorker, worker: ServiceWorker, port: MessagePort): void {
  worker.postMessage(message, [port]);
}

/**
 * Asks the worker that controls this page to sync; resolves with its report,
 * or undefined when no worker controls the page or none answers.
 */
export function requestSync(): Promise<WorkerToPage | undefined> {
  const controller = "serviceWorker" in navigator ? navigator.serviceWorker.controller : null;
  if (!controller) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), SYNC_REPLY_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      const reply: unknown = event.data;
      resolve(isWorkerToPage(reply) ? reply : undefined);
    };
    post({ type: "SYNC" }, controller, channel.port2);
  });
}

/** What every page shows of syncs: the library's count and marks, «غير متصل», new-article notices. */
export function wireSyncReports(doc: Document): void {
  let arrivals = 0;
  onSynced((summary) => {
    showOffline(doc, false);
    void refreshLibraryStatus(doc).catch(() => undefined);
    if (summary.arrived.length > 0) {
      arrivals += summary.added;
      announceArrivals(doc, summary.arrived, arrivals);
    }
  });
  onSyncFailed((reason) => {
    if (reason === "offline") showOffline(doc, true);
  });
}

