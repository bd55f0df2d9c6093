/**
 * A new app version is waiting: ask the reader (or, on a page they have not
 * touched, update quietly), activate it, and reload once at the same place.
 */
import type { Workbox } from "workbox-window";
import { LIBRARY_VERSION_CHANGE } from "./library/connection";
import { showToast } from "./toasts";

const PLACE_KEY = "akhbar:restore-place";

/** Remembers where the reader is, for the reload that follows an update. */
function savePlace(): void {
  sessionStorage.setItem(PLACE_KEY, JSON.stringify({ path: location.pathname, y: window.scrollY }));
}

/** After an update's reload, puts the reader back where they were. */
export function restorePlace(): void {
  const raw = sessionStorage.getItem(PLACE_KEY);
  if (!raw) return;
  sessionStorage.removeItem(PLACE_KEY);
  try {
    const place = JSON.parse(raw) as { path?: unknown; y?: unknown };
    if (place.path === location.pathname && typeof place.y === "number") window.scrollTo(0, place.y);
  } catch {
    // A malformed entry is simply forgotten.
  }
}

/** True once the reader scrolls, taps or types: from then on we ask before reloading. */
function watchTouched(): () => boolean {
  let touched = false;
  const mark = () => {
    touched = true;
  };
  for (const type of ["pointerdown", "keydown", "scroll", "touchstart"]) {
    window.addEventListener(type, mark, { once: true, passive: true });
  }
  return () => touched;
}

/** Wires the update flow onto a Workbox instance before it registers. */
export function wireUpdatePrompt(doc: Document, wb: Workbox): void {
  const touched = watchTouched();
  let reloading = false;
  const apply = () => {
    // Reload only when the new worker takes control, and only once: no loops.
    wb.addEventListener("controlling", () => {
      if (reloading) return;
      reloading = true;
      savePlace();
      location.reload();
    });
    wb.messageSkipWaiting();
  };
  wb.addEventListener("waiting", () => {
    if (!touched() && doc.visibilityState === "visible") {
      apply();
      return;
    }
    showToast(doc, {
      id: "update",
      message: "يتوفر تحديث للتطبيق",
      actions: [
        { label: "لاحقًا", onClick: () => undefined },
        { label: "حدّث الآن", onClick: apply, primary: true },
      ],
    });
  });
}

/** A newer version of the app upgraded the library from another tab: this one must reload to keep working. */
export function wireLibraryVersionChange(doc: Document): void {
  window.addEventListener(LIBRARY_VERSION_CHANGE, () => {
    showToast(doc, {
      id: "library-version",
      message: "حُدِّث التطبيق في نافذة أخرى؛ أعد تحميل هذه الصفحة لتتابع.",
      actions: [
        {
          label: "أعد التحميل",
          primary: true,
          onClick: () => {
            savePlace();
            location.reload();
          },
        },
      ],
    });
  });
}
