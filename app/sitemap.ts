import type { MetadataRoute } from "next";
import { getStore } from "@/lib/store/open-store";
import { sitemapEntries, sitemapIds } from "@/lib/syndication/sitemaps";

// Rendered on request and kept until the store changes (lib/render-cache), like the pages.
export const revalidate = 60;

/** /sitemap/0.xml for the site's pages, /sitemap/1.xml… for the articles, 50,000 a file; /sitemap.xml (app/sitemap-index.xml) indexes them. */
export async function generateSitemaps(): Promise<{ id: number }[]> {
  return (await sitemapIds(await getStore())).map((id) => ({ id }));
}

export default async function sitemap({ id }: { id: Promise<string> }): Promise<MetadataRoute.Sitemap> {
  return sitemapEntries(await getStore(), Number(await id));
}
