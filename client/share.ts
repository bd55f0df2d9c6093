/**
 * The «شارك» control: the Web Share sheet where the phone has one, otherwise
 * the link is copied and a visible confirmation shown. Used by the server page
 * and by the service worker's offline page alike.
 */

const CONFIRM_MS = 4000;

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

async function share(button: HTMLElement, root: ParentNode): Promise<void> {
  const url = location.href.split("#")[0] ?? location.href;
  const title = document.querySelector("h1")?.textContent?.trim() ?? document.title;
  const status = root.querySelector<HTMLElement>("[data-share-status]");
  if (typeof navigator.share === "function") {
    try {
      await navigator.share({ title, url });
      return;
    } catch (error) {
      // The reader closed the sheet: nothing to report.
      if ((error as DOMException).name === "AbortError") return;
    }
  }
  const copied = await copy(url);
  if (!status) return;
  status.textContent = copied ? "نُسخ الرابط" : `انسخ الرابط: ${url}`;
  button.setAttribute("data-shared", copied ? "copied" : "failed");
  window.setTimeout(() => {
    status.textContent = "";
  }, CONFIRM_MS);
}

/** Attaches one delegated listener for every [data-share] button under `root`; returns the detach function. */
export function wireShareControls(root: Document | HTMLElement): () => void {
  const onClick = (event: Event) => {
    const button = (event.target as Element | null)?.closest?.<HTMLElement>("[data-share]");
    if (button) void share(button, root);
  };
  root.addEventListener("click", onClick);
  return () => root.removeEventListener("click", onClick);
}
