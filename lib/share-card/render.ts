/**
 * Share cards (1200×630 PNG) for links to articles without a photo and to the
 * home page, drawn by sharp: libvips sets text with Pango, which shapes Arabic
 * with HarfBuzz (joined letters, ligatures) and orders it with FriBidi, in the
 * site's own face. Server only.
 *
 * Lines are broken here, not by Pango, so a long headline can be cut at a word
 * with «…» on its last line; each line is measured by setting it alone.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import sharp, { type Sharp } from "sharp";
import { site } from "@/lib/site";
import { CARD_HEIGHT, CARD_WIDTH } from "./card-path";


/** Space between the card's edges and its text. */
const MARGIN = 72;
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN;
/** The masthead band across the top, in the brand colour. */
const BAND_HEIGHT = 132;
/** Where the headline may sit: below the band, above the bottom margin. */
const HEADLINE_TOP = BAND_HEIGHT + 40;
const HEADLINE_BOTTOM = CARD_HEIGHT - 56;
/** Largest type first; a headline takes the first size at which it fits whole, else the last, cut. */
const HEADLINE_SIZES = [
  { size: 68, lines: 3 },
  { size: 56, lines: 4 },
] as const;
const ELLIPSIS = "…";
const LAYOUT_SLACK = 64;
const RLM = "\u200f";

/** The faces the cards use: whole fonts (not the page's subsets), copied into assets/fonts by scripts/build-fonts.mjs. */
const FACES = {
  naskhBold: { family: "Noto Naskh Arabic Bold", file: "card-naskh-700.ttf", source: "noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf" },
  plex: { family: "IBM Plex Sans Arabic", file: "card-plex-400.ttf", source: "ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf" },
} as const;
type Face = (typeof FACES)[keyof typeof FACES];

const fontFiles = new Map<Face, string>();

/** The built copy, or the npm package's file before a build has run (unit tests). */
function fontFile(face: Face): string {
  const known = fontFiles.get(face);
  if (known) return known;
  const found = findFontFile(face);
  fontFiles.set(face, found);
  return found;
}

function findFontFile(face: Face): string {
  const root = path.resolve(/*turbopackIgnore: true*/ process.cwd());
  const built = path.join(root, "assets", "fonts", face.file);
  if (existsSync(built)) return built;
  const source = path.join(root, "node_modules", "@expo-google-fonts", face.source);
  if (existsSync(source)) return source;
  throw new Error(`share cards: font ${face.file} not found (run node scripts/build-fonts.mjs)`);
}

/** Pango markup is the only way to colour libvips text: everything the author wrote is escaped. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

interface TextImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Sets `text` (lines separated by \n) right to left, cropped to its ink. Lines
 * are aligned to the right edge of a layout a little wider than TEXT_WIDTH, so
 * Pango, which wraps on advance widths, never breaks a line measured by its ink.
 */
