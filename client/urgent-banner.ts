/**
 * The «عاجل» banner in the browser. Pages the server renders from the store
 * (and the worker from the library) arrive with it; pages built from the
 * library (search, saved, settings, the offline page: precached whole) have a
 * slot, filled here from the library's by-urgent index. On every page, the
 * banner comes down at its time if the page is still open (or comes back
 * from the back/forward cache) then; no page is ever served with an expired
 * one (the render cache drops it, the worker renders afresh).
 */
import { renderUrgentBanner, URGENT_UNTIL_ATTRIBUTE, urgentSince } from "@/lib/article/urgent-banner";
import { latestUrgentSummary } from "./library/articles";

/** Past this, a later look (the next page, a return to this one) does it: setTimeout's delay has a 32-bit limit. */
const LONGEST_WAIT_MS = 24 * 3600_000;

function sweep(doc: Document): void {
  for (const banner of doc.querySelectorAll<HTMLElement>(`[${URGENT_UNTIL_ATTRIBUTE}]`)) {
    const left = Date.parse(banner.getAttribute(URGENT_UNTIL_ATTRIBUTE) ?? "") - Date.now();
    if (!(left > 0)) banner.remove();
    else if (left <= LONGEST_WAIT_MS) setTimeout(() => sweep(doc), left);
  }
}

/**
 * Fills a library page's slot with the newest held urgent article still in
 * its window. Called by the scripts of those pages only (AppClient, the
 * offline page), so the article pages' /page.js carries none of it.
 */
export async function fillUrgentSlot(doc: Document): Promise<void> {
  const slot = doc.querySelector<HTMLElement>("[data-urgent-slot]");
  const hours = Number(slot?.dataset.urgentHours);
  if (!slot || !(hours > 0) || doc.querySelector("[data-urgent-banner]")) return;
  const urgent = await latestUrgentSummary(urgentSince(Date.now(), hours));
  // Escaped by the renderer: a headline is text here, as everywhere.
  slot.innerHTML = renderUrgentBanner(urgent, hours);
  sweep(doc);
}

/** Takes the banner down at its time, now and whenever the page comes back from the back/forward cache. */
export function keepUrgentBannerCurrent(doc: Document): void {
  // A page restored from the back/forward cache runs no script again, but fires pageshow.
  doc.defaultView?.addEventListener("pageshow", (event) => {
    if (event.persisted) sweep(doc);
  });
  sweep(doc);
}
