import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { renderAuthorPage } from "@/lib/article/render-page";
import { archivePage } from "@/lib/archive";
import { AUTHOR_ARTICLES_PER_PAGE, authorName, authorPagePath, readAuthorSegment } from "@/lib/authors";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

// Rendered per request, as the archive is: ?page= makes the page dynamic.
export const revalidate = 60;

/** The author's key and the page asked for; proxy.ts has already sent other spellings to the canonical key. */
async function load({ params, searchParams }: PageProps<"/authors/[key]">) {
  const { key: raw } = await params;
  const rawPage = (await searchParams).page;
  const page = archivePage(Array.isArray(rawPage) ? undefined : rawPage);
  // Next may hand the segment over decoded or not; a key never holds "%", so decoding is safe either way.
  const segment = readAuthorSegment(raw);
  if (!segment || !("key" in segment) || page === undefined) return undefined;
  const { key } = segment;
  const items = await (await getStore()).byAuthor(key, AUTHOR_ARTICLES_PER_PAGE + 1, (page - 1) * AUTHOR_ARTICLES_PER_PAGE);
  const name = authorName(key, items.map((a) => a.authors));
  if (!name) return undefined;
  return { key, page, name, items: items.slice(0, AUTHOR_ARTICLES_PER_PAGE), hasMore: items.length > AUTHOR_ARTICLES_PER_PAGE };
}

export async function generateMetadata(props: PageProps<"/authors/[key]">): Promise<Metadata> {
  const found = await load(props);
  if (!found) return { title: "الصفحة غير موجودة" };
  const title = found.page <= 1 ? `مقالات ${found.name}` : `مقالات ${found.name}: الصفحة ${found.page}`;
  // Absolute, not through the layout's template: Next fills it with String.replace, which reads "$&" as a pattern.
  return { title: { absolute: `${title} | ${site.name}` }, alternates: { canonical: authorPagePath(found.key, found.page) } };
}

/** An author's articles, newest first, fifty a page. */
export default async function AuthorPage(props: PageProps<"/authors/[key]">) {
  const found = await load(props);
  if (!found) notFound();
  const html = renderAuthorPage(found.name, found.items, {
    page: found.page,
    hasMore: found.hasMore,
    timeZone: site.timeZone,
    pathOf: (page) => authorPagePath(found.key, page),
  });
  return <div dangerouslySetInnerHTML={{ __html: (await urgentBanner(await getStore())) + html }} />;
}
