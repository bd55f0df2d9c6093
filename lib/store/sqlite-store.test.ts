import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Block } from "@/lib/article/model";
import type { ArticleStore } from "./article-store";
import { SlugTakenError } from "./article-store";
import { migrations } from "./migrations";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

const para = (text: string): Block[] => [{ type: "paragraph", children: [{ type: "text", value: text }] }];
const draft = (n: number, extra: Partial<{ section: string; publishedAt: string }> = {}) => ({
  slug: `test-${n}`,
  title: `مقال تجريبي ${n}`,
  blocks: para(`نص تجريبي ${n}`),
  publishedAt: extra.publishedAt ?? `2025-01-0${n}T10:00:00+03:00`,
  ...(extra.section ? { section: extra.section } : {}),
});

const MAX = 1024 * 1024;

let stores: ArticleStore[] = [];
function open(dir = mkdtempSync(path.join(os.tmpdir(), "store-test-"))) {
  const store = openSqliteStore(dir);
  stores.push(store);
  return { store, dir };
}
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

describe("sqlite article store", () => {
  it("creates a file in WAL mode at the latest schema version", () => {
    const { dir } = open();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
    db.close();
  });

  it("reopens an existing file without re-running migrations or losing data", async () => {
    const { store, dir } = open();
    await store.create(draft(1));
    await store.close();
    stores = [];
    const again = open(dir).store;
    expect(await again.count()).toBe(1);
  });

  it("stores an article at revision 1 with UTC timestamps and reads it back by slug and id", async () => {
    const { store } = open();
    const a = await store.create(draft(1, { section: "سياسة" }));
    expect(a.revision).toBe(1);
    expect(a.publishedAt).toBe("2025-01-01T07:00:00.000Z");
    expect(await store.getBySlug("test-1")).toEqual(a);
    expect(await store.getById(a.id)).toEqual(a);
    expect(a.section).toBe("سياسة");
    expect(a.summary).toBeUndefined();
  });

  it("refuses a slug already in use and writes nothing", async () => {
    const { store } = open();
    await store.create(draft(1));
    const seq = await store.currentSeq();
    await expect(store.create({ ...draft(2), slug: "test-1" })).rejects.toBeInstanceOf(SlugTakenError);
    expect(await store.count()).toBe(1);
    expect(await store.currentSeq()).toBe(seq);
  });

  it("lists newest first and relates same-section articles first, never the article itself", async () => {
    const { store } = open();
    const a1 = await store.create(draft(1, { section: "اقتصاد" }));
    await store.create(draft(2));
    await store.create(draft(3, { section: "اقتصاد" }));
    await store.create(draft(4));
    expect((await store.latest(10)).map((a) => a.slug)).toEqual(["test-4", "test-3", "test-2", "test-1"]);
    expect((await store.latest(10))[0]?.lede).toBe("نص تجريبي 4");
    expect((await store.related(a1, 2)).map((a) => a.slug)).toEqual(["test-3", "test-4"]);
  });

  it("revises with a higher revision and a new sequence number", async () => {
    const { store } = open();
    const a = await store.create(draft(1));
    await store.create(draft(2));
    const revised = await store.revise(a.id, { ...draft(1), title: "مقال تجريبي معدّل" });
    expect(revised?.revision).toBe(2);
    expect(revised?.title).toBe("مقال تجريبي معدّل");
    const page = await store.changesSince(2, 10, MAX);
    expect(page.articles.map((x) => [x.id, x.revision])).toEqual([[a.id, 2]]);
    expect(await store.revise("no-such-id", draft(9))).toBeUndefined();
  });

  it("withdraws into a tombstone: gone from lists, reported once in the feed, slug kept", async () => {
    const { store } = open();
    const a = await store.create(draft(1));
    expect(await store.withdraw(a.id)).toBe(true);
    expect(await store.withdraw(a.id)).toBe(false);
    expect(await store.getBySlug("test-1")).toBeUndefined();
    expect(await store.count()).toBe(0);
    expect(await store.slugExists("test-1")).toBe(true);
    const page = await store.changesSince(0, 10, MAX);
    expect(page).toEqual({ articles: [], deleted: [a.id], lastSeq: 2, hasMore: false });
  });

  it("pages the change feed in sequence order with a cursor to continue from", async () => {
    const { store } = open();
    for (let n = 1; n <= 5; n++) await store.create(draft(n));
    const first = await store.changesSince(0, 2, MAX);
    expect(first.articles.map((a) => a.slug)).toEqual(["test-1", "test-2"]);
    expect(first.hasMore).toBe(true);
    const second = await store.changesSince(first.lastSeq, 2, MAX);
    expect(second.articles.map((a) => a.slug)).toEqual(["test-3", "test-4"]);
    const last = await store.changesSince(second.lastSeq, 2, MAX);
    expect(last.articles.map((a) => a.slug)).toEqual(["test-5"]);
    expect(last.hasMore).toBe(false);
    expect(await store.changesSince(last.lastSeq, 2, MAX)).toEqual({ articles: [], deleted: [], lastSeq: 5, hasMore: false });
  });

  it("stops a page at its byte budget, always with at least one article, and goes on from there", async () => {
    const { store } = open();
    const big = "نص طويل ".repeat(2000); // about 30 KB of UTF-8
    for (let n = 1; n <= 5; n++) await store.create({ ...draft(n), blocks: para(`${big}${n}`) });
    const budget = 40_000;
    const first = await store.changesSince(0, 500, budget);
    expect(first.articles.map((a) => a.slug)).toEqual(["test-1", "test-2"]);
    expect(first.hasMore).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(first.articles))).toBeLessThan(budget + 40_000);
    const tiny = await store.changesSince(first.lastSeq, 500, 1);
    expect(tiny.articles.map((a) => a.slug)).toEqual(["test-3"]);
    expect(tiny.hasMore).toBe(true);
    const rest = await store.changesSince(tiny.lastSeq, 500, MAX);
    expect(rest.articles.map((a) => a.slug)).toEqual(["test-4", "test-5"]);
    expect(rest.hasMore).toBe(false);
  });

  it("has an identity of its own, kept when reopened and different for another store", async () => {
    const { store, dir } = open();
    const identity = await store.identity();
    expect(identity).toMatch(/^[0-9a-f]{32}$/);
    await store.close();
    stores = stores.filter((s) => s !== store);
    expect(await open(dir).store.identity()).toBe(identity);
    expect(await open().store.identity()).not.toBe(identity);
  });
});

