/**
 * Pages the worker answers when the server cannot: plain HTML documents made
 * from the precached offline page (head, CSS, fonts, masthead) with Next's
 * scripts removed, so nothing tries to hydrate, and our content poured into
 * <main> by the same renderer the server uses.
 */
import { matchPrecache } from "workbox-precaching";
import type { Article, ArticleSummary } from "@/lib/article/model";
import { escapeHtml } from "@/lib/article/render-html";
import { renderArticle, renderArticlePage, renderAuthorPage } from "@/lib/article/render-page";
import { articlesCount } from "@/lib/arabic/plural";
import { ARTICLES_PER_PAGE } from "@/lib/archive";
import { sectionPath } from "@/lib/sections";
import { site } from "@/lib/site";
import { AUTHOR_ARTICLES_PER_PAGE, authorName, authorPagePath } from "@/lib/authors";
import {
  articleBySlug,
  countArticles,
  latestSummaries,
  latestUrgentSummary,
  summariesByAuthor,
  summariesInSection,
} from "@/client/library/articles";
import { renderUrgentBanner, urgentSince } from "@/lib/article/urgent-banner";
import { articleImages, heldAmongImages } from "@/client/library/media";
import type { ImageOptions } from "@/lib/article/render-image";
import { parseMediaPath } from "@/lib/media/variants";
import { fillShell, offlinePolicy, scriptHash, toShell } from "./offline-document";

export const OFFLINE_URL = "/offline";
const RELATED_COUNT = 4;
/** Related articles are picked among the newest this many, not the whole library: a page must render fast. */
const RELATED_WINDOW = 60;

let shell: { html: string; policy: string } | undefined;

/** The precached offline page, stripped of Next's scripts, and its policy; cached in memory per worker version. */
async function shellPage(): Promise<{ html: string; policy: string }> {
  if (shell) return shell;
  const response = await matchPrecache(OFFLINE_URL);
  if (!response) throw new Error("offline page is not precached");
  const { html, inlineScripts } = toShell(await response.text());
  const hashes = await Promise.all(inlineScripts.map(scriptHash));
  shell = { html, policy: offlinePolicy(response.headers.get("Content-Security-Policy"), hashes) };
  return shell;
}

function offlineResponse(html: string, policy: string, status: number): Response {
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": policy,
      "X-Served-By": "service-worker",
    },
  });
}

async function page(title: string, main: string, status = 200): Promise<Response> {
  const { html, policy } = await shellPage();
  return offlineResponse(fillShell(html, title, main), policy, status);
}

/** The «عاجل» banner from the library, as the server would show it; none when the lookup fails. */
async function urgentBanner(): Promise<string> {
  const urgent = await latestUrgentSummary(urgentSince(Date.now(), site.urgentHours)).catch(() => undefined);
  return renderUrgentBanner(urgent, site.urgentHours);
}

const offlineMark = `<p class="mbs-4 text-sm text-muted" data-offline-copy>تقرأ نسخة محفوظة على هاتفك.</p>`;

/** What the server's related list would show: same section first, then newest. */
export function relatedTo(article: Article, candidates: readonly ArticleSummary[], limit: number): ArticleSummary[] {
  const others = candidates.filter((a) => a.id !== article.id);
  const same = others.filter((a) => article.section !== undefined && a.section === article.section);
  const rest = others.filter((a) => !same.includes(a));
  return [...same, ...rest].slice(0, limit);
}

/** Which of these pictures the page may show in full: the ones the phone holds. */
async function heldImages(ids: readonly string[]): Promise<ImageOptions> {
  const held = await heldAmongImages(ids).catch(() => new Set<string>());
  return { held: (id) => held.has(id) };
}

const leadIds = (items: readonly ArticleSummary[]) =>
  items.flatMap((a) => {
    const id = a.lead ? parseMediaPath(a.lead.src)?.id : undefined;
    return id ? [id] : [];
  });

/** The article from the library, or undefined when the phone does not hold it. */
export async function offlineArticle(slug: string): Promise<Response | undefined> {
  const article = await articleBySlug(slug);
  if (!article) return undefined;
  const related = relatedTo(article, (await latestSummaries(RELATED_WINDOW)).items, RELATED_COUNT);
  const images = await heldImages([...articleImages(article).map((i) => i.id), ...leadIds(related)]);
  const html = renderArticle(article, related, { credits: site.credits, timeZone: site.timeZone, images });
  const main = `${await urgentBanner()}<article class="pbs-6" data-article-id="${escapeHtml(article.id)}">${html}</article>${offlineMark}`;
  return page(`${article.title} | ${site.name}`, main);
}

