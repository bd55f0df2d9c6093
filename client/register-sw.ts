/**
 * Registers the service worker with workbox-window and keeps the page told
 * of the library's state. Production builds only: a dev server's worker would
 * cache code that changes under it.
 */
import { Workbox } from "workbox-window";
import { isWorkerToPage } from "./messages";
import { refreshLibraryStatus } from "./library-status";

/** Registers /sw.js, asks for a sync on every open, and refreshes the library status as syncs finish. */
export function registerServiceWorker(doc: Document): void {
  if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
  const wb = new Workbox("/sw.js", { scope: "/" });
  wb.addEventListener("message", (event) => {
    if (isWorkerToPage(event.data) && event.data.type === "SYNCED") void refreshLibraryStatus(doc);
  });
  void refreshLibraryStatus(doc).catch(() => undefined);
  void wb.register().then((registration) => {
    // A returning reader: ask the active worker for what is new. A first visit syncs on activate.
    if (registration?.active && navigator.serviceWorker.controller) wb.messageSW({ type: "SYNC" }).catch(() => undefined);
  });
}
