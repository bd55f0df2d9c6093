/**
 * The pictures a Markdown file names by a path on the author's disk
 * (`![…](photos/a.jpg)`), and the same Markdown with those paths replaced by
 * the site's `/media/…` URLs once uploaded. The publish command uses both;
 * the server never reads a path or fetches a URL an author typed.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { frontmatter } from "micromark-extension-frontmatter";

interface Positioned {
  type: string;
  url?: string;
  alt?: string | null;
  title?: string | null;
  label?: string | null;
  identifier?: string;
  children?: Positioned[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** A path on the author's disk: no scheme, not site-rooted, not a fragment or query of this page. */
export function isLocalPath(url: string): boolean {
  const trimmed = url.trim();
  if (trimmed === "" || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return false;
  return !/^[/\\#?]/.test(trimmed);
}

function parse(source: string): Positioned {
  return fromMarkdown(source, {
    extensions: [frontmatter(["yaml"])],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"])],
  }) as Positioned;
}

function walk(tree: Positioned): Positioned[] {
  const out: Positioned[] = [];
  const stack = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    out.push(node);
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Nodes whose URL is an image's: images, and the definitions image references use. */
function imageNodes(tree: Positioned): Positioned[] {
  const nodes = walk(tree);
  const referenced = new Set(nodes.filter((n) => n.type === "imageReference").map((n) => n.identifier));
  const defined = new Set<string>();
  return nodes.filter((n) => {
    if (n.type === "image") return true;
    // CommonMark: the first definition of a label is the one used.
    if (n.type !== "definition" || n.identifier === undefined || defined.has(n.identifier)) return false;
    defined.add(n.identifier);
    return referenced.has(n.identifier);
  });
}

/** The local paths of pictures a Markdown document shows, each once, in document order. */
export function localImagePaths(source: string): string[] {
  const paths = imageNodes(parse(source))
    .map((n) => n.url ?? "")
    .filter(isLocalPath);
  return [...new Set(paths)];
}

// Any ASCII punctuation may be backslash-escaped in CommonMark: escaping all of it keeps text exactly as it reads.
const escapeText = (s: string) => s.replace(/[!-/:-@[-`{-~]/g, "\\$&");

/**
 * The document with each picture whose path `replace` maps written anew with
 * the new URL (alt text and title kept as they read); everything else as it was.
 */
export function rewriteImagePaths(source: string, replace: (path: string) => string | undefined): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const node of imageNodes(parse(source))) {
    const url = node.url === undefined || !isLocalPath(node.url) ? undefined : replace(node.url);
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (url === undefined || start === undefined || end === undefined) continue;
    const title = node.title ? ` "${escapeText(node.title)}"` : "";
    const destination = `<${url.replace(/[<>\n\\]/g, encodeURIComponent)}>`;
    const text =
      node.type === "image"
        ? `![${escapeText(node.alt ?? "")}](${destination}${title})`
        : `[${node.label ?? node.identifier ?? ""}]: ${destination}${title}`;
    edits.push({ start, end, text });
  }
  let out = source;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return out;
}
