import { getStore } from "@/lib/store/open-store";
import { SITEMAP_CACHE_CONTROL, sitemapIds, sitemapIndexXml } from "@/lib/syndication/sitemaps";

export const dynamic = "force-dynamic";

/** The sitemap index: one count, one line per sitemap file. */
export async function GET(): Promise<Response> {
  const ids = await sitemapIds(await getStore());
  return new Response(sitemapIndexXml(ids), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": SITEMAP_CACHE_CONTROL },
  });
}
