/**
 * Markdown (with YAML front matter) to article blocks. Runs once, at publish;
 * raw HTML never survives it, and every URL passes the allowlist.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { frontmatter } from "micromark-extension-frontmatter";
import { isMap, parseDocument } from "yaml";
import { checkMarkdownLimits, LIMIT_MESSAGES, MarkdownLimitError, MAX_BLOCK_DEPTH } from "./markdown-limits";
import { inlineText, MAX_INLINE_DEPTH } from "./model";
import type { Block, Inline } from "./model";
import { safeImageUrl, safeUrl } from "./safe-url";

export { MarkdownLimitError, MAX_BLOCK_DEPTH } from "./markdown-limits";

// Named through fromMarkdown so that we depend only on the packages we declare.
type Root = ReturnType<typeof fromMarkdown>;
type MdNode = Root["children"][number];
type Md<T extends MdNode["type"]> = Extract<MdNode, { type: T }>;
type Phrasing = Md<"paragraph">["children"][number];
type Flow = Md<"blockquote">["children"][number] | Md<"listItem">["children"][number];

/** The result of parsing a Markdown article. */
export interface ParsedMarkdown {
  frontMatter: Record<string, unknown>;
  blocks: Block[];
  /** Every image URL the author wrote, as written, wherever it sits (even where only its text is kept): publishing judges them all. */
  images: string[];
}

interface Definition {
  url: string;
  title: string | null | undefined;
}

/** Context shared while converting one document: its link reference definitions. */
interface Ctx {
  definitions: ReadonlyMap<string, Definition>;
}

/** Front matter that is not a small YAML mapping; the message is for the author (Arabic). */
export class FrontMatterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FrontMatterError";
  }
}

/** Front matter carries a few short fields; past this it is not front matter we publish. */
export const MAX_FRONT_MATTER_CHARS = 8192;
// yaml recurses once per nested flow collection, and thousands of levels exhaust the process.
const MAX_FRONT_MATTER_NESTING = 16;

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A Markdown file's YAML front matter (undefined when it has none) and the body after it. */
export function splitFrontMatter(source: string): { yaml: string | undefined; body: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { yaml: undefined, body: source };
  return { yaml: match[1] ?? "", body: source.slice(match[0].length) };
}

/**
 * Parses Markdown with optional YAML front matter into front matter and
 * blocks. Throws MarkdownLimitError for a body nested deeper than the model
 * allows, and FrontMatterError for front matter that is not a small mapping.
 */
export function parseMarkdownArticle(source: string): ParsedMarkdown {
  // Before parsing: the parser itself is slow and deep on the bodies this refuses.
  // Front matter is YAML, not Markdown; its own size limit bounds it even if micromark reads it differently.
  const { yaml, body } = splitFrontMatter(source);
  if (yaml !== undefined) checkFrontMatterSize(yaml);
  checkMarkdownLimits(body);
  const tree = fromMarkdown(source, {
    extensions: [frontmatter(["yaml"])],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"])],
  });
  checkTreeDepth(tree);

  let frontMatter: Record<string, unknown> = {};
  const definitions = new Map<string, Definition>();
  for (const node of tree.children) {
    if (node.type === "yaml") frontMatter = parseFrontMatter(node.value);
    else if (node.type === "definition" && !definitions.has(node.identifier)) {
      // CommonMark: the first definition of a label wins.
      definitions.set(node.identifier, { url: node.url, title: node.title });
    }
  }

  const ctx: Ctx = { definitions };
  const blocks: Block[] = [];
  for (const node of tree.children) blocks.push(...flowToBlocks(node, ctx));
  return { frontMatter, blocks, images: imageUrls(tree, ctx) };
}

