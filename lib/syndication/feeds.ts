/**
 * RSS 2.0 and Atom feeds of the newest articles, the site's and each
 * section's, made with the `feed` library. Links are absolute (SITE_URL),
 * the language is Arabic, and an article's lead picture travels as an
 * enclosure: its widest JPEG, the one link previews use.
 */
import { createHash } from "node:crypto";
import { Feed } from "feed";
import type { ArticleSummary, LeadImage } from "@/lib/article/model";
import { articlePath } from "@/lib/article/model";
import { escapeHtml } from "@/lib/article/render-html";
import { parseMediaPath, shareWidth, variantPath } from "@/lib/media/variants";
import { sectionFeedPath, sectionPath } from "@/lib/sections";
import { absoluteUrl, site } from "@/lib/site";

/** Articles in each feed: the newest fifty, as feed readers expect. */
export const FEED_ITEMS = 50;

/** Feed readers poll; a few minutes' freshness spares the server without holding news back. */
export const FEED_CACHE_CONTROL = "public, max-age=300";

export type FeedFormat = "rss" | "atom";

export const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
};

/** The site's feed paths. */
export const SITE_FEEDS: Readonly<Record<FeedFormat, string>> = { rss: "/feed.xml", atom: "/atom.xml" };

/** The lead picture's widest JPEG, absolute; undefined for a picture stored without its size or off the media store. */
export function leadJpeg(lead: LeadImage | undefined): string | undefined {
  const id = lead ? parseMediaPath(lead.src)?.id : undefined;
  if (!lead?.width || !id) return undefined;
  return absoluteUrl(variantPath(id, shareWidth(lead.width), "jpg"));
}

/** A feed of `items` (newest first); `section` makes it that section's. */
export function buildFeed(items: readonly ArticleSummary[], section?: string): Feed {
  const page = absoluteUrl(section === undefined ? "/" : sectionPath(section));
  const feedPath = (format: FeedFormat) => absoluteUrl(section === undefined ? SITE_FEEDS[format] : sectionFeedPath(section, format));
  const newest = items.reduce<string | undefined>((at, a) => (at === undefined || a.updatedAt > at ? a.updatedAt : at), undefined);
  const feed = new Feed({
    title: section === undefined ? site.name : `${section} | ${site.name}`,
    description: section === undefined ? site.description : `آخر مقالات قسم ${section} في ${site.name}`,
    id: page,
    link: page,
    language: "ar",
    // A feed with no article is as new as the epoch, so its bytes (and ETag) stay the same until one comes.
    updated: new Date(newest ?? 0),
    generator: false,
    feedLinks: { rss: feedPath("rss"), atom: feedPath("atom") },
    author: { name: site.name, link: absoluteUrl("/") },
    copyright: `© ${site.name}`,
  });
  for (const article of items) {
    const link = absoluteUrl(articlePath(article.slug));
    const image = leadJpeg(article.lead);
    feed.addItem({
      // The library writes both as HTML (Atom type="html", RSS CDATA), so text is escaped once here.
      title: escapeHtml(article.title),
      id: link,
      link,
      ...(article.lede ? { description: escapeHtml(article.lede) } : {}),
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      ...(article.section ? { category: [{ name: article.section, term: article.section }] } : {}),
      // The variant's byte size is not known here; RSS readers take 0 as "unknown".
      ...(image ? { enclosure: { url: image, type: "image/jpeg", length: 0 } } : {}),
    });
  }
  return feed;
}

/** The feed as a response: XML in UTF-8, cacheable for a few minutes, 304 to a reader holding the same bytes. */
export function feedResponse(feed: Feed, format: FeedFormat, request: Request): Response {
  // The library sets RSS's <language> but gives Atom no xml:lang, and types an Atom enclosure
  // from its extension (image/jpg, which is no MIME type). Our text is escaped, so neither pattern occurs in it.
  const xml =
    format === "rss"
      ? feed.rss2()
      : feed.atom1().replace("<feed ", '<feed xml:lang="ar" ').replaceAll(' type="image/jpg"', ' type="image/jpeg"');
  const etag = `"${createHash("sha256").update(xml).digest("base64url").slice(0, 27)}"`;
  const headers = {
    "Content-Type": `${FEED_TYPES[format]}; charset=utf-8`,
    "Cache-Control": FEED_CACHE_CONTROL,
    ETag: etag,
  };
  const held = request.headers.get("if-none-match");
  if (held && held.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(xml, { status: 200, headers });
}
