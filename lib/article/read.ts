/**
 * Tolerant readers for articles that crossed a boundary into the phone: the
 * feed from the network and records from IndexedDB. Writers are strict (the
 * publish path); readers are not, because an older worker will meet a newer
 * server, and an older record a newer worker:
 *  - fields they do not know are ignored (and not kept);
 *  - a block or inline node of a type they do not know is skipped, the rest
 *    of the article kept;
 *  - what they cannot read at all (a missing title, a date out of range,
 *    nesting deeper than anything publishing accepts) reads as undefined, for
 *    the caller to skip and count, never to throw.
 * Hand-written rather than a schema library: no recursion without a bound,
 * and nothing extra for the page or the worker to download.
 */
import type { Article, Block, Correction, Inline, LeadImage } from "./model";
import { MAX_INLINE_DEPTH, SLUG_PATTERN } from "./model";

/**
 * Deeper inline nesting than a reader accepts. Above what publishing allows,
 * so a server that relaxes its limit a little does not lose articles on
 * phones; low enough that every recursive walk stays far from the stack's end.
 */
export const READ_MAX_DEPTH = Math.max(64, MAX_INLINE_DEPTH * 2);

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === "string";

// Four-digit years only: what every date formatter and page can show.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function instant(v: unknown): string | undefined {
  return str(v) && ISO_INSTANT.test(v) && Number.isFinite(Date.parse(v)) ? v : undefined;
}

/** Thrown inside the walk when nesting goes past READ_MAX_DEPTH; caught by readArticle. */
class TooDeep extends Error {}

function readInlines(value: unknown, depth: number): Inline[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (depth > READ_MAX_DEPTH) throw new TooDeep();
  const out: Inline[] = [];
  for (const node of value) {
    const inline = readInline(node, depth);
    if (inline) out.push(inline);
  }
  return out;
}

function readInline(node: unknown, depth: number): Inline | undefined {
  if (!isRecord(node)) return undefined;
  switch (node.type) {
    case "text":
      return str(node.value) ? { type: "text", value: node.value } : undefined;
    case "break":
      return { type: "break" };
    case "strong":
    case "emphasis": {
      const children = readInlines(node.children, depth + 1);
      return children && { type: node.type, children };
    }
    case "link": {
      const children = readInlines(node.children, depth + 1);
      return children && str(node.href) && node.href !== "" ? { type: "link", href: node.href, children } : undefined;
    }
    default:
      return undefined;
  }
}

function readRuns(value: unknown): Inline[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  const runs: Inline[][] = [];
  for (const run of value) {
    const inlines = readInlines(run, 1);
    if (inlines) runs.push(inlines);
  }
  return runs;
}

function readBlock(node: unknown): Block | undefined {
  if (!isRecord(node)) return undefined;
  switch (node.type) {
    case "paragraph":
    case "subheading": {
      const children = readInlines(node.children, 1);
      return children && { type: node.type, children };
    }
    case "quote": {
      const paragraphs = readRuns(node.paragraphs);
      return paragraphs && { type: "quote", paragraphs };
    }
    case "list": {
      const items = readRuns(node.items);
      return items && typeof node.ordered === "boolean" ? { type: "list", ordered: node.ordered, items } : undefined;
    }
    case "image": {
      const image = readImage(node);
      if (!image) return undefined;
      const caption = node.caption === undefined ? undefined : readInlines(node.caption, 1);
      return { type: "image", ...image, ...(caption ? { caption } : {}) };
    }
    default:
      return undefined;
  }
}

const dimension = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0 && v <= 100_000;
/** What publishing writes as a placeholder: a small base64 image. Anything else is dropped, never shown. */
const PLACEHOLDER = /^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * A picture's source, text and, when both are sound, its size; the
 * placeholder only when it is a small data: image. Fields added later are
 * optional: older articles have none, and a picture without a size still shows.
 */
export function readImage(node: Rec): LeadImage | undefined {
  if (!str(node.src) || node.src === "" || !str(node.alt)) return undefined;
  const sized = dimension(node.width) && dimension(node.height);
  const placeholder = str(node.placeholder) && node.placeholder.length <= 2048 && PLACEHOLDER.test(node.placeholder);
  return {
    src: node.src,
    alt: node.alt,
    ...(sized ? { width: node.width as number, height: node.height as number } : {}),
    ...(placeholder ? { placeholder: node.placeholder as string } : {}),
  };
}

/** Bounds well above what publishing allows: past them a field is not ours, and is dropped. */
const READ_MAX_AUTHORS = 50;
const READ_MAX_NAME_CHARS = 500;
const READ_MAX_CORRECTIONS = 500;
const READ_MAX_NOTE_CHARS = 10_000;

/**
 * The byline's names; undefined (no byline) when the field is not a list of
 * names, so an odd byline never costs the reader the article.
 */
export function readAuthors(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > READ_MAX_AUTHORS) return undefined;
  const names = value.filter((n): n is string => str(n) && n.trim() !== "" && n.length <= READ_MAX_NAME_CHARS);
  return names.length === value.length ? names : undefined;
}

/** The corrections that can be shown; one without a note or a sound time is skipped. */
export function readCorrections(value: unknown): Correction[] | undefined {
  if (!Array.isArray(value) || value.length > READ_MAX_CORRECTIONS) return undefined;
  const out: Correction[] = [];
  for (const entry of value) {
    if (!isRecord(entry)) continue;
    const at = instant(entry.at);
    if (str(entry.note) && entry.note.trim() !== "" && entry.note.length <= READ_MAX_NOTE_CHARS && at) out.push({ note: entry.note, at });
  }
  return out.length > 0 ? out : undefined;
}

/** Reads an article; undefined when it cannot be shown. Unknown fields and node types are dropped. */
export function readArticle(value: unknown): Article | undefined {
  if (!isRecord(value)) return undefined;
  const { id, slug, title, summary, section, blocks, revision } = value;
  const authors = readAuthors(value.authors);
  const corrections = readCorrections(value.corrections);
  const publishedAt = instant(value.publishedAt);
  const updatedAt = instant(value.updatedAt);
  if (!str(id) || id === "" || id.length > 64) return undefined;
  if (!str(slug) || slug.length > 120 || !SLUG_PATTERN.test(slug)) return undefined;
  if (!str(title) || title === "") return undefined;
  if (!publishedAt || !updatedAt) return undefined;
  if (typeof revision !== "number" || !Number.isSafeInteger(revision) || revision < 1) return undefined;
  if (!Array.isArray(blocks)) return undefined;
  const read: Block[] = [];
  try {
    for (const node of blocks) {
      const block = readBlock(node);
      if (block) read.push(block);
    }
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    throw error;
  }
  return {
    id,
    slug,
    title,
    ...(str(summary) ? { summary } : {}),
    ...(str(section) ? { section } : {}),
    ...(authors ? { authors } : {}),
    blocks: read,
    ...(corrections ? { corrections } : {}),
    publishedAt,
    updatedAt,
    revision,
    ...(value.urgent === true ? { urgent: true as const } : {}),
  };
}
