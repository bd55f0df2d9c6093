import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { renderAuthorPage } from "@/lib/article/render-page";
import { archivePage } from "@/lib/archive";
import { AUTHOR_ARTICLES_PER_PAGE, authorName, authorPagePath, readAuthorSegment } from "@/lib/authors";
import { listDeclaration } from "@/lib/render-cache/list-declaration";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

/**
 * Readers ask for /authors/<key>?page=N; proxy.ts rewrites that to this
 * route, the page as a path segment, so Next renders each page once and keeps
 * it until a change reaches it (lib/render-cache), rather than per request as
 * a page reading ?page= would be.
 */
export const revalidate = 60;
export const dynamicParams = true;

export function generateStaticParams(): { key: string; page: string }[] {
  return [];
}

/** The author's key and the page asked for; proxy.ts has already sent other spellings to the canonical key. */
async function load({ params }: PageProps<"/authors/[key]/[page]">) {
  const { key: raw, page: rawPage } = await params;
  const page = archivePage(rawPage);
  // Next may hand the segment over decoded or not; a key never holds "%", so decoding is safe either way.
  const segment = readAuthorSegment(raw);
  if (!segment || !("key" in segment) || page === undefined) return undefined;
  const { key } = segment;
  const offset = (page - 1) * AUTHOR_ARTICLES_PER_PAGE;
  const read = await (await getStore()).byAuthor(key, AUTHOR_ARTICLES_PER_PAGE + 1, offset);
  // The name comes from these articles' bylines, so the list's declaration covers it too.
  const name = authorName(key, read.map((a) => a.authors));
  if (!name) return undefined;
  return { key, page, offset, name, read, items: read.slice(0, AUTHOR_ARTICLES_PER_PAGE), hasMore: read.length > AUTHOR_ARTICLES_PER_PAGE };
}

export async function generateMetadata(props: PageProps<"/authors/[key]/[page]">): Promise<Metadata> {
  const found = await load(props);
  if (!found) return { title: "الصفحة غير موجودة" };
  const title = found.page <= 1 ? `مقالات ${found.name}` : `مقالات ${found.name}: الصفحة ${found.page}`;
  // Absolute, not through the layout's template: Next fills it with String.replace, which reads "$&" as a pattern.
  return { title: { absolute: `${title} | ${site.name}` }, alternates: { canonical: authorPagePath(found.key, found.page) } };
}

/** An author's articles, newest first, fifty a page. */
export default async function AuthorPage(props: PageProps<"/authors/[key]/[page]">) {
  const found = await load(props);
  if (!found) notFound();
  const html = renderAuthorPage(found.name, found.items, {
    page: found.page,
    hasMore: found.hasMore,
    timeZone: site.timeZone,
    pathOf: (page) => authorPagePath(found.key, page),
  });
  return (
    <div
      {...listDeclaration({ kind: "author", author: found.key }, found.offset, found.read, AUTHOR_ARTICLES_PER_PAGE + 1)}
      dangerouslySetInnerHTML={{ __html: (await urgentBanner(await getStore())) + html }}
    />
  );
}
