/**
 * The «غير متصل» indicator: shown while the phone is offline, on every page
 * the service worker answered itself (from the library or its precache), and
 * after a sync failed for want of a network, until one succeeds.
 */

/** What the last sync learnt of the server; undefined until one has run. */
let reachable: boolean | undefined;

function update(doc: Document): void {
  const servedOffline = doc.documentElement.hasAttribute("data-served-offline");
  // A page the worker answered was served offline; a sync that reached the server since says otherwise.
  const offline = !navigator.onLine || reachable === false || (reachable === undefined && servedOffline);
  for (const el of doc.querySelectorAll<HTMLElement>("[data-connection-status]")) el.hidden = !offline;
}

/** What the last sync learnt: the server could not be reached (true) or could (false). */
export function showOffline(doc: Document, serverUnreachable: boolean): void {
  reachable = !serverUnreachable;
  update(doc);
}

/** Keeps every [data-connection-status] element in step with the connection; returns the detach function. */
export function wireConnectionStatus(doc: Document): () => void {
  const onChange = () => update(doc);
  update(doc);
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}
