/**
 * The phone's data layer against IndexedDB (fake-indexeddb: the same API,
 * structured cloning included), from an empty library and from every earlier
 * schema version.
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import { articleById, articleBySlug, countArticles, heldAmong, latestSummaries, latestUrgentSummary, summariesByAuthor } from "./articles";
import { closeLibrary, library } from "./connection";
import { getMeta } from "./meta";
import { lastUnfinished, positionOf, savePosition } from "./positions";
import { isSaved, savedSummaries, toggleSaved } from "./saved";
import { DB_NAME, DB_VERSION, RECORD_FORMAT, upgrades } from "./schema";
import { applyFeedPage, dropNotResynced, evictOldest, startOver } from "./sync";
import { markRead, unreadCount } from "./unread";

const article = (n: number, overrides: Partial<Article> = {}): Article => ({
  id: `id-${n}`,
  slug: `test-${n}`,
  title: `مقال تجريبي ${n}`,
  blocks: [{ type: "paragraph", children: [{ type: "text", value: `نص تجريبي ${n}` }] }],
  publishedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
  updatedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
  revision: 1,
  ...overrides,
});
const page = (articles: Article[], deleted: string[] = [], cursor = "cursor-1") => ({ articles, deleted, cursor, hasMore: false });
const normal = { firstSync: false, resync: undefined };

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(closeLibrary);

describe("the library's schema", () => {
  it.each([1, 2, 3, 4, 5])("upgrades a version-%i library to the latest with its articles, cursor and unread list kept", async (from) => {
    // A library as an older version of the app left it, made with that version's steps.
    const old = await openDB(DB_NAME, from, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < from; v++) upgrades[v]?.(db as never, tx as never);
      },
    });
    await old.put("articles", { id: "id-1", article: article(1), syncedAt: 1 });
    await old.put("meta", "old-cursor", "cursor");
    await old.put("meta", ["id-1"], "unread");
    old.close();

    const db = await library();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(["articles", "media", "meta", "positions", "saved", "search"]);
    expect([...db.transaction("articles").store.indexNames].sort()).toEqual(["by-format", "by-published", "by-section", "by-slug", "by-urgent"]);
    expect(await articleBySlug("test-1")).toEqual(article(1));
    expect((await latestSummaries(10)).items.map((a) => a.id)).toEqual(["id-1"]);
    expect(await getMeta("cursor")).toBe("old-cursor");
    expect(await unreadCount()).toBe(1);
  });

  it("writes records with a format version and reads records that have none or carry unknown fields", async () => {
    await applyFeedPage(page([article(1)]), normal);
    const db = await library();
    expect((await db.get("articles", "id-1"))?.format).toBe(RECORD_FORMAT);
    await db.put("articles", { id: "id-2", article: { ...article(2), kicker: "حقل أحدث" }, syncedAt: 1, futureField: true } as never);
    expect(await articleById("id-2")).toEqual(article(2));
  });

  it("drops a record it cannot read, and the cursor with it so the next sync brings the article again", async () => {
    await applyFeedPage(page([article(1)]), normal);
    await (await library()).put("articles", { id: "bad", article: { slug: "bad", title: 7 }, syncedAt: 1 } as never);
    expect(await articleBySlug("bad")).toBeUndefined();
    expect(await countArticles()).toBe(1);
    expect(await getMeta("cursor")).toBeUndefined();
  });

  it("reads a meta value of the wrong type as absent", async () => {
    await (await library()).put("meta", 42 as never, "cursor");
    await (await library()).put("meta", ["id-1", 5, null] as never, "unread");
    expect(await getMeta("cursor")).toBeUndefined();
    expect(await getMeta("unread")).toEqual(["id-1"]);
  });
});

describe("a sync's writes", () => {
  it("stores a page and its cursor, keeps the newer revision, and counts arrivals as unread after the first sync", async () => {
    const first = await applyFeedPage(page([article(1), article(2)], [], "c1"), { firstSync: true, resync: undefined });
    expect(first).toMatchObject({ added: 2, updated: 0, removed: 0 });
    expect(await unreadCount()).toBe(0);
    const next = await applyFeedPage(page([article(1, { revision: 3, title: "معدّل" }), article(3)], [], "c2"), normal);
    expect(next).toMatchObject({ added: 1, updated: 1, changed: ["id-1", "id-3"] });
    expect(await getMeta("cursor")).toBe("c2");
    expect(await unreadCount()).toBe(1);
    // An older revision never replaces a newer one.
    await applyFeedPage(page([article(1, { revision: 2, title: "أقدم" })], [], "c3"), normal);
    expect((await articleById("id-1"))?.title).toBe("معدّل");
    expect(await markRead("id-3")).toBe(0);
  });

  it("a withdrawal removes the article from the library and from the saved list", async () => {
    await applyFeedPage(page([article(1), article(2)]), normal);
    await toggleSaved("id-1");
    const result = await applyFeedPage(page([], ["id-1"]), normal);
    expect(result.removed).toBe(1);
    expect(await isSaved("id-1")).toBe(false);
    expect(await heldAmong(["id-1", "id-2"])).toEqual(new Set(["id-2"]));
  });

  it("gives a slug to the server's copy when a stale one holds it under another id", async () => {
    await applyFeedPage(page([article(1)]), normal);
    const replaced = article(9, { slug: "test-1", title: "القصة نفسها من مخزن جديد" });
    const result = await applyFeedPage(page([replaced]), { firstSync: false, resync: await startOver() });
    expect(result).toMatchObject({ added: 0, updated: 1, gone: ["id-1"] });
    expect((await articleBySlug("test-1"))?.id).toBe("id-9");
  });

  it("starting over keeps what the new pass brings and what the reader saved, and drops the rest", async () => {
    await applyFeedPage(page([article(1), article(2), article(3)]), normal);
    await toggleSaved("id-2");
    const since = await startOver();
    expect(await getMeta("cursor")).toBeUndefined();
    // The server's copy wins even at a lower revision (a restored backup).
    await applyFeedPage(page([article(3, { revision: 1, title: "من المخزن الجديد" })], [], "new-1"), { firstSync: false, resync: since });
    const dropped = await dropNotResynced(since);
    expect(dropped).toEqual(["id-1"]);
    expect(await heldAmong(["id-1", "id-2", "id-3"])).toEqual(new Set(["id-2", "id-3"]));
    expect((await articleById("id-3"))?.title).toBe("من المخزن الجديد");
    expect(await getMeta("resyncFrom")).toBeUndefined();
  });

  it("evicts the oldest unsaved articles past the limit, never a saved one", async () => {
    await applyFeedPage(page([1, 2, 3, 4, 5].map((n) => article(n))), normal);
    await toggleSaved("id-1");
    expect(await evictOldest(10)).toEqual([]);
    expect(await evictOldest(2)).toEqual(["id-2", "id-3"]);
    expect(await heldAmong(["id-1", "id-2", "id-3", "id-4", "id-5"])).toEqual(new Set(["id-1", "id-4", "id-5"]));
    // A limit below zero keeps no unsaved article, and a saved one still stays.
    expect(await evictOldest(-3)).toEqual(["id-4", "id-5"]);
    expect(await countArticles()).toBe(1);
  });
});

describe("reading the library", () => {
  it("lists newest first a page at a time, reading only that page", async () => {
    await applyFeedPage(page(Array.from({ length: 7 }, (_, i) => article(i + 1))), normal);
    const first = await latestSummaries(3);
    expect(first.items.map((a) => a.id)).toEqual(["id-7", "id-6", "id-5"]);
    expect(first.hasMore).toBe(true);
    const last = await latestSummaries(3, 6);
    expect(last).toMatchObject({ items: [{ id: "id-1" }], hasMore: false });
    expect((await latestSummaries(3, 60)).items).toEqual([]);
  });

  it("saved articles come most recently saved first, and positions offer the last unfinished one", async () => {
    await applyFeedPage(page([article(1), article(2)]), normal);
    await toggleSaved("id-1");
    await toggleSaved("id-2");
    expect((await savedSummaries()).map((a) => a.id)).toEqual(["id-2", "id-1"]);
    await savePosition("id-1", 0.5);
    await savePosition("id-2", 0.99);
    expect(await positionOf("id-1")).toBe(0.5);
    expect(await lastUnfinished((f) => f > 0.05 && f < 0.9)).toMatchObject({ article: { id: "id-1" }, fraction: 0.5 });
    await savePosition("id-3", 2);
    expect(await positionOf("id-3")).toBeUndefined();
  });
});

describe("an author's articles offline", () => {
  it("finds the held articles an author signed, newest first, a page at a time, by any spelling of the name", async () => {
    await applyFeedPage(
      page([
        article(1, { authors: ["سعاد الأحمد"], corrections: [{ note: "صُحّح التاريخ", at: "2025-01-05T09:00:00.000Z" }] }),
        article(2),
        article(3, { authors: ["كاتب تجريبي", "سعاد  الأحـمد"] }),
        article(4, { authors: ["كاتب تجريبي"] }),
        article(5, { authors: ["سعاد الأحمد"] }),
      ]),
      normal,
    );
    const ids = async (limit: number, offset = 0) => {
      const { items, hasMore } = await summariesByAuthor("سعاد-الأحمد", limit, offset);
      return { ids: items.map((a) => a.id), hasMore };
    };
    expect(await ids(10)).toEqual({ ids: ["id-5", "id-3", "id-1"], hasMore: false });
    expect(await ids(2)).toEqual({ ids: ["id-5", "id-3"], hasMore: true });
    expect(await ids(2, 2)).toEqual({ ids: ["id-1"], hasMore: false });
    expect((await summariesByAuthor("لا-أحد", 10)).items).toEqual([]);
    // The corrections travel with the held article, not with its summary.
    expect((await articleById("id-1"))?.corrections).toEqual([{ note: "صُحّح التاريخ", at: "2025-01-05T09:00:00.000Z" }]);
    expect((await summariesByAuthor("سعاد-الأحمد", 10)).items.at(-1)).not.toHaveProperty("corrections");
  });
});

describe("urgent articles", () => {
  it("finds the newest held urgent article in a window from its own index, and forgets one withdrawn or edited out", async () => {
    const hour = 3600_000;
    const at = (h: number) => new Date(Date.UTC(2025, 0, 10) + h * hour).toISOString();
    await applyFeedPage(
      page([
        article(1, { publishedAt: at(0), urgent: true }),
        article(2, { publishedAt: at(2) }),
        article(3, { publishedAt: at(1), urgent: true }),
        article(4, { publishedAt: at(5), urgent: true }),
      ]),
      normal,
    );
    const now = Date.parse(at(3));
    expect((await latestUrgentSummary(at(-1), now))?.id).toBe("id-3");
    // Published after `now` (a phone whose clock is behind): not yet.
    expect((await latestUrgentSummary(at(-1), Date.parse(at(6))))?.id).toBe("id-4");
    expect(await latestUrgentSummary(at(1), now)).toBeUndefined();
    await applyFeedPage(page([article(3, { publishedAt: at(1), revision: 2 })], [], "cursor-2"), normal);
    expect((await latestUrgentSummary(at(-1), now))?.id).toBe("id-1");
    await applyFeedPage(page([], ["id-1"], "cursor-3"), normal);
    expect(await latestUrgentSummary(at(-1), now)).toBeUndefined();
  });
});
