import { site } from "@/lib/site";

/**
 * Where the page script puts the «عاجل» banner from the phone's library
 * (client/urgent-banner.ts), on pages built from the library rather than the
 * store: they are precached whole, so the server cannot put it there.
 */
export function UrgentSlot() {
  return <div data-urgent-slot data-urgent-hours={site.urgentHours} />;
}
