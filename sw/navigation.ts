/**
 * Navigations: the network first, and the library when the network fails,
 * answers with a server error, or is slower than NETWORK_TIMEOUT_MS while the
 * phone holds a copy. Online, the server's page is the truth (a 404 stays a 404).
 */
import type { RouteHandlerCallbackOptions } from "workbox-core/types";
import { matchPrecache } from "workbox-precaching";
import { APP_PAGES } from "./app-pages";
import { archivePage } from "@/lib/archive";
import { readAuthorSegment } from "@/lib/authors";
import { measure } from "./timing";
import { sectionFromSegment } from "@/lib/sections";
import { offlineArticle, offlineAuthor, offlineFallback, offlineList, offlineSection, offlineSectionMessage } from "./offline-pages";

export const NETWORK_TIMEOUT_MS = 3000;
const ARTICLE_PATH = /^\/articles\/([^/]+)\/?$/;
const AUTHOR_PATH = /^\/authors\/([^/]+)\/?$/;
const SECTION_PATH = /^\/sections\/([^/]+)$/;

/** The worker's own answer for a URL, or undefined when it has none but the offline page. */
async function offlineAnswer({ pathname, searchParams }: URL): Promise<Response | undefined> {
  if (pathname === "/") return offlineList(1);
  if (pathname === "/archive") {
    const page = archivePage(searchParams.get("page"));
    return page === undefined ? undefined : offlineList(page);
  }
  // Pages that read the library in the browser (search, saved, settings) run from their precached copy.
  if ((APP_PAGES as readonly string[]).includes(pathname)) return markedOffline(await matchPrecache(pathname));
  const authorSegment = AUTHOR_PATH.exec(pathname)?.[1];
  if (authorSegment) {
    const author = readAuthorSegment(authorSegment);
    const page = archivePage(searchParams.get("page"));
    return author && "key" in author && page !== undefined ? offlineAuthor(author.key, page) : undefined;
  }
  const sectionSegment = SECTION_PATH.exec(pathname)?.[1];
  if (sectionSegment) {
    const name = sectionFromSegment(sectionSegment);
    const page = archivePage(searchParams.get("page"));
    return name !== undefined && page !== undefined ? offlineSection(name, page) : undefined;
  }
  const slug = ARTICLE_PATH.exec(pathname)?.[1];
  if (slug) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(slug);
    } catch {
      return undefined;
    }
    return offlineArticle(decoded);
  }
  return undefined;
}

/**
 * A precached page as served offline: marked on <html> so the page shows «غير متصل»
 * (the root layout tolerates attributes added to <html> before hydration).
 */
async function markedOffline(response: Response | undefined): Promise<Response | undefined> {
  if (!response) return undefined;
  const html = (await response.text()).replace(/<html\b/, '<html data-served-offline=""');
  const headers = new Headers(response.headers);
  headers.set("X-Served-By", "service-worker");
  return new Response(html, { status: response.status, headers });
}

const timeout = (ms: number) => new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));

/** Handles a same-origin navigation. */
export async function handleNavigation({ request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  const network = fetch(request).then(
    (response) => (response.status >= 500 ? undefined : response),
    () => undefined,
  );
  const first = await Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]);
  if (first instanceof Response) return first;
  // The network failed, erred or is slow: a held copy wins if there is one.
  const answering = performance.now();
  const held = await offlineAnswer(url).catch(() => undefined);
  measure("sw:offline-answer", answering, url.pathname);
  if (held) return held;
  if (first === "timeout") {
    const late = await network;
    if (late) return late;
  }
  return (await sectionFallback(url)) ?? offlineFallback();
}

/** For a section's page the phone holds none of, the worker's message about it. */
async function sectionFallback({ pathname }: URL): Promise<Response | undefined> {
  const segment = SECTION_PATH.exec(pathname)?.[1];
  const name = segment === undefined ? undefined : sectionFromSegment(segment);
  return name === undefined ? undefined : offlineSectionMessage(name).catch(() => undefined);
}

/**
 * App Router client navigations fetch RSC payloads. Offline, a plain 503 makes
 * Next fall back to a full navigation, which handleNavigation answers.
 */
export async function handleRsc({ request }: RouteHandlerCallbackOptions): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.status < 500) return response;
  } catch {
    // fall through
  }
  return new Response("offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
