/**
 * Registers /sw.js with workbox-window and wires what an online page does
 * with it: sync reports and triggers, periodic sync, the update prompt, the
 * push opt-in. Production builds only: a dev server's worker would cache code
 * that changes under it. Messages go through ./sw-bridge.ts.
 */
import { Workbox } from "workbox-window";
import { thisScreen } from "./media-screen";
import type { PageToWorker } from "./messages";
import { requestSync, wireSyncReports } from "./sw-bridge";
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
export function startServiceWorker(doc: Document): void {
  if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
  restorePlace();
  wireSyncReports(doc);
  const wb = new Workbox("/sw.js", { scope: "/" });
  // workbox-window sends the waiting worker its SKIP_WAITING; update-prompt asks the reader first.
  wireUpdatePrompt(doc, wb);
  wireLibraryVersionChange(doc);
  wb.register().then(
    (registration) => {
      if (!registration) return;
      // Before the first worker takes control, it syncs on activate by itself.
      wireSyncTriggers(() => void requestSync());
      // The active worker (controlling the page or not yet) learns the screen it stores pictures for.
      void navigator.serviceWorker.ready
        .then(async (ready) => ready.active?.postMessage({ type: "SCREEN", screen: await thisScreen(window) } satisfies PageToWorker))
        .catch(() => undefined);
      void registerPeriodicSync(registration);
      wirePushOptIn(doc, registration);
    },
    // No worker (private mode, blocked storage): the site still works online.
    () => undefined,
  );
}
