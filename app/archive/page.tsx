import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { renderArticlePage } from "@/lib/article/render-page";
import { ARTICLES_PER_PAGE, archivePage, archivePath } from "@/lib/archive";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";
import { urgentBanner } from "@/lib/urgent-banner";

async function pageOf(searchParams: PageProps<"/archive">["searchParams"]): Promise<number> {
  const raw = (await searchParams).page;
  const page = archivePage(Array.isArray(raw) ? undefined : raw);
  if (page === undefined) notFound();
  // Page 1 is the home page: one address for one list.
  if (page === 1) redirect("/");
  return page;
}

export async function generateMetadata({ searchParams }: PageProps<"/archive">): Promise<Metadata> {
  const page = await pageOf(searchParams);
  return { title: `الأرشيف: الصفحة ${page}`, alternates: { canonical: archivePath(page) } };
}

/** Every live article past the home page's, fifty a page, newest first. */
export default async function ArchivePage({ searchParams }: PageProps<"/archive">) {
  const page = await pageOf(searchParams);
  const store = await getStore();
  const items = await store.latest(ARTICLES_PER_PAGE + 1, (page - 1) * ARTICLES_PER_PAGE);
  if (items.length === 0) notFound();
  const html = renderArticlePage(items.slice(0, ARTICLES_PER_PAGE), {
    page,
    hasMore: items.length > ARTICLES_PER_PAGE,
    timeZone: site.timeZone,
  });
  return <div dangerouslySetInnerHTML={{ __html: (await urgentBanner(store)) + html }} />;
}
