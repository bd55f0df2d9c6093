/**
 * The one article-body renderer: blocks to an HTML string. The server page and
 * the service worker's offline page both call it, so their markup cannot drift.
 */
import type { Block, Inline } from "./model";
import type { ImageOptions } from "./render-image";
import { renderFigure } from "./render-image";
import { safeUrl } from "./safe-url";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes a string for HTML text or a double-quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Renders article blocks to HTML; every string is escaped and every URL re-checked. */
export function renderBlocks(blocks: readonly Block[], options: ImageOptions = {}): string {
  const firstImage = blocks.findIndex((b) => b.type === "image");
  return blocks
    .map((block, i) => renderBlock(block, i === firstImage, options))
    .filter((html) => html !== "")
    .join("\n");
}

function renderBlock(block: Block, firstImage: boolean, options: ImageOptions): string {
  switch (block.type) {
    case "paragraph":
      return `<p>${renderInline(block.children)}</p>`;
    case "subheading":
      return `<h2>${renderInline(block.children)}</h2>`;
    case "quote":
      return `<blockquote>${block.paragraphs.map((p) => `<p>${renderInline(p)}</p>`).join("")}</blockquote>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join("")}</${tag}>`;
    }
    case "image":
      // Blocks may arrive from storage or the network: the URL is checked again there.
      return renderFigure(block, firstImage, block.caption ? renderInline(block.caption) : "", options);
    default:
      return skipUnknown(block);
  }
}

function renderInline(nodes: readonly Inline[], insideLink = false): string {
  let out = "";
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        out += escapeHtml(node.value);
        break;
      case "break":
        out += "<br>";
        break;
      case "strong":
        out += `<strong>${renderInline(node.children, insideLink)}</strong>`;
        break;
      case "emphasis":
        out += `<em>${renderInline(node.children, insideLink)}</em>`;
        break;
      case "link": {
        // Second wall: a bad href keeps its words and loses its target; a link
        // inside a link is invalid HTML, so the outer one wins.
        const href = insideLink ? undefined : safeUrl(node.href);
        const inner = renderInline(node.children, true);
        if (href === undefined) {
          out += inner;
        } else {
          // No target: the reader's browser decides where a link opens.
          const rel = /^https?:/i.test(href) ? ' rel="noopener noreferrer"' : "";
          out += `<a href="${escapeHtml(href)}"${rel}>${inner}</a>`;
        }
        break;
      }
      default:
        out += skipUnknown(node);
    }
  }
  return out;
}

/** Exhaustive at compile time; at run time an unknown node (newer data, older worker) shows nothing. */
function skipUnknown(_node: never): string {
  return "";
}
