/** Answering GET /cards/<file>: a card with a year's immutable caching, or 404. Server only. */
import type { Article } from "@/lib/article/model";
import type { CardCache } from "./card-cache";
import { cardPath, CARD_TYPE, parseCardFile } from "./card-path";
import { articleCard, articleLook, siteLook } from "./cards";

/** The URL names the revision and the look, so its bytes never change. */
const IMMUTABLE = "public, max-age=31536000, immutable";

export interface CardSources {
  cache: CardCache;
  /** The article as readers may see it now, or undefined (unknown, withdrawn). */
  article(id: string): Promise<Pick<Article, "id" | "revision" | "title" | "publishedAt"> | undefined>;
  renderArticle(title: string): Promise<Buffer>;
  renderSite(): Promise<Buffer>;
}

function notFound(): Response {
  return new Response("البطاقة غير موجودة", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function serveCard(sources: CardSources, file: string, request: Request, now = Date.now()): Promise<Response> {
  // Checked before anything else: a name that is no card never reaches the store or the disk.
  const card = parseCardFile(file);
  if (!card) return notFound();
  let render: () => Promise<Buffer>;
  if (card.kind === "site") {
    if (card.look !== siteLook()) return notFound();
    render = () => sources.renderSite();
  } else {
    if (card.look !== articleLook()) return notFound();
    const article = await sources.article(card.id);
    // A scheduled article's headline stays unseen until its time, like its page.
    if (!article || Date.parse(article.publishedAt) > now) {
      if (!article) await sources.cache.forget(card.id).catch(() => undefined);
      return notFound();
    }
    if (card.revision < article.revision) {
      // A page cached before an edit names the old card: send it to the current one.
      return new Response(null, { status: 307, headers: { Location: cardPath(articleCard(article)), "Cache-Control": "no-store" } });
    }
    if (card.revision !== article.revision) return notFound();
    render = () => sources.renderArticle(article.title);
  }
  const etag = `"${file.slice(0, -".png".length)}"`;
  const headers = { "Content-Type": CARD_TYPE, "Cache-Control": IMMUTABLE, ETag: etag };
  if (request.headers.get("if-none-match")?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  const bytes = await sources.cache.get(file, render);
  return new Response(request.method === "HEAD" ? null : new Uint8Array(bytes), {
    headers: { ...headers, "Content-Length": String(bytes.length) },
  });
}
