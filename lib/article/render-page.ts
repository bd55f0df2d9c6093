/**
 * The article page and article list as HTML strings. The server page and the
 * service worker's offline page both pour these into their shells, so a
 * reader sees the same markup online and offline. Every string is escaped.
 */
import type { Article, ArticleSummary, Block, Correction } from "./model";
import { articlePath, authorPath, inlineText } from "./model";
import { escapeHtml, renderBlocks } from "./render-html";
import type { ImageOptions } from "./render-image";
import { renderThumbnail } from "./render-image";
import { formatArabicDate, formatArabicDateTime, isoDate } from "@/lib/arabic/date";
import { readingMinutes } from "@/lib/arabic/plural";
import { archivePath } from "@/lib/archive";
import { sectionPath } from "@/lib/sections";

export interface Credit {
  role: string;
  name: string;
}

export interface PageContext {
  credits: readonly Credit[];
  timeZone: string;
  /** A second wall the server adds around the body (sanitize-html); the worker renders trusted, validated blocks. */
  sanitizeBody?: (html: string) => string;
  /** Offline pages: which pictures the phone holds. */
  images?: ImageOptions;
}

/**
 * «متاح دون اتصال», rendered invisible in place so that revealing it (the page
 * does, for articles the phone holds) moves nothing: no layout shift.
 */
const OFFLINE_MARK = `<span class="offline-mark invisible" data-offline-mark>متاح دون اتصال</span>`;

/**
 * Words a minute in silent reading of Arabic prose: adults read Arabic more
 * slowly than most scripts, about 140 (Trauzettel-Klosinski et al., 2012,
 * 17 languages read aloud from the same text: Arabic 138 ± 24).
 */
export const ARABIC_WORDS_PER_MINUTE = 140;

/** Words in the body as a reader reads them: paragraphs, subheadings, quotes, lists and captions. */
export function wordCount(blocks: readonly Block[]): number {
  let count = 0;
  const add = (text: string) => {
    count += text.split(/\s+/).filter(Boolean).length;
  };
  for (const block of blocks) {
    if (block.type === "paragraph" || block.type === "subheading") add(inlineText(block.children));
    else if (block.type === "quote") block.paragraphs.forEach((p) => add(inlineText(p)));
    else if (block.type === "list") block.items.forEach((item) => add(inlineText(item)));
    else if (block.caption) add(inlineText(block.caption));
  }
  return count;
}

/** «5 دقائق قراءة»: whole minutes, at least one. */
export function readingTime(blocks: readonly Block[]): string {
  return readingMinutes(Math.max(1, Math.round(wordCount(blocks) / ARABIC_WORDS_PER_MINUTE)));
}

function dateLine(iso: string, timeZone: string): string {
  return `<time datetime="${isoDate(iso, timeZone)}">${escapeHtml(formatArabicDate(iso, timeZone))}</time>`;
}

/** Day and time, for the article itself: the machine-readable instant in `datetime`. */
function dateTimeLine(iso: string, timeZone: string): string {
  return `<time datetime="${escapeHtml(new Date(iso).toISOString())}">${escapeHtml(formatArabicDateTime(iso, timeZone))}</time>`;
}

