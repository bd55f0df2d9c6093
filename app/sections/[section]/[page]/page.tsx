import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { renderArticlePage } from "@/lib/article/render-page";
import { ARTICLES_PER_PAGE, archivePage } from "@/lib/archive";
import { listDeclaration } from "@/lib/render-cache/list-declaration";
import { sectionFeedPath, sectionFromParam, sectionPath } from "@/lib/sections";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";
import { FEED_TYPES } from "@/lib/syndication/feeds";

/**
 * Readers ask for /sections/<name>?page=N; proxy.ts rewrites that to this
 * route, the page as a path segment, so Next renders each page once and keeps
 * it until a change reaches it (lib/render-cache), rather than per request as
 * a page reading ?page= would be.
 */
export const revalidate = 60;
export const dynamicParams = true;

export function generateStaticParams(): { section: string; page: string }[] {
  return [];
}

type Props = PageProps<"/sections/[section]/[page]">;

/** The section and page asked for; 404 for a name no section can have or a page we do not serve. */
async function target({ params }: Props): Promise<{ section: string; page: number }> {
  const { section: rawSection, page: rawPage } = await params;
  const section = sectionFromParam(rawSection);
  const page = archivePage(rawPage);
  if (section === undefined || page === undefined) notFound();
  return { section, page };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { section, page } = await target(props);
  return {
    // Absolute: the layout's template fills "%s" with String.replace, which reads "$&" in a name as a pattern.
    title: { absolute: `${page <= 1 ? section : `${section}: الصفحة ${page}`} | ${site.name}` },
    description: `آخر مقالات قسم ${section} في ${site.name}`,
    alternates: {
      canonical: sectionPath(section, page),
      types: {
        [FEED_TYPES.rss]: [{ url: sectionFeedPath(section, "rss"), title: `${section} | ${site.name} (RSS)` }],
        [FEED_TYPES.atom]: [{ url: sectionFeedPath(section, "atom"), title: `${section} | ${site.name} (Atom)` }],
      },
    },
  };
}

/** A section's live articles, fifty a page, newest first; a section without any is not found. */
export default async function SectionPage(props: Props) {
  const { section, page } = await target(props);
  const offset = (page - 1) * ARTICLES_PER_PAGE;
  const items = await (await getStore()).latestInSection(section, ARTICLES_PER_PAGE + 1, offset);
  if (items.length === 0) notFound();
  const html = renderArticlePage(items.slice(0, ARTICLES_PER_PAGE), {
    page,
    hasMore: items.length > ARTICLES_PER_PAGE,
    timeZone: site.timeZone,
    section: { name: section },
  });
  return (
    <div
      {...listDeclaration({ kind: "section", section }, offset, items, ARTICLES_PER_PAGE + 1)}
      dangerouslySetInnerHTML={{ __html: (await urgentBanner(await getStore())) + html }}
    />
  );
}
