/**
 * The saved page's list (app/saved/page.tsx): the reader's saved articles,
 * newest saved first, read from the phone and rendered as DOM nodes (text
 * never parsed as HTML), each with «أزل». The page needs no React, so it is
 * sent without Next's runtime (proxy.ts); saved-page.ts starts this.
 */
import { savedSummaries, toggleSaved } from "./library/saved";
import type { ArticleSummary } from "@/lib/article/model";
import { articlePath } from "@/lib/article/model";
import { formatArabicDate } from "@/lib/arabic/date";

const EMPTY = "لم تحفظ أي مقال بعد. اضغط «احفظ» في أي مقال لتجده هنا، حتى دون اتصال.";

function emptyNote(doc: Document): HTMLParagraphElement {
  const note = doc.createElement("p");
  note.className = "mbs-6 text-muted";
  note.dataset.savedEmpty = "";
  note.textContent = EMPTY;
  return note;
}

function savedItem(doc: Document, item: ArticleSummary, timeZone: string, onRemoved: () => void): HTMLLIElement {
  const link = doc.createElement("a");
  link.href = articlePath(item.slug);
  link.className = "font-serif text-lg font-bold hover:underline";
  link.textContent = item.title;
  const date = doc.createElement("p");
  date.className = "mbs-1 text-sm text-muted";
  date.textContent = formatArabicDate(item.publishedAt, timeZone);
  const text = doc.createElement("div");
  text.append(link, date);

  const remove = doc.createElement("button");
  remove.type = "button";
  remove.className = "min-h-11 shrink-0 rounded-full border border-rule px-4 text-sm hover:bg-rule";
  remove.textContent = "أزل";
  const li = doc.createElement("li");
  li.className = "flex items-start justify-between gap-3 py-4";
  li.dataset.articleId = item.id;
  li.append(text, remove);
  remove.addEventListener("click", () => {
    toggleSaved(item.id).then(
      () => {
        li.remove();
        onRemoved();
      },
      // Storage refused: the article stays listed, as it stays saved.
      () => undefined,
    );
  });
  return li;
}

/** Fills the saved page's list; does nothing on a page without it. */
export async function startSavedPage(doc: Document): Promise<void> {
  const region = doc.querySelector<HTMLElement>("[data-saved-list]");
  const timeZone = region?.dataset.timeZone;
  if (!region || !timeZone) return;
  // No storage (a private window in some browsers): nothing saved to show.
  const items = await savedSummaries().catch(() => []);
  if (items.length === 0) {
    region.replaceChildren(emptyNote(doc));
    return;
  }
  const list = doc.createElement("ul");
  list.className = "mbs-4 divide-y divide-rule";
  // Safari drops a list's role when its markers are styled away.
  list.setAttribute("role", "list");
  const onRemoved = () => {
    if (list.childElementCount === 0) region.replaceChildren(emptyNote(doc));
  };
  list.append(...items.map((item) => savedItem(doc, item, timeZone, onRemoved)));
  region.replaceChildren(list);
}
