/// <reference lib="webworker" />
/**
 * The service worker, as a table of contents: what it precaches, which
 * requests it answers, and the events it listens to. Each concern lives in
 * the module beside it.
 */
import { cacheNames, setCacheNameDetails } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import type { WorkerToPage } from "@/client/messages";
import { isPageToWorker } from "@/client/messages";
import { imageTotals, MEDIA_CACHE, rememberScreen } from "@/client/library/media";
import { refreshOutdated, SyncError, syncLibrary } from "./library";
import { handleMedia, storeImages } from "./media";
import { handleNavigation, handleRsc } from "./navigation";
import { notifyArrival, openFromNotification } from "./notifications";
import { measure } from "./timing";

declare const self: ServiceWorkerGlobalScope;

// Versioned cache names: a worker that changes how it caches bumps CACHE_VERSION,
// and activation deletes every cache of ours it does not use.
const CACHE_VERSION = "v1";
setCacheNameDetails({ prefix: "akhbar", suffix: CACHE_VERSION });

// App shell: CSS, fonts, page JavaScript, icons and the offline page, with revisions.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

async function deleteStaleCaches(): Promise<void> {
  const current = new Set([cacheNames.precache, cacheNames.runtime, MEDIA_CACHE]);
  for (const name of await caches.keys()) {
    if (!current.has(name) && (name.startsWith("akhbar-") || name.startsWith("workbox-"))) await caches.delete(name);
  }
}

const sameOrigin = (url: URL) => url.origin === self.location.origin;
const isRsc = (request: Request, url: URL) => request.headers.get("RSC") === "1" || url.searchParams.has("_rsc");

registerRoute(({ request, url }) => request.method === "GET" && sameOrigin(url) && isRsc(request, url), handleRsc);
registerRoute(({ request, url }) => request.mode === "navigate" && sameOrigin(url), handleNavigation);
registerRoute(({ request, url }) => request.method === "GET" && sameOrigin(url) && url.pathname.startsWith("/media/"), handleMedia);

async function broadcast(message: WorkerToPage): Promise<void> {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

const BACKGROUND_SYNC_TAG = "library-sync";

/** Syncs, tells every open page, and returns what it told them. Without a network, asks for a Background Sync. */
async function sync(): Promise<WorkerToPage> {
  let message: WorkerToPage;
  try {
    message = { type: "SYNCED", ...(await syncLibrary()) };
  } catch (error) {
    message = { type: "SYNC_FAILED", reason: error instanceof SyncError ? error.reason : "invalid" };
    if (message.reason === "offline") await self.registration.sync?.register(BACKGROUND_SYNC_TAG).catch(() => undefined);
  }
  await broadcast(message);
  return message;
}

/**
 * After a sync that landed, the pictures of what it brought: the text is
 * stored and announced first, and nothing the pictures meet fails the sync.
 */
async function thenImages(result: WorkerToPage): Promise<void> {
  if (result.type !== "SYNCED") return;
  try {
    const pass = await storeImages();
    const { count, listed } = await imageTotals();
    await broadcast({ type: "IMAGES_STORED", stored: pass.stored, held: count, listed });
  } catch {
    // The pictures wait for the next sync; the text is stored already.
  }
}

/**
 * After a sync that landed: its pictures, then, once per record format, the
 * held articles an older worker stored without fields it did not know. A
 * failure waits for the next sync, where each resumes.
 */
async function afterSync(result: WorkerToPage): Promise<void> {
  await thenImages(result);
  if (result.type === "SYNCED") await refreshOutdated().catch(() => undefined);
}

/** For events the browser retries: a failed sync rejects, so it tries again later. */
async function syncOrThrow(): Promise<void> {
  const result = await sync();
  if (result.type === "SYNC_FAILED") throw new Error(`sync failed: ${result.reason}`);
  await afterSync(result);
}

self.addEventListener("activate", (event) => {
  // Take the open page at once on first install, so its library fills now.
  event.waitUntil(
    (async () => {
      await deleteStaleCaches();
      await self.clients.claim();
      await afterSync(await sync());
    })(),
  );
});

self.addEventListener("sync", (event) => {
  if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(syncOrThrow());
});

self.addEventListener("periodicsync", (event) => {
  event.waitUntil(sync().then(afterSync));
});

self.addEventListener("push", (event) => {
  const start = performance.now();
  event.waitUntil(
    sync()
      .then(async (result) => {
        const notifying = performance.now();
        await notifyArrival(event.data, result);
        measure("sw:notify", notifying);
        await afterSync(result);
      })
      .finally(() => measure("sw:push", start)),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(openFromNotification(event.notification));
});

self.addEventListener("message", (event) => {
  const message: unknown = event.data;
  if (!isPageToWorker(message)) return;
  if (message.type === "SKIP_WAITING") void self.skipWaiting();
  if (message.type === "SCREEN") event.waitUntil(rememberScreen(message.screen).catch(() => undefined));
  // workbox-window's messageSW waits for a reply on the port it sends.
  if (message.type === "SYNC") {
    event.waitUntil(
      sync().then(async (result) => {
        event.ports[0]?.postMessage(result);
        await afterSync(result);
      }),
    );
  }
});
