/**
 * The search page's own script, built to /search.js and loaded by the page
 * itself (app/search/page.tsx), whether it is sent with Next's runtime or
 * without it: the reader's features come from /page.js or AppClient.
 */
import { fillUrgentSlot } from "./urgent-banner";
import { startSearchPage } from "./search-view";

startSearchPage(document);
// Built from the library (precached whole), the page fills its «عاجل» slot from it too;
// IndexedDB failing costs the banner, not the page.
void fillUrgentSlot(document).catch(() => undefined);
