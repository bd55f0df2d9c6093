import type { Metadata } from "next";
import { renderArticlePage } from "@/lib/article/render-page";
import { ARTICLES_PER_PAGE } from "@/lib/archive";
import { siteCardImage } from "@/lib/share-card/cards";
import { site, siteUrl } from "@/lib/site";
import { jsonLdText, siteGraph } from "@/lib/structured-data";
import { listDeclaration } from "@/lib/render-cache/list-declaration";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

export const revalidate = 60;

/** Link previews of the home page: its own URL and the site's card (lib/share-card). */
export function generateMetadata(): Metadata {
  const image = siteCardImage();
  return {
    openGraph: { type: "website", url: "/", title: site.name, description: site.description, siteName: site.name, locale: "ar_SY", images: [image] },
    twitter: { card: "summary_large_image", title: site.name, description: site.description, images: [image] },
  };
}

export default async function HomePage() {
  const store = await getStore();
  // One more than shown tells whether «المزيد» has anywhere to go.
  const latest = await store.latest(ARTICLES_PER_PAGE + 1);
  const html = renderArticlePage(latest.slice(0, ARTICLES_PER_PAGE), {
    page: 1,
    hasMore: latest.length > ARTICLES_PER_PAGE,
    timeZone: site.timeZone,
  });
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(siteGraph(siteUrl())) }} />
      {/* What the page read, for the render cache (lib/render-cache/page-deps.cjs). */}
      <div {...listDeclaration({ kind: "all" }, 0, latest, ARTICLES_PER_PAGE + 1)} dangerouslySetInnerHTML={{ __html: (await urgentBanner(store)) + html }} />
    </>
  );
}
