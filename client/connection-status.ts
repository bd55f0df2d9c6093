/**
 * The «غير متصل» indicator: shown while the phone is offline, and always on a
 * page the service worker answered from the library.
 */

/** Keeps every [data-connection-status] element in step with the connection; returns the detach function. */
export function wireConnectionStatus(doc: Document): () => void {
  const servedOffline = doc.documentElement.hasAttribute("data-served-offline");
  const update = () => {
    const offline = servedOffline || !navigator.onLine;
    for (const el of doc.querySelectorAll<HTMLElement>("[data-connection-status]")) el.hidden = !offline;
  };
  update();
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  return () => {
    window.removeEventListener("online", update);
    window.removeEventListener("offline", update);
  };
}