/** The URLs of every image and resolved image reference in the tree, in document order (iterative: the tree may be deep). */
function imageUrls(tree: Root, ctx: Ctx): string[] {
  type Node = { type: string; url?: string; identifier?: string; children?: Node[] };
  const urls: string[] = [];
  const stack: Node[] = [tree as Node];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === "image" && node.url !== undefined) urls.push(node.url);
    if (node.type === "imageReference" && node.identifier !== undefined) {
      const def = ctx.definitions.get(node.identifier);
      if (def) urls.push(def.url);
    }
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return urls;
}

/** The exact check behind checkMarkdownLimits' estimate, on the parsed tree (iterative: the tree may be deep). */
function checkTreeDepth(tree: Root): void {
  type Node = { type: string; children?: Node[] };
  const stack: { node: Node; inline: number; block: number }[] = [{ node: tree as Node, inline: 0, block: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node } = entry;
    const inline = entry.inline + (INLINE_WRAPPERS.has(node.type) ? 1 : 0);
    const block = entry.block + (node.type === "blockquote" || node.type === "list" ? 1 : 0);
    if (inline > MAX_INLINE_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.inlineDepth);
    if (block > MAX_BLOCK_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.blockDepth);
    for (const child of node.children ?? []) stack.push({ node: child, inline, block });
  }
}

const INLINE_WRAPPERS = new Set(["strong", "emphasis", "delete", "link", "linkReference"]);

/** The line a YAML error points at, for the author. */
function yamlLine(error: { linePos?: readonly { line: number }[] }): string {
  const line = error.linePos?.[0]?.line;
  return line ? ` (السطر ${line} من الترويسة)` : "";
}

function checkFrontMatterSize(text: string): void {
  if (text.length > MAX_FRONT_MATTER_CHARS) {
    throw new FrontMatterError(`ترويسة المقال (front matter) أطول من ${MAX_FRONT_MATTER_CHARS} حرف`);
  }
}

function flowNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return max;
}

/** Parses YAML front matter into a plain object; throws FrontMatterError (Arabic) when it is not a small mapping. */
export function parseFrontMatter(text: string): Record<string, unknown> {
  checkFrontMatterSize(text);
  if (flowNesting(text) > MAX_FRONT_MATTER_NESTING) {
    throw new FrontMatterError(`ترويسة المقال (front matter) فيها أقواس [ ] أو { } متداخلة أعمق من ${MAX_FRONT_MATTER_NESTING} مستوًى`);
  }
  // Tagged values stay as written (`!!timestamp 0000-01-01` would become 1900): the request schema judges the text.
  const doc = parseDocument(text, { resolveKnownTags: false });
  const [first] = doc.errors;
  if (first) throw new FrontMatterError(`ترويسة المقال (front matter) ليست YAML صالحًا${yamlLine(first)}`, { cause: first });
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new FrontMatterError("ترويسة المقال (front matter) أزواج «مفتاح: قيمة»، مثل title: العنوان");
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (cause) {
    // e.g. an alias bomb over the library's alias budget.
    throw new FrontMatterError("ترويسة المقال (front matter) تتجاوز حدود YAML المسموحة (أسماء مستعارة كثيرة)", { cause });
  }
  return value as Record<string, unknown>;
}

function flowToBlocks(node: MdNode, ctx: Ctx): Block[] {
  switch (node.type) {
    case "paragraph":
      return paragraphToBlocks(node.children, ctx);
    case "heading": {
      const children = phrasingRun(node.children, ctx);
      return isBlank(children) ? [] : [{ type: "subheading", children }];
    }
    case "blockquote": {
      const paragraphs = flowToRuns(node.children, ctx);
      return paragraphs.length === 0 ? [] : [{ type: "quote", paragraphs }];
    }
    case "list": {
      const items = listToItems(node, ctx);
      return items.length === 0 ? [] : [{ type: "list", ordered: node.ordered === true, items }];
    }
    case "code": {
      const children = codeRun(node.value);
      return isBlank(children) ? [] : [{ type: "paragraph", children }];
    }
    default:
      // html (raw HTML is never published), thematicBreak, definition, yaml and
      // anything an extension might add: nothing to show in the body.
      return [];
  }
}

