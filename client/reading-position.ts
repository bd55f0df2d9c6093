/**
 * Where the reader stopped in each article: kept as they scroll, restored when
 * they come back, and offered on the home page as «تابع القراءة».
 */
import { articlePath } from "@/lib/article/model";
import { openLibrary } from "./db";

const SAVE_EVERY_MS = 1000;

/** Past the opening lines and not yet at the end: worth restoring. */
export const isResumable = (fraction: number): boolean => fraction > 0.03 && fraction < 0.97;
/** Properly started and clearly unfinished: worth offering as «تابع القراءة». */
export const isHalfRead = (fraction: number): boolean => fraction > 0.05 && fraction < 0.9;

function scrollFraction(): number {
  const max = document.documentElement.scrollHeight - window.innerHeight;
  return max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 0;
}

async function save(id: string, fraction: number): Promise<void> {
  const db = await openLibrary();
  try {
    await db.put("positions", { id, fraction, updatedAt: Date.now() });
  } finally {
    db.close();
  }
}

/** Restores the open article's position, then keeps it as the reader scrolls. */
export async function trackReadingPosition(doc: Document): Promise<void> {
  const id = doc.querySelector<HTMLElement>("article[data-article-id]")?.dataset.articleId;
  if (!id) return;
  const db = await openLibrary();
  const stored = await db.get("positions", id).finally(() => db.close());
  // An update's reload puts the reader back itself; otherwise go to where they stopped.
  if (stored && isResumable(stored.fraction) && window.scrollY === 0) {
    const max = doc.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, stored.fraction * max);
  }
  let timer: number | undefined;
  const flush = () => {
    window.clearTimeout(timer);
    timer = undefined;
    void save(id, scrollFraction());
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
  const db = await openLibrary();
  try {
    // Newest first; read them all before touching another store, so no transaction goes stale.
    const positions = (await db.getAllFromIndex("positions", "by-updated")).reverse();
    for (const position of positions) {
      if (!isHalfRead(position.fraction)) continue;
      const record = await db.get("articles", position.id);
      if (!record) continue;
      const link = doc.createElement("a");
      link.href = articlePath(record.article.slug);
      link.className = "font-serif text-lg font-bold underline-offset-4 hover:underline";
      link.textContent = record.article.title;
      const progress = doc.createElement("p");
      progress.className = "mbs-1 text-sm text-muted";
      progress.textContent = `قرأت ${Math.round(position.fraction * 100)}٪ منه`;
      box.querySelector("[data-continue-slot]")?.replaceChildren(link, progress);
      box.hidden = false;
      return;
    }
  } finally {
    db.close();
  }
}
