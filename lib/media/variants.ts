/**
 * The site's pictures as URLs: which widths and formats each upload is served
 * in, and which one a phone keeps. Pure (no Node, no DOM): the server, the
 * renderer, the page and the service worker all compute the same answers.
 */

/**
 * Widths every upload is resized to (never upscaled: an image narrower than a
 * width stops the ladder). 1,120 is there for phones at DPR 3: their column
 * needs 984–1,119 device pixels, and 1,280 would cost them half again the bytes.
 */
export const VARIANT_WIDTHS = [320, 640, 960, 1120, 1280, 1600] as const;
/** The widest variant served, whatever the upload's size. */
export const MAX_VARIANT_WIDTH = 1600;
/** Formats served: AVIF and WebP for browsers that take them, JPEG for every other reader (and og:image). */
export const VARIANT_FORMATS = ["avif", "webp", "jpg"] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

export const FORMAT_TYPES: Readonly<Record<VariantFormat, string>> = {
  avif: "image/avif",
  webp: "image/webp",
  jpg: "image/jpeg",
};

/** A media id: 32 lowercase hex digits, from the upload's bytes. */
export const MEDIA_ID = /^[0-9a-f]{32}$/;
const MEDIA_PATH = /^\/media\/([0-9a-f]{32})(?:\/(\d{1,5})\.(avif|webp|jpg))?$/;

/** The widths an upload `width` pixels wide is served at, narrowest first. */
export function variantWidths(width: number): number[] {
  if (!Number.isInteger(width) || width < 1) return [];
  const top = Math.min(width, MAX_VARIANT_WIDTH);
  return [...VARIANT_WIDTHS.filter((w) => w < top), top];
}

/** Height of a variant `w` wide of an image `width`×`height`, as the resizer rounds it. */
export function variantHeight(w: number, width: number, height: number): number {
  return Math.max(1, Math.round((w * height) / width));
}

/** The picture's own URL, the one Markdown uses: `/media/<id>`. */
export function mediaPath(id: string): string {
  return `/media/${id}`;
}

export function variantPath(id: string, width: number, format: VariantFormat): string {
  return `/media/${id}/${width}.${format}`;
}

/** The media id and, for a variant, its width and format; undefined for anything else. */
export function parseMediaPath(path: string): { id: string; width?: number; format?: VariantFormat } | undefined {
  const match = MEDIA_PATH.exec(path);
  if (!match) return undefined;
  const [, id, width, format] = match;
  if (width === undefined) return { id: id! };
  return { id: id!, width: Number(width), format: format as VariantFormat };
}

/** `srcset` for one format. */
export function srcset(id: string, width: number, format: VariantFormat): string {
  return variantWidths(width)
    .map((w) => `${variantPath(id, w, format)} ${w}w`)
    .join(", ");
}

/** The JPEG a reader without `srcset` gets: the widest at most `near` pixels wide. */
export function fallbackWidth(width: number, near = 960): number {
  const widths = variantWidths(width);
  return widths.filter((w) => w <= near).at(-1) ?? widths[0] ?? width;
}

/** The article column: the page's max-w-3xl (48rem) less its 1rem padding each side. */
export const COLUMN_MAX_CSS_PX = 736;
export const COLUMN_PADDING_CSS_PX = 32;
/** `sizes` for a picture in the article column. */
export const COLUMN_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";
/** Past 3 device pixels per CSS pixel no eye tells the difference; the stored copy stops there. */
export const MAX_STORED_DPR = 3;

export interface Screen {
  /** Viewport width in CSS pixels. */
  width: number;
  devicePixelRatio: number;
}

/** Device pixels a picture in the article column takes on this screen. */
export function columnPixels(screen: Screen): number {
  const css = Math.min(Math.max(screen.width, 1) - COLUMN_PADDING_CSS_PX, COLUMN_MAX_CSS_PX);
  const dpr = Math.min(Math.max(screen.devicePixelRatio, 1), MAX_STORED_DPR);
  return Math.ceil(Math.max(css, 1) * dpr);
}

/**
 * The one variant width a phone keeps for a picture `width` pixels wide: the
 * narrowest that covers the column at the screen's density, or the widest
 * there is when none does.
 */
export function storedWidth(width: number, screen: Screen): number {
  const widths = variantWidths(width);
  const needed = columnPixels(screen);
  return widths.find((w) => w >= needed) ?? widths.at(-1) ?? width;
}

/** The widest JPEG for sharing (og:image): 1200 px or more whenever the upload is that wide. */
export function shareWidth(width: number): number {
  return variantWidths(width).at(-1) ?? width;
}
