/**
 * What the sitemaps list. Sitemap 0 is the site's own pages (home and each
 * section in use); sitemaps 1, 2, … hold every live article, oldest first,
 * ARTICLES_PER_SITEMAP to a file, so a file's contents stay put as news is
 * added at the end. Each file is one page of the index of live articles,
 * read without bodies (ArticleStore.locations). The Google News sitemap lists
 * the articles of the last 48 hours.
 */
import type { MetadataRoute } from "next";
import { articlePath } from "@/lib/article/model";
import { sectionPath } from "@/lib/sections";
import { absoluteUrl, site } from "@/lib/site";
import type { ArticleStore } from "@/lib/store/article-store";

/** Google's limit is 50,000 URLs (and 50 MB) a file; our entries are far below 1 KB each. */
export const ARTICLES_PER_SITEMAP = 50_000;
/** Sections listed in sitemap 0 at most. */
export const SITEMAP_SECTIONS = 1000;
/** Google News takes articles of the last two days, at most 1,000 a sitemap. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_MAX = 1000;

/** The ids of the sitemaps: 0 for the site's pages, then one per ARTICLES_PER_SITEMAP live articles. */
export async function sitemapIds(store: ArticleStore): Promise<number[]> {
  const files = Math.ceil((await store.count()) / ARTICLES_PER_SITEMAP);
  return Array.from({ length: files + 1 }, (_, i) => i);
}

/** Sitemap `id`'s entries; empty for an id past the last. */
export async function sitemapEntries(store: ArticleStore, id: number): Promise<MetadataRoute.Sitemap> {
  if (id === 0) {
    const [newest] = await store.latest(1);
    const sections = await store.sections(SITEMAP_SECTIONS);
    return [
      { url: absoluteUrl("/"), ...(newest ? { lastModified: newest.updatedAt } : {}), changeFrequency: "hourly" },
      ...sections.map((s) => ({ url: absoluteUrl(sectionPath(s.name)), lastModified: s.latestAt, changeFrequency: "hourly" as const })),
    ];
  }
  // One read per file: a page of the index, one skip to its start (a read per chunk would skip again each time).
  const rows = await store.locations(ARTICLES_PER_SITEMAP, (id - 1) * ARTICLES_PER_SITEMAP);
  return rows.map((row) => ({ url: absoluteUrl(articlePath(row.slug)), lastModified: row.updatedAt }));
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

/** The sitemap index naming every sitemap file (Next makes the files, not an index of them). */
export function sitemapIndexXml(ids: readonly number[]): string {
  const files = ids.map((id) => `<sitemap><loc>${xml(absoluteUrl(`/sitemap/${id}.xml`))}</loc></sitemap>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${files}\n</sitemapindex>\n`;
}

/** The Google News sitemap of the articles published in the 48 hours before `now`. */
export async function newsSitemapXml(store: ArticleStore, now = new Date()): Promise<string> {
  const since = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
  const rows = await store.publishedSince(since, NEWS_MAX);
  const urls = rows
    .map(
      (row) =>
        `<url><loc>${xml(absoluteUrl(articlePath(row.slug)))}</loc><news:news>` +
        `<news:publication><news:name>${xml(site.name)}</news:name><news:language>ar</news:language></news:publication>` +
        `<news:publication_date>${xml(row.publishedAt)}</news:publication_date>` +
        `<news:title>${xml(row.title)}</news:title></news:news></url>`,
    )
    .join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n` +
    `${urls}\n</urlset>\n`
  );
}

/** Sitemaps change with the store; crawlers may keep one for a few minutes. */
export const SITEMAP_CACHE_CONTROL = "public, max-age=300";
