/**
 * «احفظ»: the reader keeps an article. Saved articles are never evicted, and
 * the first save is the moment to ask the browser to keep our storage.
 */
import { openLibrary } from "./db";

/** Whether the article is saved. */
export async function isSaved(id: string): Promise<boolean> {
  const db = await openLibrary();
  try {
    return (await db.get("saved", id)) !== undefined;
  } finally {
    db.close();
  }
}

/** Saves or unsaves an article; returns whether it is saved now. */
export async function toggleSaved(id: string): Promise<boolean> {
  const db = await openLibrary();
  try {
    const tx = db.transaction("saved", "readwrite");
    const saved = (await tx.store.get(id)) !== undefined;
    if (saved) await tx.store.delete(id);
    else await tx.store.put({ id, savedAt: Date.now() });
    await tx.done;
    if (!saved && (await db.count("saved")) === 1) void navigator.storage?.persist?.().catch(() => false);
    return !saved;
  } finally {
    db.close();
  }
}

function show(button: HTMLElement, saved: boolean): void {
  button.setAttribute("aria-pressed", String(saved));
  button.textContent = saved ? "محفوظ" : "احفظ";
}

/** Wires every [data-save] button in the open article. */
export async function wireSaveControls(doc: Document): Promise<void> {
  const id = doc.querySelector<HTMLElement>("article[data-article-id]")?.dataset.articleId;
  const buttons = [...doc.querySelectorAll<HTMLElement>("[data-save]")];
  if (!id || buttons.length === 0) return;
  const saved = await isSaved(id);
  for (const button of buttons) {
    show(button, saved);
    button.addEventListener("click", async () => {
      const now = await toggleSaved(id);
      for (const b of buttons) show(b, now);
    });
  }
}
