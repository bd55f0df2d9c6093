import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { renderArticlePage } from "@/lib/article/render-page";
import { ARTICLES_PER_PAGE, archivePage, archivePath } from "@/lib/archive";
import { listDeclaration } from "@/lib/render-cache/list-declaration";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

/**
 * Readers ask for /archive?page=N; proxy.ts rewrites that to this route, the
 * page as a path segment, so Next renders each page once and keeps it until a
 * change reaches it (lib/render-cache), rather than per request as a page
 * reading ?page= would be. Page 1 is the home page: the proxy redirects it.
 */
export const revalidate = 60;
export const dynamicParams = true;

export function generateStaticParams(): { page: string }[] {
  return [];
}

async function pageOf(params: PageProps<"/archive/[page]">["params"]): Promise<number> {
  const page = archivePage((await params).page);
  if (page === undefined || page < 2) notFound();
  return page;
}

export async function generateMetadata({ params }: PageProps<"/archive/[page]">): Promise<Metadata> {
  const page = await pageOf(params);
  return { title: `الأرشيف: الصفحة ${page}`, alternates: { canonical: archivePath(page) } };
}

/** Every live article past the home page's, fifty a page, newest first. */
export default async function ArchivePage({ params }: PageProps<"/archive/[page]">) {
  const page = await pageOf(params);
  const store = await getStore();
  const offset = (page - 1) * ARTICLES_PER_PAGE;
  const items = await store.latest(ARTICLES_PER_PAGE + 1, offset);
  if (items.length === 0) notFound();
  const html = renderArticlePage(items.slice(0, ARTICLES_PER_PAGE), {
    page,
    hasMore: items.length > ARTICLES_PER_PAGE,
    timeZone: site.timeZone,
  });
  return (
    <div {...listDeclaration({ kind: "all" }, offset, items, ARTICLES_PER_PAGE + 1)} dangerouslySetInnerHTML={{ __html: (await urgentBanner(store)) + html }} />
  );
}
