/**
 * Structured data (schema.org JSON-LD) for search engines and aggregators:
 * NewsArticle on every article page, WebSite and Organization on the home
 * page. Typed with schema-dts (types only: nothing reaches the bundle).
 */
import type { ImageObject, NewsArticle, Organization, Person, WebSite, WithContext } from "schema-dts";
import type { Article } from "@/lib/article/model";
import { articlePath, authorPath, leadImage, summarize } from "@/lib/article/model";
import { iconsFor } from "@/lib/app-icons";
import { parseMediaPath, shareWidth, variantHeight, variantPath } from "@/lib/media/variants";
import { site } from "@/lib/site";

/** One graph of several things, as one script holds them. */
export interface Graph {
  "@context": "https://schema.org";
  "@graph": (Organization | WebSite)[];
}

const absolute = (path: string, base: URL): string => new URL(path, base).href;

function organizationId(base: URL): string {
  return absolute("/#organization", base);
}

/** The site's logo: its largest plain app icon. */
function logo(base: URL): ImageObject {
  const icon = iconsFor("any").at(-1);
  if (!icon) throw new Error("assets/icons.json lists no icon of role any");
  return { "@type": "ImageObject", url: absolute(icon.src, base), width: `${icon.size}`, height: `${icon.size}` };
}

/** The newspaper as publisher. */
export function organization(base: URL): Organization {
  return { "@type": "NewsMediaOrganization", "@id": organizationId(base), name: site.name, url: absolute("/", base), logo: logo(base) };
}

/**
 * The lead picture's widest JPEG variant (1600 px, or the upload's own width
 * when narrower: at least 1200 px for any upload that wide), as link previews
 * take it; undefined for an article without a sized picture of ours.
 */
export function articleImage(article: Pick<Article, "blocks">, base: URL): ImageObject | undefined {
  const lead = leadImage(article.blocks);
  const id = lead ? parseMediaPath(lead.src)?.id : undefined;
  if (!lead?.width || !lead.height || !id) return undefined;
  const width = shareWidth(lead.width);
  return {
    "@type": "ImageObject",
    url: absolute(variantPath(id, width, "jpg"), base),
    width: `${width}`,
    height: `${variantHeight(width, lead.width, lead.height)}`,
    encodingFormat: "image/jpeg",
    ...(lead.alt ? { caption: lead.alt } : {}),
  };
}

/** An article as NewsArticle: its byline's people, or the newspaper when it has none. */
export function newsArticle(article: Article, base: URL): WithContext<NewsArticle> {
  const url = absolute(articlePath(article.slug), base);
  const image = articleImage(article, base);
  const authors: (Person | Organization)[] = article.authors?.length
    ? article.authors.map((name): Person => ({ "@type": "Person", name, url: absolute(authorPath(name), base) }))
    : [{ "@type": "NewsMediaOrganization", "@id": organizationId(base), name: site.name, url: absolute("/", base) }];
  const description = summarize(article).lede;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    ...(description ? { description } : {}),
    ...(image ? { image: [image] } : {}),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    author: authors,
    publisher: organization(base),
    inLanguage: "ar",
    ...(article.section ? { articleSection: article.section } : {}),
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
  };
}

/** The home page's graph: the site and the newspaper behind it. */
export function siteGraph(base: URL): Graph {
  const website: WebSite = {
    "@type": "WebSite",
    "@id": absolute("/#website", base),
    name: site.name,
    url: absolute("/", base),
    description: site.description,
    inLanguage: "ar",
    publisher: { "@id": organizationId(base) },
  };
  return { "@context": "https://schema.org", "@graph": [organization(base), website] };
}

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` as
 * \u escapes, so no text in an article can close the script or open a
 * comment, and the line separators JavaScript once refused.
 */
export function jsonLdText(data: object): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
