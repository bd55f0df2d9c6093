/**
 * Takes the «عاجل» banner down at its time on a page that stays open (or
 * comes back from the back/forward cache) past it. Pages are never served
 * with an expired banner (the render cache drops them, the worker renders
 * offline pages afresh); this covers the page already on screen.
 */
import { URGENT_UNTIL_ATTRIBUTE } from "@/lib/article/urgent-banner";

/** Past this, a later look (the next page, a return to this one) does it: setTimeout's delay has a 32-bit limit. */
const LONGEST_WAIT_MS = 24 * 3600_000;

export function keepUrgentBannerCurrent(doc: Document): void {
  const sweep = () => {
    for (const banner of doc.querySelectorAll<HTMLElement>(`[${URGENT_UNTIL_ATTRIBUTE}]`)) {
      const until = Date.parse(banner.getAttribute(URGENT_UNTIL_ATTRIBUTE) ?? "");
      const left = until - Date.now();
      if (!(left > 0)) banner.remove();
      else if (left <= LONGEST_WAIT_MS) setTimeout(sweep, left);
    }
  };
  sweep();
  // A page restored from the back/forward cache runs no script again, but fires pageshow.
  doc.defaultView?.addEventListener("pageshow", (event) => {
    if (event.persisted) sweep();
  });
}
