/**
 * IBM Plex, the interface face, is left out of the first page's font stack:
 * fetched then, it would compete with the reading face before the first paint
 * and, being `optional`, still not show. Once the page has painted and
 * loaded and the browser is idle, it is fetched here; when both weights are in, the next page's
 * boot script adds it to the stack (data-fonts="plex", app/globals.css), and
 * the browser finds it in its cache (or the worker's precache) at once.
 */
const KEY = "akhbar:fonts";
const SETTLE_MS = 1000;

export function loadInterfaceFace(doc: Document): void {
  try {
    if (localStorage.getItem(KEY) === "plex") return;
  } catch {
    return;
  }
  const load = () =>
    Promise.all([doc.fonts.load('400 1em "Plex"'), doc.fonts.load('700 1em "Plex"')]).then(
      (faces) => {
        if (faces.every((loaded) => loaded.length > 0)) localStorage.setItem(KEY, "plex");
      },
      () => undefined,
    );
  const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(() => void load()) : void load());
  // A second after the first contentful paint and the load, then when idle: on a fast connection
  // the page can finish loading before it first paints, and the paint is reported before the
  // screen shows it; the fonts must not be fetched ahead of what the reader sees first.
  const whenIdle = () => setTimeout(idle, SETTLE_MS);
  afterFirstPaint(() => {
    if (doc.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  });
}

function afterFirstPaint(then: () => void): void {
  if (typeof PerformanceObserver === "undefined" || !PerformanceObserver.supportedEntryTypes?.includes("paint")) return then();
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntriesByName("first-contentful-paint").length) return;
    observer.disconnect();
    then();
  });
  observer.observe({ type: "paint", buffered: true });
}
