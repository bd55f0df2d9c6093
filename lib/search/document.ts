/**
 * What search reads of an article: the headline, then the summary and body as
 * plain text, part by part. Pure: imports nothing from Node or the DOM.
 */
import { inlineText } from "@/lib/article/model";
import type { Article, Block } from "@/lib/article/model";

/** An article as the index sees it. */
export interface SearchDocument {
  id: string;
  title: string;
  /** Plain text of the summary and of each block with text, in reading order. */
  parts: string[];
  /** ISO 8601 instant. */
  publishedAt: string;
  /** The article revision; a re-sync of the revision already indexed is skipped. */
  revision: number;
}

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
    case "subheading":
      return inlineText(block.children);
    case "quote":
      return block.paragraphs.map(inlineText).join("\n");
    case "list":
      return block.items.map(inlineText).join("\n");
    case "image":
      // The caption is read on the page; alt text is not, and a hit in it
      // would show a snippet the reader cannot find in the article.
      return block.caption ? inlineText(block.caption) : "";
  }
}

/** The document the index holds for an article. */
export function searchableDocument(article: Article): SearchDocument {
  return {
    id: article.id,
    title: article.title,
    parts: [article.summary ?? "", ...article.blocks.map(blockText)].filter((part) => part.trim() !== ""),
    publishedAt: article.publishedAt,
    revision: article.revision,
  };
}

/** The text snippets are cut from: every part, one per line. */
export function snippetText(doc: Pick<SearchDocument, "parts">): string {
  return doc.parts.join("\n");
}
