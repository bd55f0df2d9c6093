/**
 * The one article model. Server pages, the HTTP API, the service worker and
 * IndexedDB all speak it. Pure: imports nothing from Node or the DOM, and no
 * validation library either, so the page can use it for free; the schemas
 * that check articles crossing a boundary live in ./schema.ts.
 */
/** Inline content inside a paragraph, subheading, quote, list item or caption. */
export type Inline =
  | { type: "text"; value: string }
  | { type: "strong"; children: Inline[] }
  | { type: "emphasis"; children: Inline[] }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "break" };

/** A block of the article body. Bodies are stored as blocks, never as HTML. */
export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "subheading"; children: Inline[] }
  | { type: "quote"; paragraphs: Inline[][] }
  | { type: "list"; ordered: boolean; items: Inline[][] }
  | ImageBlock;

/**
 * A picture. `src` is the site's `/media/<id>`; publishing adds its size and
 * a blurred placeholder (data: URL). Articles stored before pictures were
 * uploaded have neither, and readers must do without.
 */
export interface ImageBlock {
  type: "image";
  src: string;
  alt: string;
  caption?: Inline[];
  width?: number;
  height?: number;
  placeholder?: string;
}

/** An article's first picture, as lists show it beside the headline. */
export type LeadImage = Pick<ImageBlock, "src" | "alt" | "width" | "height" | "placeholder">;

/** A note the newsroom added on an edit, shown under the article with its time. */
export interface Correction {
  note: string;
  /** ISO 8601 instant: when the edit carrying it was stored. */
  at: string;
}

export interface Article {
  id: string;
  slug: string;
  title: string;
  summary?: string;
  section?: string;
  /** The byline: who wrote it, in order. Absent when only the masthead signs it. */
  authors?: string[];
  blocks: Block[];
  /** Corrections, oldest first; every later edit keeps them. */
  corrections?: Correction[];
  /** ISO 8601 instant. */
  publishedAt: string;
  /** ISO 8601 instant. */
  updatedAt: string;
  /** Starts at 1; every edit increments it. A higher revision always wins. */
  revision: number;
  /** Breaking news («عاجل»): a banner on every page while recent, and an urgent push. Absent when not. */
  urgent?: true;
}

/** What a list of articles needs: everything but the body and its corrections. */
export type ArticleSummary = Omit<Article, "blocks" | "corrections"> & { lede: string; lead?: LeadImage };

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The deepest inline nesting (strong, emphasis, link inside one another) an
 * article may have. Publishing refuses deeper bodies, so every reader of the
 * model (renderers, the search index, the phone) can walk it recursively.
 */
export const MAX_INLINE_DEPTH = 16;

/** Plain text of inline runs, for ledes, search and share text. */
export function inlineText(children: readonly Inline[]): string {
  // An explicit stack: stored or received data may be deeper than publishing allows today.
  let out = "";
  const stack: (readonly Inline[])[] = [children];
  const index: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const nodes = stack[top]!;
    const i = index[top]!;
    if (i >= nodes.length) {
      stack.pop();
      index.pop();
      continue;
    }
    index[top] = i + 1;
    const node = nodes[i]!;
    if (node.type === "text") out += node.value;
    else if (node.type === "break") out += " ";
    else if (Array.isArray(node.children)) {
      stack.push(node.children);
      index.push(0);
    }
  }
  return out;
}

/** The opening line a list shows when an article has no summary. */
export function lede(article: Pick<Article, "summary" | "blocks">, maxChars = 180): string {
  if (article.summary) return article.summary;
  const first = article.blocks.find((b) => b.type === "paragraph");
  if (!first) return "";
  const text = inlineText(first.children).trim();
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf(" ", maxChars);
  return `${text.slice(0, cut > 0 ? cut : maxChars)}…`;
}

/** The article's first picture: its lead, for lists and sharing. */
export function leadImage(blocks: readonly Block[]): LeadImage | undefined {
  const first = blocks.find((b): b is ImageBlock => b.type === "image");
  if (!first) return undefined;
  const { type: _type, caption: _caption, ...lead } = first;
  return lead;
}

/** The summary view of an article. */
export function summarize(article: Article): ArticleSummary {
  const { blocks, corrections: _corrections, ...rest } = article;
  const lead = leadImage(blocks);
  return { ...rest, lede: lede({ summary: article.summary, blocks }), ...(lead ? { lead } : {}) };
}

/** The path an article is served at; stable for the article's life. */
export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/**
 * The key an author's page is found by: the name in Unicode NFC, without
 * tatweel or invisible format characters, spaces as hyphens, Latin letters in
 * lower case. "سعاد  الأحمد" and "سعاد الأحمد" are one author.
 */
export function authorKey(name: string): string {
  return name
    .normalize("NFC")
    .replace(/[\u0640\p{Cf}]/gu, "")
    .trim()
    .replace(/[\s-]+/gu, "-")
    .toLowerCase();
}

/**
 * What an author key may be: letters, marks and digits, with the few
 * punctuation marks names carry, in hyphen-joined words. Nothing that needs
 * escaping in a path but the letters themselves.
 */
export const AUTHOR_KEY_PATTERN = /^[\p{L}\p{M}\p{N}.'\u2019]+(?:-[\p{L}\p{M}\p{N}.'\u2019]+)*$/u;
/** The longest author key a page is looked up by; publishing keeps names shorter. */
export const MAX_AUTHOR_KEY_CHARS = 200;

/** The path of an author's page: their key, percent-encoded. */
export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(authorKey(name))}`;
}
