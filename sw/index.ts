/// <reference lib="webworker" />
/**
 * The service worker, as a table of contents: what it precaches, which
 * requests it answers, and the events it listens to. Each concern lives in
 * the module beside it.
 */
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import type { WorkerToPage } from "@/client/messages";
import { isPageToWorker } from "@/client/messages";
import { SyncError, syncLibrary } from "./library";
import { handleNavigation, handleRsc } from "./navigation";

declare const self: ServiceWorkerGlobalScope;

// App shell: CSS, fonts, page JavaScript, icons and the offline page, with revisions.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const sameOrigin = (url: URL) => url.origin === self.location.origin;
const isRsc = (request: Request, url: URL) => request.headers.get("RSC") === "1" || url.searchParams.has("_rsc");

registerRoute(({ request, url }) => request.method === "GET" && sameOrigin(url) && isRsc(request, url), handleRsc);
registerRoute(({ request, url }) => request.mode === "navigate" && sameOrigin(url), handleNavigation);

async function broadcast(message: WorkerToPage): Promise<void> {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

/** Syncs, tells every open page, and returns what it told them. */
async function sync(): Promise<WorkerToPage> {
  let message: WorkerToPage;
  try {
    message = { type: "SYNCED", ...(await syncLibrary()) };
  } catch (error) {
    message = { type: "SYNC_FAILED", reason: error instanceof SyncError ? error.reason : "invalid" };
  }
  await broadcast(message);
  return message;
}

self.addEventListener("activate", (event) => {
  // Take the open page at once on first install, so its library fills now.
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await sync();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const message: unknown = event.data;
  if (!isPageToWorker(message)) return;
  if (message.type === "SKIP_WAITING") void self.skipWaiting();
  // workbox-window's messageSW waits for a reply on the port it sends.
  if (message.type === "SYNC") event.waitUntil(sync().then((result) => event.ports[0]?.postMessage(result)));
});
