/**
 * The one module that owns the service worker from the page's side:
 * registration with workbox-window, sync requests, what syncs bring (library
 * status, new-article notices), the update prompt and the push opt-in.
 * Production builds only: a dev server's worker would cache code that changes under it.
 */
import { Workbox } from "workbox-window";
import { announceArrivals } from "./new-articles";
import { refreshLibraryStatus } from "./library-status";
import { isWorkerToPage } from "./messages";
import { wirePushOptIn } from "./push-opt-in";
import { wireSyncTriggers } from "./sync-triggers";
import { restorePlace, wireLibraryVersionChange, wireUpdatePrompt } from "./update-prompt";

const PERIODIC_SYNC_TAG = "library-refresh";
const PERIODIC_MIN_INTERVAL_MS = 60 * 60 * 1000;

interface PeriodicSyncManager {
  register(tag: string, options: { minInterval: number }): Promise<void>;
}

/** Where the browser grants it to an installed app, refresh the library in the background. */
async function registerPeriodicSync(registration: ServiceWorkerRegistration): Promise<void> {
  const periodic = (registration as ServiceWorkerRegistration & { periodicSync?: PeriodicSyncManager }).periodicSync;
  if (!periodic) return;
  try {
    const status = await navigator.permissions.query({ name: "periodic-background-sync" as PermissionName });
    if (status.state === "granted") await periodic.register(PERIODIC_SYNC_TAG, { minInterval: PERIODIC_MIN_INTERVAL_MS });
  } catch {
    // Not granted or not supported: the other triggers still sync.
  }
}

/** Registers /sw.js and wires everything the page does with it. */
export function registerServiceWorker(doc: Document): void {
  if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
  restorePlace();
  const wb = new Workbox("/sw.js", { scope: "/" });
  let arrivals = 0;
  wb.addEventListener("message", (event) => {
    const message: unknown = event.data;
    if (!isWorkerToPage(message) || message.type !== "SYNCED") return;
    void refreshLibraryStatus(doc).catch(() => undefined);
    if (message.arrived.length > 0) {
      arrivals += message.added;
      announceArrivals(doc, message.arrived, arrivals);
    }
  });
  wireUpdatePrompt(doc, wb);
  wireLibraryVersionChange(doc);
  void wb.register().then((registration) => {
    if (!registration) return;
    wireSyncTriggers(() => {
      // Before the first worker takes control, it syncs on activate by itself.
      if (navigator.serviceWorker.controller) wb.messageSW({ type: "SYNC" }).catch(() => undefined);
    });
    void registerPeriodicSync(registration);
    wirePushOptIn(doc, registration);
  });
}
