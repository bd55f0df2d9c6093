/**
 * The «عاجل» banner: the newest urgent article, while it is recent, at the top
 * of every page the server renders from the store and every page the worker
 * renders offline from the library. Pure, for server and worker alike.
 *
 * A page is cached until the store changes (lib/render-cache), and a banner
 * must come down at its time even when nothing changes, so it carries that
 * time in `data-urgent-until`: the render cache drops a cached page once that
 * time passes (the next request renders it without the banner), and the page
 * script takes the banner off a page left open past it (client/urgent-banner.ts).
 */
import type { ArticleSummary } from "./model";
import { articlePath } from "./model";
import { escapeHtml } from "./render-html";

export const URGENT_LABEL = "عاجل";
/** The attribute the render cache and the page script read; keep in step with lib/render-cache/cache-handler.cjs. */
export const URGENT_UNTIL_ATTRIBUTE = "data-urgent-until";

const HOUR_MS = 3600_000;

/** When the banner of an article published at `publishedAt` comes down. */
export function urgentUntil(publishedAt: string, hours: number): string {
  return new Date(Date.parse(publishedAt) + hours * HOUR_MS).toISOString();
}

/** The earliest publication instant still in the banner's window at `now` (exclusive). */
export function urgentSince(now: number, hours: number): string {
  return new Date(now - hours * HOUR_MS).toISOString();
}

/** The banner's HTML, or "" when there is no urgent article in the window. */
export function renderUrgentBanner(article: Pick<ArticleSummary, "slug" | "title" | "publishedAt"> | undefined, hours: number): string {
  if (!article) return "";
  return (
    `<section data-urgent-banner ${URGENT_UNTIL_ATTRIBUTE}="${urgentUntil(article.publishedAt, hours)}" aria-label="خبر عاجل" class="mbs-4 rounded-lg bg-brand text-brand-ink">` +
    `<a href="${escapeHtml(articlePath(article.slug))}" class="flex min-h-11 items-center gap-3 px-4 py-2 font-bold">` +
    `<span class="shrink-0 rounded bg-paper px-2 py-0.5 text-sm text-brand">${URGENT_LABEL}</span>` +
    `<span>${escapeHtml(article.title)}</span></a></section>`
  );
}
