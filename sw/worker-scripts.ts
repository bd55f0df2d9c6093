/**
 * Scripts the page starts as Web Workers (the search index). Turbopack's
 * worker bootstrap reads its chunk list from its own URL's fragment
 * (`#params=…`), and a worker takes the URL of the response that loaded it:
 * a response from the cache or from fetch() has none, so the bootstrap would
 * fail. A response made here has no URL of its own, so the worker keeps the
 * one it asked for, fragment included.
 */
import type { RouteHandlerCallbackOptions } from "workbox-core/types";
import { matchPrecache } from "workbox-precaching";

/** Turbopack's worker entry files. */
export function isWorkerEntry(url: URL): boolean {
  return /^\/_next\/static\/chunks\/turbopack-worker-[^/]+\.js$/.test(url.pathname);
}

/** The precached entry (or the network's, before the first precache), re-made without a URL. */
export async function handleWorkerEntry({ request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  const response = (await matchPrecache(url.pathname)) ?? (await fetch(request));
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}
