/**
 * The settings page's own script, built to /settings.js and loaded by the
 * page itself (app/settings/page.tsx), whether it is sent with Next's runtime
 * or without it: the reader's features come from /page.js or AppClient.
 */
import { startSettingsPage } from "./settings-view";
import { fillUrgentSlot } from "./urgent-banner";

startSettingsPage(document);
// Built from the library (precached whole), the page fills its «عاجل» slot from it too;
// IndexedDB failing costs the banner, not the page.
void fillUrgentSlot(document).catch(() => undefined);