async function setText(text: string, face: Face, size: number, color: string, wrapAt: number | null = TEXT_WIDTH + LAYOUT_SLACK): Promise<TextImage> {
  const { data, info } = await sharp({
    text: {
      // RLM first on every line: Pango takes a paragraph's direction from its first strong letter,
      // and a headline that opens with a Latin name is still an Arabic line.
      text: `<span foreground="${color}">${escapeMarkup(text.split("\n").map((line) => RLM + line).join("\n"))}</span>`,
      font: `${face.family} ${size}`,
      fontfile: fontFile(face),
      // 72 dpi: a size in points is a size in pixels.
      dpi: 72,
      ...(wrapAt === null ? {} : { width: wrapAt }),
      // Pango mirrors the alignment of a right-to-left paragraph: "left" is its start, the right edge.
      align: "left",
      rgba: true,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The width of `text` set on one line, unwrapped. */
async function measure(text: string, face: Face, size: number): Promise<number> {
  return (await setText(text, face, size, "#000", null)).width;
}

/**
 * Breaks `text` into at most `maxLines` lines that each `fit`, word by
 * word. What does not fit is cut at a word (or, for a single over-long word,
 * at a letter) and the last line ends with «…». `complete` tells whether all
 * of the text is there.
 */
export async function breakLines(
  text: string,
  maxLines: number,
  fits: (line: string) => Promise<boolean>,
): Promise<{ lines: string[]; complete: boolean }> {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  const lines: string[] = [];
  let next = 0;
  while (next < words.length && lines.length < maxLines) {
    let line = words[next]!;
    if (!(await fits(line))) break;
    next++;
    while (next < words.length && (await fits(`${line} ${words[next]}`))) line = `${line} ${words[next++]}`;
    lines.push(line);
  }
  if (next === words.length) return { lines, complete: true };
  // Cut: the last line gives up words (or letters) until it has room for «…».
  const last = lines.length === maxLines ? lines.pop()! : undefined;
  let kept = last !== undefined ? last.split(" ") : [];
  while (kept.length > 0 && !(await fits(`${kept.join(" ")} ${ELLIPSIS}`))) kept = kept.slice(0, -1);
  if (kept.length > 0) {
    lines.push(`${kept.join(" ")} ${ELLIPSIS}`);
  } else {
    // One word wider than the line: as many of its letters (with their marks) as fit.
    const letters = [...new Intl.Segmenter("ar", { granularity: "grapheme" }).segment(last ?? words[next]!)].map((g) => g.segment);
    let count = letters.length;
    while (count > 1 && !(await fits(letters.slice(0, count).join("") + ELLIPSIS))) count--;
    lines.push(letters.slice(0, count).join("") + ELLIPSIS);
  }
  return { lines, complete: false };
}

/** A headline's lines and type size: the largest size that holds it whole, else the smallest, cut. */
export async function layoutHeadline(title: string): Promise<{ lines: string[]; size: number; complete: boolean }> {
  let result: { lines: string[]; size: number; complete: boolean } | undefined;
  for (const { size, lines: maxLines } of HEADLINE_SIZES) {
    const fits = async (line: string) => (await measure(line, FACES.naskhBold, size)) <= TEXT_WIDTH;
    const { lines, complete } = await breakLines(title, maxLines, fits);
    result = { lines, size, complete };
    if (complete) break;
  }
  return result!;
}

function background(color: string): Sharp {
  return sharp({ create: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3, background: color } });
}

function band(color: string, height: number): Promise<Buffer> {
  return sharp({ create: { width: CARD_WIDTH, height, channels: 3, background: color } }).png().toBuffer();
}

/**
 * One line of `text` in the first of `sizes` (largest first) that holds it
 * whole, else cut with «…» at the last: a long SITE_NAME still fits the card.
 */
async function fitLine(text: string, face: Face, sizes: readonly number[], color: string): Promise<TextImage> {
  let line = text;
  let size = sizes.at(-1)!;
  for (const candidate of sizes) {
    const fits = async (l: string) => (await measure(l, face, candidate)) <= TEXT_WIDTH;
    const { lines, complete } = await breakLines(text, 1, fits);
    [line, size] = [lines[0] ?? "", candidate];
    if (complete) break;
  }
  return setText(line, face, size, color);
}

/** Never larger than the room it is given (a mark stacked past the line height, say): shrunk, never cropped. */
async function within(image: TextImage, height: number): Promise<TextImage> {
  if (image.width <= TEXT_WIDTH && image.height <= height) return image;
  const { data, info } = await sharp(image.data)
    .resize({ width: TEXT_WIDTH, height, fit: "inside" })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Right edge at the margin: the start of a right-to-left line. */
const startAligned = (image: TextImage) => CARD_WIDTH - MARGIN - image.width;

async function encode(card: Sharp): Promise<Buffer> {
  // A palette PNG: flat colours and anti-aliased text fit in 256 colours at under half the bytes of a JPEG.
  return card.png({ palette: true, quality: 90, effort: 7, compressionLevel: 9 }).toBuffer();
}

/** The card for an article without a photo: the site's name on the brand band, the headline below. */
export async function renderArticleCard(title: string, siteName: string = site.name): Promise<Buffer> {
  const { colors } = site;
  const name = await within(await fitLine(siteName, FACES.naskhBold, [60, 48, 40], colors.brandInk), BAND_HEIGHT);
  const { lines, size } = await layoutHeadline(title);
  const area = HEADLINE_BOTTOM - HEADLINE_TOP;
  const headline = await within(await setText(lines.join("\n"), FACES.naskhBold, size, colors.ink), area);
  return encode(
    background(colors.background).composite([
      { input: await band(colors.brand, BAND_HEIGHT), left: 0, top: 0 },
      { input: name.data, left: startAligned(name), top: Math.round((BAND_HEIGHT - name.height) / 2) },
      { input: headline.data, left: startAligned(headline), top: HEADLINE_TOP + Math.round((area - headline.height) / 2) },
    ]),
  );
}

/** The home page's card: the site's name and description on the brand colour. */
export async function renderSiteCard(siteName: string = site.name, description: string = site.description): Promise<Buffer> {
  const { colors } = site;
  const gap = 48;
  const name = await within(await fitLine(siteName, FACES.naskhBold, [150, 120, 96, 72], colors.brandInk), 260);
  const about = (await breakLines(description, 2, async (line) => (await measure(line, FACES.plex, 44)) <= TEXT_WIDTH)).lines;
  const text = await within(await setText(about.join("\n"), FACES.plex, 44, colors.brandInk), CARD_HEIGHT - 2 * MARGIN - name.height - gap);
  const top = Math.round((CARD_HEIGHT - name.height - gap - text.height) / 2);
  return encode(
    background(colors.brand).composite([
      { input: name.data, left: startAligned(name), top },
      { input: text.data, left: startAligned(text), top: top + name.height + gap },
    ]),
  );
}
