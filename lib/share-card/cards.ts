/**
 * Which card a page names in its metadata: the URL and what og:image and
 * twitter:image say of it. Server only (the look is a SHA-256).
 */
import { createHash } from "node:crypto";
import type { Article } from "@/lib/article/model";
import { site } from "@/lib/site";
import { CARD_DESIGN, CARD_HEIGHT, CARD_TYPE, CARD_WIDTH, cardPath, type CardName } from "./card-path";

function look(...parts: string[]): string {
  return createHash("sha256").update(JSON.stringify([CARD_DESIGN, ...parts])).digest("hex").slice(0, 12);
}

/** What an article card shows besides its headline: the site's name. */
export function articleLook(): string {
  return look("article", site.name);
}

export function siteLook(): string {
  return look("site", site.name, site.description);
}

export function articleCard(article: Pick<Article, "id" | "revision">): Extract<CardName, { kind: "article" }> {
  return { kind: "article", id: article.id, revision: article.revision, look: articleLook() };
}

export function siteCard(): CardName {
  return { kind: "site", look: siteLook() };
}

export interface ShareImage {
  url: string;
  width: number;
  height: number;
  alt: string;
  type: string;
}

/** og:image for an article without a photo: its card, described by its headline. */
export function articleCardImage(article: Pick<Article, "id" | "revision" | "title">): ShareImage {
  return { url: cardPath(articleCard(article)), width: CARD_WIDTH, height: CARD_HEIGHT, alt: article.title, type: CARD_TYPE };
}

/** og:image for the home page. */
export function siteCardImage(): ShareImage {
  return { url: cardPath(siteCard()), width: CARD_WIDTH, height: CARD_HEIGHT, alt: `${site.name}: ${site.description}`, type: CARD_TYPE };
}
