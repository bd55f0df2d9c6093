#!/usr/bin/env node
// @ts-check
/**
 * Cuts the site's four faces (Noto Naskh Arabic and IBM Plex Sans Arabic, 400
 * and 700) out of the whole fonts on npm (@expo-google-fonts, Google Fonts'
 * files) into assets/fonts/*.woff2 (generated, git-ignored). First step of
 * `npm run build` with the icons; app/fonts.ts loads the results.
 *
 * Why not @fontsource's files: they are Google's slices, and the Arabic slice
 * has no Latin digits or «.», «:», «()», guillemets, so those painted in
 * another face («8 كانون الأول 2024» in two typefaces). A slice cannot be
 * merged with another, so we cut from the whole font: the Arabic block plus
 * the few Latin signs Arabic text uses, one file per weight, and without
 * Arabic Presentation Forms (FB50–FDFF) and the rarer Arabic blocks, which
 * running text does not use (shaping still reaches every joined form through
 * GSUB). That makes the body face 29 KB where the Arabic-only slice was 53 KB.
 *
 *   node scripts/build-fonts.mjs            writes the subsets (skips them when up to date)
 *   node scripts/build-fonts.mjs --metrics  also prints the fallback overrides for app/globals.css
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import subsetFont from "subset-font";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "assets/fonts");
const expo = (/** @type {string} */ file) => path.join(root, "node_modules/@expo-google-fonts", file);

/** Code points as CSS unicode-range syntax, expanded to a string of characters for hb-subset. */
export const UNICODE_RANGES = [
  // Arabic, with its own comma, semicolon, question mark, digits and tatweel.
  "U+0600-06FF",
  // ZWNJ, ZWJ, LRM, RLM: they steer joining and direction in Arabic text.
  "U+200C-200F",
  // Space to «@»: space, digits and the ASCII punctuation («.», «:», «()», «-», «/», «%», quotes); no letters.
  "U+0020-0040",
  "U+005B-005D",
  // No-break space, «», middle dot, multiplication sign.
  "U+00A0",
  "U+00AB",
  "U+00B7",
  "U+00BB",
  "U+00D7",
  // Hyphens and dashes, curly quotes, ellipsis.
  "U+2010-2014",
  "U+2018-201D",
  "U+2026",
];

export const FACES = [
  { file: "naskh-400.woff2", source: expo("noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf") },
  { file: "naskh-700.woff2", source: expo("noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf") },
  { file: "plex-400.woff2", source: expo("ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf") },
  { file: "plex-700.woff2", source: expo("ibm-plex-sans-arabic/700Bold/IBMPlexSansArabic_700Bold.ttf") },
];

/** @param {string[]} ranges */
function characters(ranges) {
  let text = "";
  for (const range of ranges) {
    const [from, to] = range.replace(/U\+/g, "").split("-").map((hex) => parseInt(hex, 16));
    if (from === undefined || Number.isNaN(from)) throw new Error(`bad range ${range}`);
    for (let cp = from; cp <= (to ?? from); cp++) text += String.fromCodePoint(cp);
  }
  return text;
}

const self = statSync(import.meta.filename).mtimeMs;
mkdirSync(outDir, { recursive: true });
let written = 0;
for (const face of FACES) {
  const out = path.join(outDir, face.file);
  if (existsSync(out)) {
    const built = statSync(out).mtimeMs;
    if (built > self && built > statSync(face.source).mtimeMs) continue;
  }
  const subset = await subsetFont(readFileSync(face.source), characters(UNICODE_RANGES), { targetFormat: "woff2" });
  writeFileSync(out, subset);
  written++;
  console.log(`build-fonts: ${face.file} ${(subset.length / 1024).toFixed(1)} KB`);
}
// The share cards (lib/share-card/render.ts) are drawn on the server with the whole fonts: a
// headline may hold Latin words, and the server has no bytes to save. Copied so a server
// installed without devDependencies still has them.
export const CARD_FACES = [
  { file: "card-naskh-700.ttf", source: expo("noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf") },
  { file: "card-plex-400.ttf", source: expo("ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf") },
];
for (const face of CARD_FACES) {
  const out = path.join(outDir, face.file);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(face.source).mtimeMs) continue;
  copyFileSync(face.source, out);
  written++;
}
if (written === 0) console.log("build-fonts: assets/fonts/ is up to date");

if (process.argv.includes("--metrics")) await printMetrics();

/**
 * The overrides that make a system font take the room our face will take, so
 * the swap moves nothing: size-adjust from the width of real Arabic running
 * text (the seed article) shaped in both fonts, ascent and descent from our
 * face's metrics divided by it. Next's own adjustFontFallback measures Latin
 * letters, which these faces no longer have.
 */
async function printMetrics() {
  const hb = await import("harfbuzzjs");
  const text = readFileSync(path.join(root, "content/seed-article.txt"), "utf8").replace(/\s+/g, " ");
  /** @param {Buffer} bytes */
  const measure = (bytes) => {
    const face = new hb.Face(new hb.Blob(bytes));
    const font = new hb.Font(face);
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    const width = buffer.getGlyphPositions().reduce((sum, p) => sum + p.xAdvance, 0);
    const { ascender, descender, lineGap } = font.hExtents();
    return { width: width / face.upem, ascender: ascender / face.upem, descender: -descender / face.upem, lineGap: lineGap / face.upem };
  };
  const fallbacks = {
    // Linux desktops and this machine's Chromium.
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    // Android's Arabic system font; its UI variant has the same advances.
    "Noto Naskh Arabic": expo("noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf"),
  };
  const pct = (/** @type {number} */ n) => `${(n * 100).toFixed(2)}%`;
  for (const face of FACES.filter((f) => f.file.endsWith("-400.woff2"))) {
    const ours = measure(readFileSync(face.source));
    for (const [name, file] of Object.entries(fallbacks)) {
      if (!existsSync(file)) continue;
      const theirs = measure(readFileSync(file));
      const sizeAdjust = ours.width / theirs.width;
      console.log(
        `${face.file} over local("${name}"): size-adjust: ${pct(sizeAdjust)}; ascent-override: ${pct(ours.ascender / sizeAdjust)};` +
          ` descent-override: ${pct(ours.descender / sizeAdjust)}; line-gap-override: ${pct(ours.lineGap / sizeAdjust)};`,
      );
    }
  }
}