/**
 * A page of the library's list, newest first, as the home page (page 1) or the
 * archive shows it online: one page read from IndexedDB, whatever the library's size.
 */
export async function offlineList(pageNumber: number): Promise<Response | undefined> {
  const { items, hasMore } = await latestSummaries(ARTICLES_PER_PAGE, (pageNumber - 1) * ARTICLES_PER_PAGE);
  if (items.length === 0) return undefined;
  const lead =
    pageNumber <= 1
      ? `<p class="mbs-2 text-sm text-muted" data-library-count>على هاتفك ${escapeHtml(articlesCount(await countArticles()))} للقراءة دون اتصال.</p>`
      : "";
  const images = await heldImages(leadIds(items));
  const main = (await urgentBanner()) + renderArticlePage(items, { page: pageNumber, hasMore, timeZone: site.timeZone, lead, images });
  return page(pageNumber <= 1 ? site.name : `الأرشيف: الصفحة ${pageNumber} | ${site.name}`, main);
}

/** A page of an author's articles among those the phone holds, as the server lists them online. */
export async function offlineAuthor(key: string, pageNumber: number): Promise<Response | undefined> {
  const { items, hasMore } = await summariesByAuthor(key, AUTHOR_ARTICLES_PER_PAGE, (pageNumber - 1) * AUTHOR_ARTICLES_PER_PAGE);
  const name = authorName(key, items.map((a) => a.authors));
  if (!name) return undefined;
  const images = await heldImages(leadIds(items));
  const main = renderAuthorPage(name, items, { page: pageNumber, hasMore, timeZone: site.timeZone, pathOf: (p) => authorPagePath(key, p), images });
  return page(`مقالات ${name} | ${site.name}`, main);
}

/**
 * A page of a section's articles among those the phone holds, newest first and
 * as many a page as online, in the home list's markup; undefined when the phone
 * holds none of that page (offlineSectionMessage then says so).
 */
export async function offlineSection(name: string, pageNumber: number): Promise<Response | undefined> {
  const { items, hasMore, total } = await summariesInSection(name, ARTICLES_PER_PAGE, (pageNumber - 1) * ARTICLES_PER_PAGE);
  if (items.length === 0) return undefined;
  // Offline the list is the phone's, not the section's: said once, on the first page.
  const lead =
    pageNumber <= 1
      ? `<p class="mbs-2 text-sm text-muted" data-section-held>على هاتفك ${escapeHtml(articlesCount(total))} من هذا القسم للقراءة دون اتصال؛ وحين يعود الاتصال تجد هنا كل مقالاته.</p>`
      : "";
  const images = await heldImages(leadIds(items));
  const main =
    (await urgentBanner()) +
    renderArticlePage(items, { page: pageNumber, hasMore, timeZone: site.timeZone, lead, images, section: { name } });
  return page(`${pageNumber <= 1 ? name : `${name}: الصفحة ${pageNumber}`} | ${site.name}`, main);
}

/** A section's page when the phone holds none of its articles (or none of that page): said plainly. */
export async function offlineSectionMessage(name: string): Promise<Response> {
  const main =
    `<section class="py-16 text-center" data-offline-section>` +
    `<h1 class="text-3xl font-bold">${escapeHtml(name)}</h1>` +
    `<p class="mbs-4 text-muted">ليس على هاتفك ما يُعرض في هذه الصفحة من القسم. حين يعود الاتصال تجد هنا آخر مقالات هذا القسم؛ وما على هاتفك من مقالات تقرؤه الآن من المكتبة.</p>` +
    `<p class="mbs-8"><a href="/" class="inline-block rounded-full bg-brand px-6 py-3 font-bold text-brand-ink">المقالات المحفوظة على هاتفك</a></p>` +
    `<p class="mbs-4 text-sm"><a href="${escapeHtml(sectionPath(name))}" class="text-brand hover:underline">أعد المحاولة</a></p>` +
    `</section>`;
  return page(`${name} | ${site.name}`, main, 503);
}

/** The Arabic offline page, as precached, for anything else. */
export async function offlineFallback(): Promise<Response> {
  const { html, policy } = await shellPage();
  return offlineResponse(html, policy, 503);
}