/**
 * A paragraph is split at its images (inline runs cannot hold one). An image
 * block's caption is the image's title or, when the image opens the paragraph,
 * the text that follows it (the usual "picture, then its caption" idiom);
 * mid-sentence, following text stays a paragraph.
 */
function paragraphToBlocks(children: readonly Phrasing[], ctx: Ctx): Block[] {
  const blocks: Block[] = [];
  let pending: Phrasing[] = [];
  let image: { src: string; alt: string; title: string | undefined; captionable: boolean } | undefined;

  const flush = (): void => {
    const run = phrasingRun(pending, ctx);
    pending = [];
    if (image) {
      const { src, alt, title, captionable } = image;
      image = undefined;
      if (title) {
        blocks.push({ type: "image", src, alt, caption: [{ type: "text", value: title }] });
      } else if (captionable && !isBlank(run)) {
        blocks.push({ type: "image", src, alt, caption: run });
        return;
      } else {
        blocks.push({ type: "image", src, alt });
      }
    }
    if (!isBlank(run)) blocks.push({ type: "paragraph", children: run });
  };

  for (const child of withoutRawText(children)) {
    const target = imageTarget(child, ctx);
    if (!target) {
      pending.push(child);
      continue;
    }
    const captionable = isBlank(phrasingRun(pending, ctx));
    flush();
    const src = safeImageUrl(target.url);
    // An unsafe image is dropped; the text after it stays an ordinary paragraph.
    if (src) image = { src, alt: target.alt, title: target.title?.trim() || undefined, captionable };
  }
  flush();
  return blocks;
}

function imageTarget(node: Phrasing, ctx: Ctx): { url: string; alt: string; title: string | null | undefined } | undefined {
  if (node.type === "image") return { url: node.url, alt: node.alt ?? "", title: node.title };
  if (node.type === "imageReference") {
    const def = ctx.definitions.get(node.identifier);
    return def ? { url: def.url, alt: node.alt ?? "", title: def.title } : undefined;
  }
  return undefined;
}

/** Flow content flattened to inline runs (used inside quotes and list items). */
function flowToRuns(nodes: readonly Flow[], ctx: Ctx): Inline[][] {
  const runs: Inline[][] = [];
  const add = (run: Inline[]): void => {
    if (!isBlank(run)) runs.push(run);
  };
  for (const node of nodes) {
    switch (node.type) {
      case "paragraph":
      case "heading":
        add(phrasingRun(node.children, ctx));
        break;
      case "code":
        add(codeRun(node.value));
        break;
      case "blockquote":
        runs.push(...flowToRuns(node.children, ctx));
        break;
      case "list":
        runs.push(...listToItems(node, ctx));
        break;
      default:
        break;
    }
  }
  return runs;
}

/** One run per item (its paragraphs joined by line breaks), nested lists as following items. */
function listToItems(list: Md<"list">, ctx: Ctx): Inline[][] {
  const items: Inline[][] = [];
  for (const item of list.children) {
    const own: Inline[][] = [];
    const nested: Inline[][] = [];
    for (const child of item.children) {
      if (child.type === "list") nested.push(...listToItems(child, ctx));
      else own.push(...flowToRuns([child], ctx));
    }
    const joined: Inline[] = [];
    own.forEach((run, i) => {
      if (i > 0) joined.push({ type: "break" });
      joined.push(...run);
    });
    if (!isBlank(joined)) items.push(joined);
    items.push(...nested);
  }
  return items;
}

function codeRun(value: string): Inline[] {
  const out: Inline[] = [];
  value.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (i > 0) out.push({ type: "break" });
    out.push({ type: "text", value: line });
  });
  return tidy(out, true);
}

/** Phrasing content to a tidy inline run for one block. */
function phrasingRun(nodes: readonly Phrasing[], ctx: Ctx): Inline[] {
  return tidy(phrasingToInline(nodes, ctx, false), true);
}

