/**
 * An upload's bytes to the variants readers get, with sharp. Server only.
 *
 * The image is decoded once: oriented (EXIF), converted to sRGB and brought
 * down to the widest variant as raw pixels. Every variant is encoded from
 * those pixels, so nothing of the upload's metadata (EXIF, GPS, XMP, IPTC,
 * ICC, comments) can reach a reader: raw pixels carry none, and we never
 * ask sharp to keep any.
 */
import sharp from "sharp";
import type { Metadata, OutputInfo, Sharp, SharpOptions } from "sharp";
import { MAX_ASPECT_RATIO, MAX_INPUT_PIXELS, MediaError, MESSAGES } from "./errors";
import type { Sniffed } from "./sniff";
import type { VariantFormat } from "./variants";
import { MAX_VARIANT_WIDTH, VARIANT_FORMATS, variantWidths } from "./variants";

// One libvips thread per image and no operation cache: uploads are rare, memory must stay flat.
sharp.concurrency(1);
sharp.cache(false);

export interface ProcessedImage {
  /** The upload's size once oriented. */
  width: number;
  height: number;
  /** A blurred preview a few hundred bytes long, as a data: URL, shown until the picture arrives. */
  placeholder: string;
  /** File name (`<width>.<format>`) and bytes of every variant. */
  files: { name: string; bytes: Buffer }[];
}

const SHARP_FORMAT: Readonly<Record<string, Sniffed>> = { jpeg: "jpeg", png: "png", webp: "webp", heif: "avif" };

function encode(image: Sharp, format: VariantFormat): Sharp {
  switch (format) {
    case "avif":
      // Effort 2 of 9: most of AVIF's saving at a fraction of the default's time.
      return image.avif({ quality: 50, effort: 2 });
    case "webp":
      return image.webp({ quality: 75, effort: 4 });
    case "jpg":
      // JPEG has no alpha: transparent parts go on the paper colour.
      return image.flatten({ background: "#fbfaf7" }).jpeg({ quality: 78, mozjpeg: true, progressive: true });
  }
}

/** Why sharp could not read the pixels, for the newsroom. */
function decodeError(error: unknown): MediaError {
  const text = error instanceof Error ? error.message : String(error);
  if (/pixel limit|exceeds/i.test(text)) return new MediaError(400, MESSAGES.pixels);
  if (/unsupported image format|bad seek|not a known file format/i.test(text)) return new MediaError(400, MESSAGES.notImage);
  return new MediaError(400, MESSAGES.corrupt);
}

/**
 * Checks and processes one upload whose bytes were sniffed as `format`.
 * Throws MediaError (4xx, Arabic) for anything a reader should not get.
 */
export async function processImage(input: string | Buffer, format: Sniffed): Promise<ProcessedImage> {
  const options: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" };
  let meta: Metadata;
  try {
    // The header only, whatever size it declares: the check below names the size.
    meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw decodeError(error);
  }
  if (SHARP_FORMAT[meta.format ?? ""] !== format || (format === "avif" && meta.compression !== "av1")) {
    throw new MediaError(400, MESSAGES.notImage);
  }
  if ((meta.pages ?? 1) > 1) throw new MediaError(400, MESSAGES.animated);
  const { width: rawWidth, height: rawHeight } = meta;
  if (!rawWidth || !rawHeight) throw new MediaError(400, MESSAGES.notImage);
  if (rawWidth * rawHeight > MAX_INPUT_PIXELS) throw new MediaError(400, MESSAGES.bomb(rawWidth, rawHeight));
  const [width, height] = (meta.orientation ?? 1) >= 5 ? [rawHeight, rawWidth] : [rawWidth, rawHeight];
  if (Math.max(width, height) > MAX_ASPECT_RATIO * Math.min(width, height)) throw new MediaError(400, MESSAGES.aspect);

  let master: { data: Buffer; info: OutputInfo };
  try {
    master = await sharp(input, options)
      .rotate()
      .resize({ width: MAX_VARIANT_WIDTH, withoutEnlargement: true })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(error);
  }
  const { data, info } = master;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  // An alpha channel that is opaque everywhere only costs bytes.
  const opaque = info.channels === 4 ? (await sharp(data, raw).stats()).isOpaque : true;
  const fromMaster = () => (opaque && info.channels === 4 ? sharp(data, raw).removeAlpha() : sharp(data, raw));

  const files: ProcessedImage["files"] = [];
  for (const w of variantWidths(width)) {
    for (const format of VARIANT_FORMATS) {
      const bytes = await encode(fromMaster().resize({ width: w }), format).toBuffer();
      files.push({ name: `${w}.${format}`, bytes });
    }
  }
  const preview = await fromMaster()
    .resize({ width: 16, height: 16, fit: "inside" })
    .flatten({ background: "#fbfaf7" })
    .webp({ quality: 40 })
    .toBuffer();
  return { width, height, placeholder: `data:image/webp;base64,${preview.toString("base64")}`, files };
}
