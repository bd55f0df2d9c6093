import localFont from "next/font/local";

// Self-hosted from npm (@fontsource), Arabic subset only; `optional` never swaps
// a face in after first paint, so text never shifts under the reader.
export const naskh = localFont({
  src: "../node_modules/@fontsource-variable/noto-naskh-arabic/files/noto-naskh-arabic-arabic-wght-normal.woff2",
  weight: "400 700",
  display: "optional",
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
  variable: "--font-plex",
  fallback: ["IBM Plex Sans Arabic", "Noto Sans Arabic", "Tahoma", "Arial", "sans-serif"],
  adjustFontFallback: "Arial",
});
