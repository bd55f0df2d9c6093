import { renderArticlePage } from "@/lib/article/render-page";
import { ARTICLES_PER_PAGE } from "@/lib/archive";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

export const revalidate = 60;

export default async function HomePage() {
  const store = await getStore();
  // One more than shown tells whether «المزيد» has anywhere to go.
  const latest = await store.latest(ARTICLES_PER_PAGE + 1);
  const html = renderArticlePage(latest.slice(0, ARTICLES_PER_PAGE), {
    page: 1,
    hasMore: latest.length > ARTICLES_PER_PAGE,
    timeZone: site.timeZone,
  });
  return <div dangerouslySetInnerHTML={{ __html: (await urgentBanner(store)) + html }} />;
}
