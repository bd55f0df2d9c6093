/**
 * Test-only: articles for the search tests, and paragraphs of the seed
 * article with the words the search examples are about.
 */
import { readFileSync } from "node:fs";
import type { Article } from "@/lib/article/model";
import { ArticleIndex } from "./article-index";
import { searchArticles } from "./ranking";

const seedLines = readFileSync(new URL("../../content/seed-article.txt", import.meta.url), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "");

function seedParagraph(containing: string): string {
  const line = seedLines.find((l) => l.includes(containing));
  if (!line) throw new Error(`no seed paragraph with ${containing}`);
  return line;
}

/** The paragraph with «وتجنّب الاشتباكات» and «بالسكان». */
export const AVOID = seedParagraph("تجنّب");
/** The paragraph with «14 عاماً من الثورة». */
export const REVOLUTION = seedParagraph("14 عاماً من الثورة");
/** The paragraph with «الهارب بشار الأسد». */
export const ASSAD = seedParagraph("الهارب بشار الأسد");

export interface ArticleOptions {
  publishedAt?: string;
  revision?: number;
  summary?: string;
  section?: string;
}

/** An article with one paragraph per string. */
export function article(
  id: string,
  title: string,
  paragraphs: string[],
  { publishedAt = "2024-12-08T08:00:00Z", revision = 1, summary, section }: ArticleOptions = {},
): Article {
  return {
    id,
    slug: id,
    title,
    summary,
    section,
    blocks: paragraphs.map((value) => ({ type: "paragraph", children: [{ type: "text", value }] })),
    publishedAt,
    updatedAt: publishedAt,
    revision,
  };
}

/** The seed article, cut down to the three paragraphs above. */
export const seed = article("seed", "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق", [REVOLUTION, AVOID, ASSAD]);

/** An index of these articles. */
export function indexOf(...articles: Article[]): ArticleIndex {
  const index = new ArticleIndex();
  for (const a of articles) index.addOrReplace(a);
  return index;
}

/** The ids of the articles with every word of the query, best first (not the partial matches). */
export function ids(index: ArticleIndex, query: string): string[] {
  const { kind, hits } = searchArticles(index, query);
  return kind === "all" ? hits.map((hit) => hit.id) : [];
}
