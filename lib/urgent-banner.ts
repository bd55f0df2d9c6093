/** The server's «عاجل» banner for a page rendered from the store (see lib/article/urgent-banner.ts). */
import { renderUrgentBanner, urgentSince } from "@/lib/article/urgent-banner";
import { site } from "@/lib/site";
import type { ArticleStore } from "@/lib/store/article-store";

/** The banner for the newest urgent article still in its window; "" when there is none. */
export async function urgentBanner(store: ArticleStore, now = Date.now()): Promise<string> {
  return renderUrgentBanner(await store.latestUrgent(urgentSince(now, site.urgentHours), new Date(now)), site.urgentHours);
}