const subscription = (n: number, keys = { p256dh: `p256dh-${n}`, auth: `auth-${n}` }) => ({
  endpoint: `https://push.example/send/${n}`,
  keys,
});

describe("push subscriptions in the sqlite store", () => {
  it("stores, lists oldest first and upserts by endpoint without touching the change sequence", async () => {
    const { store } = open();
    await store.saveSubscription(subscription(1));
    await store.saveSubscription(subscription(2));
    await store.saveSubscription(subscription(1, { p256dh: "rotated", auth: "rotated-auth" }));
    expect(await store.listSubscriptions()).toEqual([
      subscription(1, { p256dh: "rotated", auth: "rotated-auth" }),
      subscription(2),
    ]);
    expect(await store.currentSeq()).toBe(0);
  });

  it("removes by endpoint, reporting whether there was one", async () => {
    const { store } = open();
    await store.saveSubscription(subscription(1));
    expect(await store.removeSubscription(subscription(1).endpoint)).toBe(true);
    expect(await store.removeSubscription(subscription(1).endpoint)).toBe(false);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it("keeps subscriptions across a reopen", async () => {
    const { store, dir } = open();
    await store.saveSubscription(subscription(1));
    await store.close();
    stores = [];
    expect(await open(dir).store.listSubscriptions()).toEqual([subscription(1)]);
  });

  it("migrates a schema-1 file to the latest version with its articles intact", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "store-test-"));
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec(migrations[0]!);
    db.pragma("user_version = 1");
    db.prepare(
      `INSERT INTO articles (id, slug, title, blocks, lede, published_at, updated_at, revision, seq)
       VALUES ('old-id', 'old-article', 'مقال قديم', ?, 'نص قديم', '2024-12-08T09:00:00.000Z', '2024-12-08T09:00:00.000Z', 1, 1)`,
    ).run(JSON.stringify(para("نص قديم")));
    db.close();

    const { store } = open(dir);
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(migrations.length);
    check.close();
    expect(await store.getBySlug("old-article")).toEqual({
      id: "old-id",
      slug: "old-article",
      title: "مقال قديم",
      blocks: para("نص قديم"),
      publishedAt: "2024-12-08T09:00:00.000Z",
      updatedAt: "2024-12-08T09:00:00.000Z",
      revision: 1,
    });
    expect(await store.currentSeq()).toBe(1);
    await store.saveSubscription(subscription(1));
    expect(await store.listSubscriptions()).toHaveLength(1);
  });
});