function phrasingToInline(nodes: readonly Phrasing[], ctx: Ctx, insideLink: boolean): Inline[] {
  const out: Inline[] = [];
  for (const node of withoutRawText(nodes)) {
    switch (node.type) {
      case "text":
      case "inlineCode":
        out.push({ type: "text", value: node.value });
        break;
      case "break":
        out.push({ type: "break" });
        break;
      case "strong":
      case "emphasis":
        out.push({ type: node.type, children: phrasingToInline(node.children, ctx, insideLink) });
        break;
      case "delete":
        out.push(...phrasingToInline(node.children, ctx, insideLink));
        break;
      case "link":
        out.push(...link(node.url, phrasingToInline(node.children, ctx, true), insideLink));
        break;
      case "linkReference": {
        const children = phrasingToInline(node.children, ctx, true);
        const def = ctx.definitions.get(node.identifier);
        out.push(...(def ? link(def.url, children, insideLink) : children));
        break;
      }
      case "image":
      case "imageReference":
        // Inline content cannot hold an image: keep its description as text.
        if (node.alt) out.push({ type: "text", value: node.alt });
        break;
      default:
        // html is dropped, never turned into text; footnotes are not part of our model.
        break;
    }
  }
  return out;
}

function link(url: string, children: Inline[], insideLink: boolean): Inline[] {
  const href = insideLink ? undefined : safeUrl(url);
  // An unsafe (or nested) link keeps its words but loses its target.
  if (href === undefined) return children;
  return isBlank(children) ? [] : [{ type: "link", href, children }];
}

const RAW_TEXT_OPEN = /^<(script|style)\b[^>]*>/i;

/**
 * Drops inline raw HTML, and with it whatever sits between an inline
 * `<script>` or `<style>` and its closing tag: code is not prose.
 */
function withoutRawText(nodes: readonly Phrasing[]): Phrasing[] {
  const out: Phrasing[] = [];
  let closing: RegExp | undefined;
  for (const node of nodes) {
    if (closing) {
      if (node.type === "html" && closing.test(node.value)) closing = undefined;
      continue;
    }
    if (node.type !== "html") {
      out.push(node);
      continue;
    }
    const open = RAW_TEXT_OPEN.exec(node.value);
    if (open?.[1] && !node.value.trimEnd().endsWith("/>")) {
      const end = new RegExp(`</${open[1]}\\s*>`, "i");
      if (!end.test(node.value)) closing = end;
    }
  }
  return out;
}

/**
 * Merges adjacent text, drops empty text and empty wrappers; at the top of a
 * block also trims surrounding whitespace and breaks.
 */
function tidy(run: readonly Inline[], top: boolean): Inline[] {
  const out: Inline[] = [];
  for (const node of run) {
    if (node.type === "text") {
      if (node.value === "") continue;
      const last = out.at(-1);
      if (last?.type === "text") out[out.length - 1] = { type: "text", value: last.value + node.value };
      else out.push(node);
    } else if (node.type === "break") {
      out.push(node);
    } else {
      const children = tidy(node.children, false);
      if (children.length > 0) out.push({ ...node, children });
    }
  }
  return top ? trimRun(out) : out;
}

function trimRun(run: Inline[]): Inline[] {
  while (run.length > 0) {
    const first = run[0];
    if (first?.type === "break") run.shift();
    else if (first?.type === "text" && first.value.trim() === "") run.shift();
    else break;
  }
  while (run.length > 0) {
    const last = run.at(-1);
    if (last?.type === "break") run.pop();
    else if (last?.type === "text" && last.value.trim() === "") run.pop();
    else break;
  }
  const first = run[0];
  if (first?.type === "text") run[0] = { type: "text", value: first.value.trimStart() };
  const lastIndex = run.length - 1;
  const last = run[lastIndex];
  if (last?.type === "text") run[lastIndex] = { type: "text", value: last.value.trimEnd() };
  return run;
}

function isBlank(run: readonly Inline[]): boolean {
  return inlineText(run).trim() === "";
}
