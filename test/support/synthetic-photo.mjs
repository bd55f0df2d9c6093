// @ts-check
/**
 * Generated photographs for tests and the bench: never real photos. Gradients,
 * shapes, a grid and grain, with "SYNTHETIC" written across, so anyone who
 * sees one knows it is not news. The seed changes colours and shapes, so every
 * seed gives different bytes.
 */
import sharp from "sharp";

/** @param {number} seed */
function random(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * @param {{ width: number, height: number, seed?: number, format?: "jpeg" | "png" | "webp" | "avif", gps?: boolean, orientation?: number, alpha?: boolean }} options
 * @returns {Promise<Buffer>}
 */
export async function syntheticPhoto({ width, height, seed = 1, format = "jpeg", gps = false, orientation, alpha = false }) {
  const rnd = random(seed);
  const hue = Math.floor(rnd() * 360);
  const shapes = Array.from({ length: 6 }, (_, i) => {
    const x = Math.floor(rnd() * width);
    const y = Math.floor(rnd() * height);
    const r = Math.floor((0.05 + rnd() * 0.2) * Math.min(width, height));
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${(hue + i * 47) % 360},70%,55%)" opacity="0.75"/>`;
  }).join("");
  const grid = Math.max(8, Math.floor(Math.min(width, height) / 12));
  const label = Math.floor(Math.min(width, height) / 8);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,35%)"/>` +
    `<stop offset="1" stop-color="hsl(${(hue + 120) % 360},70%,70%)"/></linearGradient>` +
    `<pattern id="p" width="${grid}" height="${grid}" patternUnits="userSpaceOnUse"><path d="M ${grid} 0 L 0 0 0 ${grid}" fill="none" stroke="white" stroke-opacity="0.25"/></pattern></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/>${shapes}<rect width="100%" height="100%" fill="url(#p)"/>` +
    `<text x="50%" y="50%" text-anchor="middle" font-family="sans-serif" font-weight="bold" font-size="${label}" fill="white" fill-opacity="0.8">SYNTHETIC #${seed}</text></svg>`;
  // Grain made small and scaled up: cheap, and it keeps the encoders honest.
  const gw = Math.max(1, Math.ceil(width / 4));
  const gh = Math.max(1, Math.ceil(height / 4));
  const grain = await sharp({ create: { width: gw, height: gh, channels: 3, noise: { type: "gaussian", mean: 128, sigma: 18 } } })
    .resize(width, height, { kernel: "nearest" })
    .png({ compressionLevel: 1 })
    .toBuffer();
  let image = sharp(Buffer.from(svg)).composite([{ input: grain, blend: "soft-light" }]);
  // Flattened first: composite keeps the SVG's own (opaque) alpha channel.
  image = sharp(await image.removeAlpha().raw().toBuffer(), { raw: { width, height, channels: 3 } });
  if (alpha) image = image.ensureAlpha(0.6);
  if (gps || orientation) {
    /** @type {import("sharp").Exif} */
    const exif = { IFD0: { Make: "Synthetic", Model: "Test pattern", Copyright: "generated" } };
    if (gps) {
      exif.IFD3 = { GPSLatitudeRef: "N", GPSLatitude: "33/1 30/1 50/1", GPSLongitudeRef: "E", GPSLongitude: "36/1 17/1 30/1" };
    }
    image = image.withExif(exif).withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="33,30.8N" exif:GPSLongitude="36,17.5E"/></rdf:RDF></x:xmpmeta>',
    );
    if (orientation) image = image.withMetadata({ orientation });
  }
  switch (format) {
    case "png":
      return image.png({ compressionLevel: 6 }).toBuffer();
    case "webp":
      return image.webp({ quality: 85 }).toBuffer();
    case "avif":
      return image.avif({ quality: 60, effort: 2 }).toBuffer();
    default:
      return image.jpeg({ quality: 88 }).toBuffer();
  }
}
