import { getStore } from "@/lib/store/open-store";
import { newsSitemapXml, SITEMAP_CACHE_CONTROL } from "@/lib/syndication/sitemaps";

// Per request: what it lists depends on the clock as well as the store (at most 1,000 rows, no bodies).
export const dynamic = "force-dynamic";

/** Google News: the articles of the last 48 hours. */
export async function GET(): Promise<Response> {
  return new Response(await newsSitemapXml(await getStore()), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": SITEMAP_CACHE_CONTROL },
  });
}
