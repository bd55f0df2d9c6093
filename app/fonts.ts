import localFont from "next/font/local";

// Self-hosted from npm (@fontsource), Arabic subset only. `optional` never swaps
// a face in after first paint, so text never shifts under the reader; nothing is
// preloaded, so fonts never hold up the first paint on a slow phone. The service
// worker precaches them, so from the second page on the reader gets these faces.
export const naskh = localFont({
  src: [
    { path: "../node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff2", weight: "400" },
    { path: "../node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-700-normal.woff2", weight: "700" },
  ],
  display: "optional",
  preload: false,
  variable: "--font-naskh",
  fallback: ["Noto Naskh Arabic", "Amiri", "Times New Roman", "serif"],
  adjustFontFallback: "Times New Roman",
});

export const plex = localFont({
  src: [
    { path: "../node_modules/@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff2", weight: "400" },
    { path: "../node_modules/@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-700-normal.woff2", weight: "700" },
  ],
  display: "optional",
  preload: false,
  variable: "--font-plex",
  fallback: ["IBM Plex Sans Arabic", "Noto Sans Arabic", "Tahoma", "Arial", "sans-serif"],
  adjustFontFallback: "Arial",
});
