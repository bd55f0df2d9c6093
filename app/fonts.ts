import localFont from "next/font/local";

// Our own subsets of the whole fonts (scripts/build-fonts.mjs): Arabic plus the
// digits and punctuation Arabic text uses, so «8 كانون الأول 2024» is one face.
// One call per weight, so each weight chooses its own loading; the
// `font-family` declaration joins each pair into one family.
//
// The reading face (body and headlines) is preloaded and swapped in: the first
// article a reader opens, usually a shared link opened cold, reads in it, and
// until it arrives a fallback sized to take the same room shows the text
// (app/globals.css, "Fallback faces"). The interface face is `optional` and
// joins the font stack only from the second page (client/interface-face.ts):
// short labels side by side (navigation, credits) would shift if it swapped in,
// and fetched on the first page it would compete with the reading face.

/** The reading face, regular: the article body, the largest paint of an article. */
export const naskh = localFont({
  src: "../assets/fonts/naskh-400.woff2",
  variable: "--font-naskh-regular",
  weight: "400",
  display: "swap",
  preload: true,
  declarations: [{ prop: "font-family", value: "Naskh" }],
  adjustFontFallback: false,
});

/** The reading face, bold: headlines and the masthead. */
export const naskhBold = localFont({
  src: "../assets/fonts/naskh-700.woff2",
  variable: "--font-naskh-bold",
  weight: "700",
  display: "swap",
  preload: true,
  declarations: [{ prop: "font-family", value: "Naskh" }],
  adjustFontFallback: false,
});

/** The interface face: navigation, dates, buttons, subheadings. */
export const plex = localFont({
  src: "../assets/fonts/plex-400.woff2",
  variable: "--font-plex-regular",
  weight: "400",
  display: "optional",
  preload: false,
  declarations: [{ prop: "font-family", value: "Plex" }],
  adjustFontFallback: false,
});

export const plexBold = localFont({
  src: "../assets/fonts/plex-700.woff2",
  variable: "--font-plex-bold",
  weight: "700",
  display: "optional",
  preload: false,
  declarations: [{ prop: "font-family", value: "Plex" }],
  adjustFontFallback: false,
});

/**
 * For <html>: using each font puts its @font-face (and the preload) on the page.
 * The variables they set are unused: app/globals.css names the families itself.
 */
export const fontVariables = [naskh, naskhBold, plex, plexBold].map((font) => font.variable).join(" ");
