/**
 * When the open page asks the worker to sync: on open, when it becomes
 * visible again, when the connection returns, and every half minute while
 * visible, so a reader sees new articles within a minute.
 */

const POLL_MS = 30_000;
/** Triggers that fire together (visible + online) make one request. */
const MIN_GAP_MS = 5_000;

/** Calls `request` at the moments above; returns the function that stops it. */
export function wireSyncTriggers(request: () => void): () => void {
  let last = 0;
  const maybe = (force = false) => {
    if (document.visibilityState !== "visible" || (!force && Date.now() - last < MIN_GAP_MS)) return;
    last = Date.now();
    request();
  };
  const onVisible = () => maybe();
  // The connection just came back: whatever was missed is worth fetching now.
  const onOnline = () => maybe(true);
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener("online", onOnline);
  const timer = window.setInterval(() => maybe(), POLL_MS);
  maybe();
  return () => {
    document.removeEventListener("visibilitychange", onVisible);
    window.removeEventListener("online", onOnline);
    window.clearInterval(timer);
  };
}
