/**
 * The reader's display preferences: theme and text size, kept in localStorage
 * and applied to <html> before first paint by BOOT_SCRIPT (inlined in the
 * layout's <head>), so a page never flashes in the wrong theme or size.
 */

export const THEMES = ["system", "light", "dark", "sepia"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_LABELS: Record<Theme, string> = {
  system: "تلقائي (مثل الهاتف)",
  light: "فاتح",
  dark: "داكن",
  sepia: "بنّي للقراءة",
};

/** Text size steps 1–5; 2 is the default. */
export const TEXT_SIZES = [1, 2, 3, 4, 5] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export const DEFAULT_TEXT_SIZE: TextSize = 2;

export const TEXT_SIZE_LABELS: Record<TextSize, string> = { 1: "صغير", 2: "عادي", 3: "كبير", 4: "أكبر", 5: "كبير جدًا" };

export const THEME_KEY = "akhbar:theme";
export const TEXT_SIZE_KEY = "akhbar:text-size";

/** Each chosen theme's paper colour, as app/globals.css sets --color-paper; the browser's bar takes it. */
export const THEME_PAPER = { light: "#fbfaf7", dark: "#14120f", sepia: "#f4ecd8" } as const;

/**
 * Applies stored preferences to <html>, and a chosen theme's paper colour to
 * the browser's bar (`theme-color`). Also the body of BOOT_SCRIPT, so it stays
 * self-contained: the colours come in as an argument.
 */
export function applyStoredPrefs(paper: Readonly<Record<"light" | "dark" | "sepia", string>> = THEME_PAPER): void {
  try {
    const root = document.documentElement;
    const theme = localStorage.getItem("akhbar:theme");
    const chosen = theme === "light" || theme === "dark" || theme === "sepia" ? theme : undefined;
    if (chosen) root.dataset.theme = chosen;
    else delete root.dataset.theme;
    // The browser takes the first theme-color meta that matches: ours, without a media query, goes
    // first. Next's own (one per system scheme) are left as rendered, or hydration would add them again.
    let meta = document.head.querySelector<HTMLMetaElement>("meta[data-chosen-theme]");
    if (chosen) {
      if (!meta) {
        meta = document.createElement("meta");
        meta.name = "theme-color";
        meta.dataset.chosenTheme = "";
        document.head.prepend(meta);
      }
      meta.content = paper[chosen];
    } else meta?.remove();
    // The interface face, once this browser holds it (client/interface-face.ts).
    if (localStorage.getItem("akhbar:fonts") === "plex") root.dataset.fonts = "plex";
    const size = Number(localStorage.getItem("akhbar:text-size"));
    if (size >= 1 && size <= 5 && size !== 2) root.dataset.textSize = String(size);
    else delete root.dataset.textSize;
  } catch {
    // Storage blocked: the defaults stand.
  }
}

/** Inline script for <head>: runs before the body paints. */
export const BOOT_SCRIPT = `(${applyStoredPrefs.toString()})(${JSON.stringify(THEME_PAPER)})`;

/** The stored theme, "system" when none. */
export function storedTheme(): Theme {
  const value = localStorage.getItem(THEME_KEY);
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

/** The stored text size step. */
export function storedTextSize(): TextSize {
  const value = Number(localStorage.getItem(TEXT_SIZE_KEY));
  return (TEXT_SIZES as readonly number[]).includes(value) ? (value as TextSize) : DEFAULT_TEXT_SIZE;
}

const CHANGED = "akhbar:prefs-changed";

/** Calls back when the preferences change, here or in another tab; returns the unsubscribe function. */
export function subscribePrefs(callback: () => void): () => void {
  window.addEventListener(CHANGED, callback);
  window.addEventListener("storage", callback);
  return () => {
    window.removeEventListener(CHANGED, callback);
    window.removeEventListener("storage", callback);
  };
}

/** Saves and applies a theme. */
export function setTheme(theme: Theme): void {
  if (theme === "system") localStorage.removeItem(THEME_KEY);
  else localStorage.setItem(THEME_KEY, theme);
  applyStoredPrefs(THEME_PAPER);
  window.dispatchEvent(new Event(CHANGED));
}

/** Saves and applies a text size step. */
export function setTextSize(size: TextSize): void {
  localStorage.setItem(TEXT_SIZE_KEY, String(size));
  applyStoredPrefs(THEME_PAPER);
  window.dispatchEvent(new Event(CHANGED));
}
