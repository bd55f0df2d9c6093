/**
 * The only script on pages the service worker renders from the library
 * (built to /offline-page.js): the same reader features as online pages.
 */
import { startReaderFeatures } from "./reader-features";
import { requestSync, wireSyncReports } from "./sw-bridge";
import { fillUrgentSlot } from "./urgent-banner";

startReaderFeatures(document);
// The offline page itself has a slot for the «عاجل» banner; pages rendered into its shell have their banner already.
void fillUrgentSlot(document).catch(() => undefined);
// The worker renders this page while the server is unreachable: when a sync
// succeeds again, the count and the indicator say so.
wireSyncReports(document);
void requestSync();
