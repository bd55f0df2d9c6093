/**
 * The only script on pages the service worker renders from the library
 * (built to /offline-page.js): the same reader features as online pages.
 */
import { startReaderFeatures } from "./reader-features";
import { requestSync, wireSyncReports } from "./sw-bridge";

startReaderFeatures(document);
// The worker renders this page while the server is unreachable: when a sync
// succeeds again, the count and the indicator say so.
wireSyncReports(document);
void requestSync();
