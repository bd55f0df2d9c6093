/**
 * Where the reader stopped in each article: kept as they scroll, restored when
 * they come back, and offered on the home page as «تابع القراءة».
 */
import { articlePath } from "@/lib/article/model";
import { lastUnfinished, positionOf, savePosition } from "./library/positions";

const SAVE_EVERY_MS = 1000;

/** Past the opening lines and not yet at the end: worth restoring. */
export const isResumable = (fraction: number): boolean => fraction > 0.03 && fraction < 0.97;
/** Properly started and clearly unfinished: worth offering as «تابع القراءة». */
export const isHalfRead = (fraction: number): boolean => fraction > 0.05 && fraction < 0.9;

function scrollFraction(): number {
  const max = document.documentElement.scrollHeight - window.innerHeight;
  return max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 0;
}

/** Restores the open article's position, then keeps it as the reader scrolls. */
export async function trackReadingPosition(doc: Document): Promise<void> {
  const id = doc.querySelector<HTMLElement>("article[data-article-id]")?.dataset.articleId;
  if (!id) return;
  const stored = await positionOf(id);
  // An update's reload puts the reader back itself; otherwise go to where they stopped.
  if (stored !== undefined && isResumable(stored) && window.scrollY === 0) {
    const max = doc.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, stored * max);
  }
  let timer: number | undefined;
  const flush = () => {
    window.clearTimeout(timer);
    timer = undefined;
    void savePosition(id, scrollFraction()).catch(() => undefined);
  };
  window.addEventListener(
    "scroll",
    () => {
      timer ??= window.setTimeout(flush, SAVE_EVERY_MS);
    },
    { passive: true },
  );
  window.addEventListener("pagehide", flush);
}

/** Offers the most recently read, half-read article held on the phone in [data-continue-reading]. */
export async function offerContinueReading(doc: Document): Promise<void> {
  const box = doc.querySelector<HTMLElement>("[data-continue-reading]");
  if (!box) return;
  const found = await lastUnfinished(isHalfRead);
  if (!found) return;
  const link = doc.createElement("a");
  link.href = articlePath(found.article.slug);
  link.className = "font-serif text-lg font-bold underline-offset-4 hover:underline";
  link.textContent = found.article.title;
  const progress = doc.createElement("p");
  progress.className = "mbs-1 text-sm text-muted";
  progress.textContent = `قرأت ${Math.round(found.fraction * 100)}٪ منه`;
  box.querySelector("[data-continue-slot]")?.replaceChildren(link, progress);
  box.hidden = false;
}
