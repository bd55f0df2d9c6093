#!/usr/bin/env node
// Renders every app icon listed in assets/icons.json from the one drawing,
// assets/icon.svg, into public/icons/ (generated, git-ignored). First step of
// `npm run build`. The variants are derived here, not drawn twice:
//   any, favicon  the drawing as it is: the mark on a rounded paper tile
//   maskable      full-bleed paper, the mark shrunk into the central safe zone
//   apple         full-bleed paper (iOS masks the corners itself and turns
//                 transparency black), the mark at full size
//   badge         the mark alone in white on transparent: Android draws
//                 notification badges from the alpha channel only
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const source = readFileSync(path.join(root, "assets/icon.svg"), "utf8");
const { icons } = JSON.parse(readFileSync(path.join(root, "assets/icons.json"), "utf8"));
const outDir = path.join(root, "public/icons");

const VIEWBOX = 512;
/** Maskable icons may be cropped to a circle of 40% of their size around the centre. */
const SAFE_RADIUS = 0.4 * VIEWBOX;
const MASKABLE_SCALE = 0.86;
const BADGE_SCALE = 1.2;

function pick(pattern, what) {
  const match = pattern.exec(source);
  if (!match) throw new Error(`render-icons: assets/icon.svg has no ${what}`);
  return match;
}

const tile = pick(/<rect\b[^>]*\bid="tile"[^>]*\/>/, 'rect id="tile"')[0];
const paper = pick(/<rect\b[^>]*\bid="tile"[^>]*\bfill="([^"]+)"/, "tile fill")[1];
const brand = pick(/<svg\b[^>]*\bcolor="([^"]+)"/, "color on <svg>")[1];
const mark = pick(/<g\b[^>]*\bid="mark"[^>]*>[\s\S]*?<\/g>/, 'g id="mark"')[0];

/** One variant as SVG text, drawn at `size` pixels (vector, not a resized bitmap). */
function variant({ size, background, color, scale }) {
  const backdrop = { tile, full: `<rect width="${VIEWBOX}" height="${VIEWBOX}" fill="${paper}"/>`, none: "" }[background];
  const c = VIEWBOX / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEWBOX} ${VIEWBOX}" width="${size}" height="${size}" color="${color}">` +
    `${backdrop}<g transform="translate(${c} ${c}) scale(${scale}) translate(${-c} ${-c})">${mark}</g></svg>`
  );
}

const recipes = {
  any: { background: "tile", color: brand, scale: 1 },
  favicon: { background: "tile", color: brand, scale: 1 },
  maskable: { background: "full", color: brand, scale: MASKABLE_SCALE },
  apple: { background: "full", color: brand, scale: 1 },
  badge: { background: "none", color: "#ffffff", scale: BADGE_SCALE },
};

/** The mark's pixels as alpha values, drawn alone at the given scale on a transparent canvas. */
async function markAlpha(scale) {
  const svg = variant({ size: VIEWBOX, background: "none", color: "#000000", scale });
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

// Guards against a redrawn mark that no longer fits: a cropped maskable icon or a clipped badge.
async function checkGeometry() {
  const maskable = await markAlpha(MASKABLE_SCALE);
  for (let y = 0; y < maskable.height; y++) {
    for (let x = 0; x < maskable.width; x++) {
      const alpha = maskable.data[(y * maskable.width + x) * maskable.channels + 3];
      if (alpha > 0 && Math.hypot(x + 0.5 - VIEWBOX / 2, y + 0.5 - VIEWBOX / 2) > SAFE_RADIUS) {
        throw new Error(`render-icons: the maskable mark leaves the safe zone at (${x}, ${y}); lower MASKABLE_SCALE`);
      }
    }
  }
  const badge = await markAlpha(BADGE_SCALE);
  const margin = 2;
  for (let y = 0; y < badge.height; y++) {
    for (let x = 0; x < badge.width; x++) {
      const edge = x < margin || y < margin || x >= badge.width - margin || y >= badge.height - margin;
      if (edge && badge.data[(y * badge.width + x) * badge.channels + 3] > 0) {
        throw new Error(`render-icons: the badge mark touches the edge at (${x}, ${y}); lower BADGE_SCALE`);
      }
    }
  }
}

await checkGeometry();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const icon of icons) {
  const recipe = recipes[icon.role];
  if (!recipe) throw new Error(`render-icons: unknown role "${icon.role}" for ${icon.file}`);
  await sharp(Buffer.from(variant({ size: icon.size, ...recipe })))
    .png({ compressionLevel: 9, palette: true, effort: 10 })
    .toFile(path.join(outDir, icon.file));
}
console.log(`render-icons: ${icons.length} icons in public/icons from assets/icon.svg`);
