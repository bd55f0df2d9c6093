/** «احفظ» on an article: the button that saves it to the reader's library (client/library/saved). */
import { isSaved, toggleSaved } from "./library/saved";

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
    button.addEventListener("click", () => {
      toggleSaved(id).then(
        (now) => buttons.forEach((b) => show(b, now)),
        // Storage refused (private mode, full): the button keeps telling the truth.
        () => undefined,
      );
    });
  }
}