/** Names as Arabic lists them: «أ، ب وج» (the «و» joins the last name). */
function arabicList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("، ")} و${items.at(-1)}`;
}

/** «بقلم …» under the headline, each name a link to the author's page; empty without authors. */
export function renderByline(authors: readonly string[] | undefined): string {
  if (!authors || authors.length === 0) return "";
  const links = authors.map((name) => `<a class="font-bold text-ink hover:underline" rel="author" href="${escapeHtml(authorPath(name))}">${escapeHtml(name)}</a>`);
  return `<p class="mt-2 text-base text-muted" data-byline>بقلم ${arabicList(links)}</p>`;
}

/** The corrections under the article, oldest first, each with its day and time. */
export function renderCorrections(corrections: readonly Correction[] | undefined, timeZone: string): string {
  if (!corrections || corrections.length === 0) return "";
  const items = corrections
    .map((c) => `<li data-correction><strong>تصحيح:</strong> ${escapeHtml(c.note)} <span class="text-muted">(${dateTimeLine(c.at, timeZone)})</span></li>`)
    .join("");
  return (
    `<aside class="mt-8 rounded-xl border border-rule p-4 text-sm leading-relaxed" aria-label="تصحيحات" data-corrections>` +
    `<ul class="space-y-2" role="list">${items}</ul></aside>`
  );
}

/** The masthead credits as the newspaper prints them above the headline. */
export function renderCredits(credits: readonly Credit[]): string {
  if (credits.length === 0) return "";
  const items = credits
    .map((c) => `<div class="flex gap-1"><dt>${escapeHtml(c.role)}:</dt><dd class="font-bold">${escapeHtml(c.name)}</dd></div>`)
    .join("");
  return `<dl class="flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted" aria-label="أسرة التحرير">${items}</dl>`;
}

/** A list of articles: headline, summary or opening line, date, and the lead picture's thumbnail. */
export function renderArticleList(items: readonly ArticleSummary[], timeZone: string, images?: ImageOptions): string {
  const entries = items
    .map(
      (a, i) =>
        `<li class="py-5" data-article-id="${escapeHtml(a.id)}"><article>` +
        renderThumbnail(a.lead, i === 0, images) +
        `<h2 class="font-serif text-xl leading-relaxed font-bold"><a class="hover:underline" href="${escapeHtml(articlePath(a.slug))}">${escapeHtml(a.title)}</a></h2>` +
        (a.lede ? `<p class="mt-2 font-serif leading-loose text-muted">${escapeHtml(a.lede)}</p>` : "") +
        `<p class="mt-2 text-sm text-muted">${dateLine(a.publishedAt, timeZone)}${OFFLINE_MARK}</p>` +
        `</article></li>`,
    )
    .join("");
  return `<ul class="divide-y divide-rule" role="list">${entries}</ul>`;
}

/** The full article: credits, headline, byline, date and time, share control, body, corrections, related articles. */
export function renderArticle(article: Article, related: readonly ArticleSummary[], ctx: PageContext): string {
  const updated =
    article.revision > 1
      ? ` <span class="text-muted">· حُدِّث ${dateTimeLine(article.updatedAt, ctx.timeZone)}</span>`
      : "";
  const header =
    `<header class="border-b border-rule pb-4">` +
    renderCredits(ctx.credits) +
    (article.section
      ? `<p class="mt-4 text-sm font-bold text-brand"><a class="hover:underline" href="${escapeHtml(sectionPath(article.section))}">${escapeHtml(article.section)}</a></p>`
      : "") +
    `<h1 class="mt-3 font-serif text-[length:calc(1.75rem*var(--reader-scale,1))] leading-normal font-bold sm:text-[length:calc(2.25rem*var(--reader-scale,1))]">${escapeHtml(article.title)}</h1>` +
    renderByline(article.authors) +
    `<div class="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-muted">` +
    `<p>${dateTimeLine(article.publishedAt, ctx.timeZone)}${updated}` +
    ` <span class="text-muted">· <span data-reading-time>${readingTime(article.blocks)}</span></span>${OFFLINE_MARK}</p>` +
    `<div class="flex items-center gap-3">` +
    `<span data-share-status role="status" aria-live="polite" class="text-sm"></span>` +
    `<button type="button" data-save aria-pressed="false" class="min-h-11 rounded-full border border-rule px-5 py-2 font-bold text-ink hover:bg-rule aria-pressed:bg-ink aria-pressed:text-paper">احفظ</button>` +
    `<button type="button" data-share class="min-h-11 rounded-full border border-rule px-5 py-2 font-bold text-ink hover:bg-rule">شارك</button>` +
    `</div></div></header>`;
  const bodyHtml = renderBlocks(article.blocks, ctx.images);
  const body =
    `<div class="article-body mt-6">${ctx.sanitizeBody ? ctx.sanitizeBody(bodyHtml) : bodyHtml}</div>` +
    renderCorrections(article.corrections, ctx.timeZone);
  const trailer =
    related.length === 0
      ? ""
      : `<aside class="mt-12 border-t-4 border-brand pt-4" aria-labelledby="related-heading">` +
        `<h2 id="related-heading" class="text-lg font-bold">مقالات ذات صلة</h2>` +
        renderArticleList(related, ctx.timeZone, ctx.images) +
        `</aside>`;
  return header + body + trailer;
}

/**
 * Links between pages of the list of articles: «المزيد» to older ones and,
 * past the first page, back to newer ones. Empty when there is nowhere to go.
 */
export function renderPager(page: number, hasMore: boolean, pathOf: (page: number) => string = archivePath): string {
  if (page <= 1 && !hasMore) return "";
  const link = (target: number, rel: string, label: string) =>
    `<a rel="${rel}" href="${escapeHtml(pathOf(target))}" class="inline-block min-h-11 rounded-full border border-rule px-6 py-2.5 font-bold hover:bg-rule">${label}</a>`;
  return (
    `<nav aria-label="صفحات المقالات" class="mbs-6 flex justify-between gap-3">` +
    (page > 1 ? link(page - 1, "prev", "الأحدث") : "<span></span>") +
    (hasMore ? link(page + 1, "next", "المزيد") : "") +
    `</nav>`
  );
}

/** A section's page: its name as the heading, paged like the archive at the section's own address. */
export interface SectionListing {
  name: string;
}

/** The heading of a page of a list: the home page, the archive, or a section's. */
export function listHeading(page: number, section?: SectionListing): string {
  if (section) return page <= 1 ? section.name : `${section.name}: الصفحة ${page}`;
  return page <= 1 ? "آخر الأخبار" : `الأرشيف: الصفحة ${page}`;
}

/** A page of the list of articles as the home page, the archive and a section's pages show it. */
export function renderArticlePage(
  items: readonly ArticleSummary[],
  {
    page,
    hasMore,
    timeZone,
    lead = "",
    images,
    section,
  }: { page: number; hasMore: boolean; timeZone: string; lead?: string; images?: ImageOptions; section?: SectionListing },
): string {
  const heading = escapeHtml(listHeading(page, section));
  const home = page <= 1 && !section;
  return (
    `<section aria-labelledby="latest-heading" class="pbs-6">` +
    `<h1 id="latest-heading" class="text-2xl font-bold">${heading}</h1>` +
    lead +
    (home ? CONTINUE_READING_SLOT : "") +
    (items.length === 0
      ? `<p class="mbs-6 text-muted">${home ? "لا مقالات منشورة بعد." : "لا مقالات في هذه الصفحة."}</p>`
      : renderArticleList(items, timeZone, images)) +
    renderPager(page, hasMore, section ? (target) => sectionPath(section.name, target) : archivePath) +
    `</section>`
  );
}

/** The home page's «تابع القراءة» slot; the page fills it from the reader's own positions. */
export const CONTINUE_READING_SLOT =
  `<aside data-continue-reading hidden class="mbs-4 rounded-xl border border-rule p-4" aria-labelledby="continue-heading">` +
  `<h2 id="continue-heading" class="text-sm font-bold text-brand">تابع القراءة</h2>` +
  `<div data-continue-slot class="mbs-1"></div></aside>`;

/** A page of an author's articles, newest first, paged like the archive. */
export function renderAuthorPage(
  name: string,
  items: readonly ArticleSummary[],
  { page, hasMore, timeZone, pathOf, images }: { page: number; hasMore: boolean; timeZone: string; pathOf: (page: number) => string; images?: ImageOptions },
): string {
  const heading = page <= 1 ? `مقالات ${escapeHtml(name)}` : `مقالات ${escapeHtml(name)}: الصفحة ${page}`;
  return (
    `<section aria-labelledby="author-heading" class="pbs-6" data-author-page>` +
    `<h1 id="author-heading" class="text-2xl font-bold">${heading}</h1>` +
    renderArticleList(items, timeZone, images) +
    renderPager(page, hasMore, pathOf) +
    `</section>`
  );
}
