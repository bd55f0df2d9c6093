/**
 * The delta feed's route handler against a real SQLite store in a temporary
 * DATA_DIR: cursors from another store, byte-capped pages, conditional GETs.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/articles/route";
import { encodeCursor } from "@/lib/feed/cursor";
import { FEED_MAX_BYTES } from "@/lib/feed/feed-page";
import { publishArticle } from "@/lib/publish/publish";
import { getStore } from "@/lib/store/open-store";

interface Page {
  articles: { id: string; title: string }[];
  deleted: string[];
  cursor: string;
  hasMore: boolean;
}

const feed = (query = "", headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/articles${query}`, { headers }));

beforeEach(() => {
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "feed-route-"));
});

describe("GET /api/articles", () => {
  it("issues cursors that carry the store's identity and continue where they left off", async () => {
    const first = (await (await feed()).json()) as Page;
    expect(first.articles).toHaveLength(1); // the seed
    await publishArticle(await getStore(), { title: "مقال تجريبي 1", body: "نص تجريبي." });
    const next = (await (await feed(`?since=${first.cursor}`)).json()) as Page;
    expect(next.articles.map((a) => a.title)).toEqual(["مقال تجريبي 1"]);
  });

  it("answers a cursor from another store, or one ahead of this store, with a reset", async () => {
    const store = await getStore();
    const identity = await store.identity();
    const foreign = encodeCursor("0000000000000000000000000000abcd", 1);
    const ahead = encodeCursor(identity, (await store.currentSeq()) + 5);
    for (const cursor of [foreign, ahead]) {
      const res = await feed(`?since=${cursor}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ field: "since", reset: true });
    }
    // A cursor from before stores had an identity is honoured while its number exists here.
    const legacy = btoa("c1.1").replace(/=+$/, "");
    const res = await feed(`?since=${legacy}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Page).articles).toEqual([]);
    const legacyAhead = btoa("c1.99").replace(/=+$/, "");
    expect(await (await feed(`?since=${legacyAhead}`)).json()).toMatchObject({ reset: true });
  });

  it("answers a malformed cursor 400 without a reset", async () => {
    const res = await feed("?since=not-a-cursor");
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ field: "since" });
    expect(body.reset).toBeUndefined();
  });

  it("keeps a page within its byte budget whatever limit asks for", async () => {
    const store = await getStore();
    const paragraph = "نص تجريبي طويل لمقال تجريبي. ".repeat(800); // about 40 KB
    for (let n = 0; n < 60; n++) await publishArticle(store, { title: `مقال تجريبي كبير ${n}`, body: paragraph });
    let cursor: string | undefined;
    let pages = 0;
    let seen = 0;
    let largest = 0;
    for (;;) {
      const res = await feed(`?limit=500${cursor ? `&since=${cursor}` : ""}`);
      const text = await res.text();
      largest = Math.max(largest, Buffer.byteLength(text));
      const page = JSON.parse(text) as Page;
      seen += page.articles.length;
      pages++;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toBe(61);
    expect(pages).toBeGreaterThan(1);
    expect(largest).toBeLessThan(FEED_MAX_BYTES + 100_000);
  });

  it("answers 304 to a matching, weak or wildcard If-None-Match", async () => {
    const res = await feed();
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"feed-/);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*", ` W/${etag} `]) {
      expect((await feed("", { "If-None-Match": header })).status, header).toBe(304);
    }
    expect((await feed("", { "If-None-Match": '"other"' })).status).toBe(200);
    await publishArticle(await getStore(), { title: "مقال تجريبي 2", body: "نص تجريبي." });
    expect((await feed("", { "If-None-Match": etag })).status).toBe(200);
  });
});
