import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { CardCache } from "./card-cache";
import { cardFile, CARD_HEIGHT, CARD_WIDTH } from "./card-path";
import { articleCard, siteCard } from "./cards";
import { renderArticleCard, renderSiteCard } from "./render";
import { serveCard, type CardSources } from "./serve";

let store: ArticleStore | undefined;
afterEach(async () => store?.close());

/** A real SQLite store and card cache in a fresh DATA_DIR, with the real renderer counted. */
function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cards-test-"));
  store = openSqliteStore(dir);
  const s = store;
  const root = path.join(dir, "cards");
  const counts = { renders: 0, lookups: 0 };
  const sources = (cache = new CardCache(root)): CardSources => ({
    cache,
    article: async (id) => {
      counts.lookups++;
      return s.getById(id);
    },
    renderArticle: async (title) => {
      counts.renders++;
      return renderArticleCard(title);
    },
    renderSite: async () => {
      counts.renders++;
      return renderSiteCard();
    },
  });
  return { store: s, root, counts, sources };
}

const get = (file: string, headers: Record<string, string> = {}) => new Request(`http://localhost/cards/${file}`, { headers });

async function publish(s: ArticleStore, title = "مقال تجريبي: بطاقة بلا صورة", publishedAt = "2025-01-01T09:00:00+03:00") {
  return s.create({ slug: `card-${Math.random().toString(36).slice(2, 8)}`, title, blocks: [], publishedAt });
}

describe("GET /cards/<file>", () => {
  it("draws an article's card once, however many ask at once, then reads it from disk", async () => {
    const { store, root, counts, sources } = setup();
    const article = await publish(store);
    const file = cardFile(articleCard(article));
    const cache = new CardCache(root);
    const answers = await Promise.all(Array.from({ length: 5 }, () => serveCard(sources(cache), file, get(file))));
    // Five requests, one server: one render.
    expect(counts.renders).toBe(1);
    const first = answers[0]!;
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(Number(first.headers.get("content-length"))).toBe(bytes.length);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", CARD_WIDTH, CARD_HEIGHT]);
    expect(readdirSync(path.join(root, article.id))).toEqual([file]);

    // Another process (a fresh cache over the same folder) reads the file: no render.
    const again = await serveCard(sources(), file, get(file));
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    expect(counts.renders).toBe(1);

    const etag = first.headers.get("etag")!;
    expect((await serveCard(sources(), file, get(file, { "If-None-Match": `W/${etag}` }))).status).toBe(304);
  });

  it("after an edit: draws the new revision, drops the old file, and sends the old URL to the new card", async () => {
    const { store, root, sources } = setup();
    const article = await publish(store);
    const old = cardFile(articleCard(article));
    const cache = new CardCache(root);
    expect((await serveCard(sources(cache), old, get(old))).status).toBe(200);
    const edited = (await store.revise(article.id, { title: "مقال تجريبي: عنوان معدّل", blocks: [], publishedAt: article.publishedAt }))!;
    const current = cardFile(articleCard(edited));
    expect(current).not.toBe(old);
    const moved = await serveCard(sources(cache), old, get(old));
    expect(moved.status).toBe(307);
    expect(moved.headers.get("location")).toBe(`/cards/${current}`);
    expect((await serveCard(sources(cache), current, get(current))).status).toBe(200);
    expect(readdirSync(path.join(root, article.id))).toEqual([current]);
    // A revision the article never had.
    const ahead = cardFile({ ...articleCard(edited), revision: edited.revision + 1 });
    expect((await serveCard(sources(cache), ahead, get(ahead))).status).toBe(404);
  });

  it("answers 404 for a withdrawn article and removes its card from disk", async () => {
    const { store, root, sources } = setup();
    const article = await publish(store);
    const file = cardFile(articleCard(article));
    expect((await serveCard(sources(), file, get(file))).status).toBe(200);
    await store.withdraw(article.id);
    const gone = await serveCard(sources(), file, get(file));
    expect(gone.status).toBe(404);
    expect(gone.headers.get("cache-control")).toBe("no-store");
    expect(existsSync(path.join(root, article.id))).toBe(false);
  });

  it("answers 404 for an article scheduled later, drawing nothing", async () => {
    const { store, counts, sources } = setup();
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const article = await publish(store, "مقال تجريبي: مجدول", later);
    const file = cardFile(articleCard(article));
    expect((await serveCard(sources(), file, get(file))).status).toBe(404);
    expect(counts.renders).toBe(0);
  });

  it("answers 404 for a name that is no card without touching the store or the disk", async () => {
    const { store, root, counts, sources } = setup();
    const article = await publish(store);
    const good = cardFile(articleCard(article));
    const bad = [
      "",
      "..",
      "../articles.sqlite",
      good.toUpperCase(),
      good.replace(".png", ".jpg"),
      good.replace(`-${article.revision}-`, "-0-"),
      `${article.id}-1.png`,
      `site-${"0".repeat(12)}.png/..`,
      `${good}%00`,
    ];
    for (const file of bad) expect((await serveCard(sources(), file, get("x"))).status, file).toBe(404);
    expect(counts.lookups).toBe(0);
    expect(existsSync(root)).toBe(false);
    // A well-formed name drawn with another look (another site name or design) is not ours either.
    const otherLook = cardFile({ ...articleCard(article), look: "0".repeat(12) });
    expect((await serveCard(sources(), otherLook, get(otherLook))).status).toBe(404);
    expect(counts.renders).toBe(0);
  });

  it("serves the site's card for the home page", async () => {
    const { root, counts, sources } = setup();
    const file = cardFile(siteCard());
    const res = await serveCard(sources(), file, get(file));
    expect(res.status).toBe(200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", CARD_WIDTH, CARD_HEIGHT]);
    expect(readdirSync(path.join(root, "site"))).toEqual([file]);
    expect(counts.renders).toBe(1);
  });
});
