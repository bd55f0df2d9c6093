import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { leadImage, SLUG_PATTERN, summarize } from "@/lib/article/model";
import { parseMediaPath, shareWidth, variantHeight, variantPath } from "@/lib/media/variants";
import { renderArticle } from "@/lib/article/render-page";
import { sanitizeArticleHtml } from "@/lib/article/sanitize";
import { articleCardImage } from "@/lib/share-card/cards";
import { site, siteUrl } from "@/lib/site";
import { jsonLdText, newsArticle } from "@/lib/structured-data";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

// Rendered on first request, then served from cache until a change of the store reaches it.
export const revalidate = 60;
export const dynamicParams = true;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

const RELATED_COUNT = 4;

async function load(slug: string) {
  // Next has decoded the param already; anything that is not a slug never reaches the store.
  if (!SLUG_PATTERN.test(slug)) return undefined;
  const store = await getStore();
  const article = await store.getBySlug(slug);
  if (!article) return undefined;
  return { article, related: await store.related(article, RELATED_COUNT), banner: await urgentBanner(store) };
}

export async function generateMetadata({ params }: PageProps<"/articles/[slug]">): Promise<Metadata> {
  const { slug } = await params;
  const found = await load(slug);
  if (!found) return { title: "المقال غير موجود" };
  const { article } = found;
  const description = summarize(article).lede;
  // The lead photo when there is one, else the article's generated card (lib/share-card).
  const photo = shareImage(article.blocks);
  const image = photo ? { ...photo, alt: photo.alt || article.title } : articleCardImage(article);
  const url = `/articles/${article.slug}`;
  return {
    // Absolute, not through the layout's "%s | site" template: Next fills it with String.replace,
    // which reads "$&", "$'" and "$`" in a title as patterns.
    title: { absolute: `${article.title} | ${site.name}` },
    description,
    alternates: { canonical: url },
    openGraph: {
      type: "article",
      url,
      title: article.title,
      description,
      locale: "ar_SY",
      siteName: site.name,
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt,
      images: [image],
    },
    twitter: { card: "summary_large_image", title: article.title, description, images: [image] },
  };
}

/** The lead picture's widest JPEG for link previews (1600 px, or the upload's own width when narrower); made absolute by metadataBase. */
function shareImage(blocks: Parameters<typeof leadImage>[0]) {
  const lead = leadImage(blocks);
  const id = lead ? parseMediaPath(lead.src)?.id : undefined;
  if (!lead?.width || !lead.height || !id) return undefined;
  const width = shareWidth(lead.width);
  return { url: variantPath(id, width, "jpg"), width, height: variantHeight(width, lead.width, lead.height), alt: lead.alt, type: "image/jpeg" };
}

export default async function ArticlePage({ params }: PageProps<"/articles/[slug]">) {
  const { slug } = await params;
  const found = await load(slug);
  if (!found) notFound();
  const html = renderArticle(found.article, found.related, {
    credits: site.credits,
    timeZone: site.timeZone,
    sanitizeBody: sanitizeArticleHtml,
  });
  return (
    <>
      {/* Data, never run: proxy.ts keeps it when it drops Next's scripts, and CSP does not apply to it. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(newsArticle(found.article, siteUrl())) }} />
      {found.banner ? <div dangerouslySetInnerHTML={{ __html: found.banner }} /> : null}
      {/* What the page shows, for the render cache to tell which changes of the store reach it (lib/render-cache/page-deps.cjs). */}
      <article
        className="pbs-6"
        data-article-id={found.article.id}
        data-related-ids={found.related.map((r) => r.id).join(" ")}
        data-related-limit={RELATED_COUNT}
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </>
  );
}
