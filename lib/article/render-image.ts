/**
 * Pictures as HTML, for the one renderer: a figure in the article body and a
 * thumbnail in lists. `<picture>` offers AVIF and WebP at every width with a
 * JPEG for the rest; width and height reserve the space (no layout shift);
 * a blurred placeholder fills it until the picture arrives. The worker's
 * offline pages pass `held`: a picture the phone does not hold shows its
 * placeholder and caption, never a broken image.
 */
import type { ImageBlock, LeadImage } from "./model";
import { escapeHtml } from "./render-html";
import { safeImageUrl } from "./safe-url";
import type { VariantFormat } from "@/lib/media/variants";
import { COLUMN_SIZES, fallbackWidth, mediaPath, parseMediaPath, srcset, variantPath } from "@/lib/media/variants";

export interface ImageOptions {
  /** Whether the phone holds the picture with this media id (offline pages); absent online, where every picture loads. */
  held?: (id: string) => boolean;
}

/** Only what publishing writes (and the reader lets through) is ever put in src. */
const PLACEHOLDER = /^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;
const THUMB_SIZES = "6rem";
/** The JPEG a browser without srcset gets: near the column's width, or the thumbnail's. */
const COLUMN_FALLBACK = 960;
const THUMB_FALLBACK = 320;

function sources(id: string, width: number, sizes: string): string {
  const source = (format: VariantFormat) =>
    `<source type="image/${format}" srcset="${escapeHtml(srcset(id, width, format))}" sizes="${sizes}">`;
  return source("avif") + source("webp");
}

function dimensions(image: LeadImage): string {
  return image.width && image.height ? ` width="${image.width}" height="${image.height}"` : "";
}

/** The picture element, or undefined when the phone does not hold it (or it is not the site's). */
function picture(image: LeadImage, sizes: string, near: number, attributes: string, options: ImageOptions): string | undefined {
  const src = safeImageUrl(image.src);
  const media = src === undefined ? undefined : parseMediaPath(src);
  if (!media || options.held?.(media.id) === false) return undefined;
  const alt = `alt="${escapeHtml(image.alt)}"`;
  if (!image.width || !image.height) {
    // No size (never from publishing today): the widest JPEG, which /media/<id> serves.
    return `<img src="${mediaPath(media.id)}" ${alt}${attributes}>`;
  }
  const { id } = media;
  const jpeg = `src="${variantPath(id, fallbackWidth(image.width, near), "jpg")}" srcset="${escapeHtml(srcset(id, image.width, "jpg"))}" sizes="${sizes}"`;
  return `<picture>${sources(id, image.width, sizes)}<img ${jpeg}${dimensions(image)} ${alt}${attributes}></picture>`;
}

/**
 * A picture of the article body in its figure. The first picture of an
 * article loads at once; the others when the reader nears them.
 */
export function renderFigure(block: ImageBlock, first: boolean, caption: string, options: ImageOptions = {}): string {
  // An unsafe URL (stored before the rules, or from a tampered record) shows nothing, not even its space.
  if (safeImageUrl(block.src) === undefined) return "";
  const loading = first ? ` decoding="async" fetchpriority="high"` : ` loading="lazy" decoding="async"`;
  const shown = picture(block, COLUMN_SIZES, COLUMN_FALLBACK, loading, options);
  const placeholder =
    block.placeholder && PLACEHOLDER.test(block.placeholder)
      ? `<img class="media-ph" src="${escapeHtml(block.placeholder)}" alt="" aria-hidden="true"${dimensions(block)}>`
      : "";
  const frame = shown
    ? `<div class="media-frame">${placeholder}${shown}</div>`
    : // Not held (or not the site's): the space, the placeholder and the description, quietly.
      `<div class="media-frame${placeholder ? "" : " media-empty"}" role="img" aria-label="${escapeHtml(block.alt)}">${placeholder}</div>`;
  return `<figure class="media">${frame}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}

/** A list entry's thumbnail, or "" when the article has no picture to show. */
export function renderThumbnail(lead: LeadImage | undefined, first: boolean, options: ImageOptions = {}): string {
  if (!lead) return "";
  const loading = first ? ` decoding="async"` : ` loading="lazy" decoding="async"`;
  // Decorative beside the headline, which the link already names.
  const shown = picture({ ...lead, alt: "" }, THUMB_SIZES, THUMB_FALLBACK, loading, options);
  return shown ? `<span class="media-thumb">${shown}</span>` : "";
}
