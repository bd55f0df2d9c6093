// The ArticleStore contract, run against both stores: SQLite in a temporary
// DATA_DIR and PostgreSQL in a throwaway database on a real server.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Block } from "@/lib/article/model";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import type { ArticleStore } from "./article-store";
import { SlugTakenError } from "./article-store";
import { authorKey } from "@/lib/article/model";
import Database from "better-sqlite3";
import { migrations } from "./migrations";
import { pgMigrations } from "./pg-migrations";
import { openPgStore } from "./pg-store";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

/** Where a store lives, so a test can open it again or open another one. */
interface Place {
  open(): Promise<ArticleStore>;
}

interface Kind {
  name: string;
  place(): Promise<Place>;
  /** A store left at the schema before the last migration, with `fill` (SQL both dialects take) run in it. */
  previous(fill: string): Promise<Place>;
}

let databases: TestDatabase[] = [];
let stores: ArticleStore[] = [];
/** One database serves the first store of every test, emptied in between: making a database costs more than the test. */
let shared: TestDatabase | undefined;
let sharedInUse = false;

const kinds: Kind[] = [
  {
    name: "sqlite",
    place: async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "store-contract-"));
      return { open: async () => openSqliteStore(dir) };
    },
    previous: async (fill) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "store-contract-"));
      const db = new Database(path.join(dir, DATABASE_FILE));
      for (const step of migrations.slice(0, -1)) db.exec(step);
      db.pragma(`user_version = ${migrations.length - 1}`);
      db.exec(fill);
      db.close();
      return { open: async () => openSqliteStore(dir) };
    },
  },
  {
    name: "postgres",
    place: async () => {
      if (!sharedInUse) {
        sharedInUse = true;
        if (!shared) {
          shared = await createTestDatabase("contract");
          await (await openPgStore(shared.url, { maxConnections: 1 })).close();
        } else {
          await shared.sql(`TRUNCATE articles, article_authors, push_subscriptions, push_announcements, scheduled_articles;
            ALTER SEQUENCE article_change_seq RESTART;
            UPDATE store_meta SET value = replace(gen_random_uuid()::text, '-', '') WHERE key = 'identity';
            DELETE FROM store_meta WHERE key <> 'identity';`);
        }
        const url = shared.url;
        return { open: () => openPgStore(url, { maxConnections: 3 }) };
      }
      // A second store in one test (another identity) gets a database of its own.
      const db = await createTestDatabase("contract");
      databases.push(db);
      return { open: () => openPgStore(db.url, { maxConnections: 3 }) };
    },
    previous: async (fill) => {
      const db = await createTestDatabase("contract");
      databases.push(db);
      await db.sql("CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      for (const [i, step] of pgMigrations.slice(0, -1).entries()) {
        await db.sql(step);
        await db.sql("INSERT INTO schema_migrations (version) VALUES ($1)", [i + 1]);
      }
      await db.sql(fill);
      // The change sequence goes on from the rows written by hand, as the store's own writes keep it.
      await db.sql("SELECT setval('article_change_seq', (SELECT max(seq) FROM articles))");
      return { open: () => openPgStore(db.url, { maxConnections: 3 }) };
    },
  },
];

afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await Promise.all(databases.map((d) => d.drop()));
  stores = [];
  databases = [];
  sharedInUse = false;
});
afterAll(async () => {
  await shared?.drop();
});

const para = (text: string): Block[] => [{ type: "paragraph", children: [{ type: "text", value: text }] }];
const draft = (n: number, extra: Partial<{ section: string; publishedAt: string }> = {}) => ({
  slug: `test-${n}`,
  title: `مقال تجريبي ${n}`,
  blocks: para(`نص تجريبي ${n}`),
  publishedAt: extra.publishedAt ?? `2025-01-${String(n).padStart(2, "0")}T10:00:00+03:00`,
  ...(extra.section ? { section: extra.section } : {}),
});
const subscription = (n: number, keys = { p256dh: `p256dh-${n}`, auth: `auth-${n}` }) => ({
  endpoint: `https://push.example/send/${n}`,
  keys,
});

const MAX = 1024 * 1024;

describe.each(kinds)("$name article store", (kind) => {
  async function open(place?: Place): Promise<{ store: ArticleStore; place: Place }> {
    const where = place ?? (await kind.place());
    const store = await where.open();
    stores.push(store);
    return { store, place: where };
  }

  async function reopen(store: ArticleStore, place: Place): Promise<ArticleStore> {
    await store.close();
    stores = stores.filter((s) => s !== store);
    return (await open(place)).store;
  }

  it("reopens without re-running migrations or losing data", async () => {
    const { store, place } = await open();
    await store.create(draft(1));
    const again = await reopen(store, place);
    expect(await again.count()).toBe(1);
    expect((await again.latest(10)).map((a) => a.slug)).toEqual(["test-1"]);
  });

  it("stores an article at revision 1 with UTC timestamps and reads it back by slug and id", async () => {
    const { store } = await open();
    const a = await store.create(draft(1, { section: "سياسة" }));
    expect(a.revision).toBe(1);
    expect(a.publishedAt).toBe("2025-01-01T07:00:00.000Z");
    expect(a.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await store.getBySlug("test-1")).toEqual(a);
    expect(await store.getById(a.id)).toEqual(a);
    expect(a.section).toBe("سياسة");
    expect(a.summary).toBeUndefined();
    expect(a.blocks).toEqual(para("نص تجريبي 1"));
    expect(await store.getById("no-such-id")).toBeUndefined();
    expect(await store.getBySlug("no-such-slug")).toBeUndefined();
  });

  it("refuses a slug already in use and writes nothing", async () => {
    const { store } = await open();
    await store.create(draft(1));
    const seq = await store.currentSeq();
    await expect(store.create({ ...draft(2), slug: "test-1" })).rejects.toBeInstanceOf(SlugTakenError);
    expect(await store.count()).toBe(1);
    expect(await store.currentSeq()).toBe(seq);
    expect((await store.changesSince(0, 10, MAX)).articles.map((a) => a.slug)).toEqual(["test-1"]);
  });

  it("lists newest first, a page at a time", async () => {
    const { store } = await open();
    for (let n = 1; n <= 4; n++) await store.create(draft(n));
    expect((await store.latest(10)).map((a) => a.slug)).toEqual(["test-4", "test-3", "test-2", "test-1"]);
    expect((await store.latest(10))[0]?.lede).toBe("نص تجريبي 4");
    expect((await store.latest(2, 1)).map((a) => a.slug)).toEqual(["test-3", "test-2"]);
    expect(await store.count()).toBe(4);
  });

  it("relates same-section articles first, newest first, then the newest others; never the article itself", async () => {
    const { store } = await open();
    const a1 = await store.create(draft(1, { section: "اقتصاد" }));
    await store.create(draft(2));
    await store.create(draft(3, { section: "اقتصاد" }));
    await store.create(draft(4));
    await store.create(draft(5, { section: "رياضة" }));
    const a6 = await store.create(draft(6));
    expect((await store.related(a1, 2)).map((a) => a.slug)).toEqual(["test-3", "test-6"]);
    expect((await store.related(a1, 10)).map((a) => a.slug)).toEqual(["test-3", "test-6", "test-5", "test-4", "test-2"]);
    // Without a section, simply the newest others.
    expect((await store.related(a6, 3)).map((a) => a.slug)).toEqual(["test-5", "test-4", "test-3"]);
  });

  it("lists a section's live articles newest first, a page at a time, and no other section's", async () => {
    const { store } = await open();
    await store.create(draft(1, { section: "اقتصاد" }));
    await store.create(draft(2, { section: "رياضة" }));
    const a3 = await store.create(draft(3, { section: "اقتصاد" }));
    await store.create(draft(4));
    await store.create(draft(5, { section: "اقتصاد" }));
    await store.create(draft(6, { section: "اقتصاد" }));
    await store.withdraw(a3.id);
    const slugs = (items: { slug: string }[]) => items.map((a) => a.slug);
    expect(slugs(await store.latestInSection("اقتصاد", 10))).toEqual(["test-6", "test-5", "test-1"]);
    expect(slugs(await store.latestInSection("اقتصاد", 1, 1))).toEqual(["test-5"]);
    expect((await store.latestInSection("اقتصاد", 1))[0]).toMatchObject({ section: "اقتصاد", lede: "نص تجريبي 6" });
    expect(await store.latestInSection("ثقافة", 10)).toEqual([]);
    // A name is matched whole and exactly: no prefix, no folding.
    expect(await store.latestInSection("اقتصا", 10)).toEqual([]);
  });

  it("lists the sections in use, by name, with their newest live article's time, up to a limit", async () => {
    const { store } = await open();
    expect(await store.sections(10)).toEqual([]);
    await store.create(draft(1, { section: "رياضة" }));
    await store.create(draft(2, { section: "اقتصاد" }));
    await store.create(draft(3));
    await store.create(draft(4, { section: "اقتصاد" }));
    const a5 = await store.create(draft(5, { section: "ثقافة" }));
    const a6 = await store.create(draft(6, { section: "اقتصاد" }));
    expect(await store.sections(10)).toEqual([
      { name: "اقتصاد", latestAt: "2025-01-06T07:00:00.000Z" },
      { name: "ثقافة", latestAt: "2025-01-05T07:00:00.000Z" },
      { name: "رياضة", latestAt: "2025-01-01T07:00:00.000Z" },
    ]);
    expect((await store.sections(2)).map((s) => s.name)).toEqual(["اقتصاد", "ثقافة"]);
    expect(await store.sections(0)).toEqual([]);
    // A section whose last article is withdrawn is no longer in use; withdrawing the newest moves its time back.
    await store.withdraw(a5.id);
    await store.withdraw(a6.id);
    expect(await store.sections(10)).toEqual([
      { name: "اقتصاد", latestAt: "2025-01-04T07:00:00.000Z" },
      { name: "رياضة", latestAt: "2025-01-01T07:00:00.000Z" },
    ]);
  });

  it("lists where live articles are, oldest first, a page at a time, without bodies", async () => {
    const { store } = await open();
    for (let n = 1; n <= 5; n++) await store.create(draft(n, n === 2 ? { section: "اقتصاد" } : {}));
    const gone = await store.getBySlug("test-4");
    await store.withdraw(gone!.id);
    const all = await store.locations(10);
    expect(all.map((l) => l.slug)).toEqual(["test-1", "test-2", "test-3", "test-5"]);
    expect(all[1]).toEqual({
      slug: "test-2",
      title: "مقال تجريبي 2",
      section: "اقتصاد",
      publishedAt: "2025-01-02T07:00:00.000Z",
      updatedAt: (await store.getBySlug("test-2"))!.updatedAt,
    });
    expect(all[0]).not.toHaveProperty("section");
    expect((await store.locations(2, 1)).map((l) => l.slug)).toEqual(["test-2", "test-3"]);
    expect(await store.locations(10, 4)).toEqual([]);
  });

  it("lists live articles published since an instant, newest first, up to a limit", async () => {
    const { store } = await open();
    for (let n = 1; n <= 5; n++) await store.create(draft(n));
    await store.withdraw((await store.getBySlug("test-5"))!.id);
    // The same instant written with an offset: the 3rd at 10:00 in +03:00 is 07:00 UTC, and counts.
    const since = "2025-01-03T10:00:00+03:00";
    expect((await store.publishedSince(since, 10)).map((l) => l.slug)).toEqual(["test-4", "test-3"]);
    expect((await store.publishedSince(since, 1)).map((l) => l.slug)).toEqual(["test-4"]);
    expect(await store.publishedSince("2025-02-01T00:00:00Z", 10)).toEqual([]);
  });

  it("revises with a higher revision and a new sequence number", async () => {
    const { store } = await open();
    const a = await store.create(draft(1));
    await store.create(draft(2));
    const seq = await store.currentSeq();
    const revised = await store.revise(a.id, { ...draft(1), title: "مقال تجريبي معدّل" });
    expect(revised?.revision).toBe(2);
    expect(revised?.title).toBe("مقال تجريبي معدّل");
    expect(await store.currentSeq()).toBeGreaterThan(seq);
    const page = await store.changesSince(seq, 10, MAX);
    expect(page.articles.map((x) => [x.id, x.revision])).toEqual([[a.id, 2]]);
    expect(await store.revise("no-such-id", draft(9))).toBeUndefined();
  });

  it("keeps a byline in order, lists an author's articles newest first a page at a time, and follows edits and withdrawals", async () => {
    const { store } = await open();
    const suad = "سعاد الأحمد";
    const a1 = await store.create({ ...draft(1), authors: [suad, "كاتب تجريبي"] });
    const a2 = await store.create({ ...draft(2), authors: ["كاتب تجريبي"] });
    // Another spelling of the same name (two spaces, tatweel) is the same author.
    const a3 = await store.create({ ...draft(3), authors: ["سعاد  الأحـمد"] });
    await store.create(draft(4));
    expect(a1.authors).toEqual([suad, "كاتب تجريبي"]);
    expect(await store.getBySlug("test-1")).toEqual(a1);
    expect((await store.latest(10)).find((a) => a.id === a1.id)?.authors).toEqual([suad, "كاتب تجريبي"]);
    expect((await store.latest(10)).find((a) => a.slug === "test-4")?.authors).toBeUndefined();
    const slugs = async (name: string, limit = 10, offset = 0) => (await store.byAuthor(authorKey(name), limit, offset)).map((a) => a.slug);
    expect(await slugs(suad)).toEqual(["test-3", "test-1"]);
    expect(await slugs("كاتب تجريبي")).toEqual(["test-2", "test-1"]);
    expect(await slugs(suad, 1, 1)).toEqual(["test-1"]);
    expect(await slugs("لا أحد")).toEqual([]);
    // The feed carries the byline to phones.
    expect((await store.changesSince(0, 10, MAX)).articles.find((a) => a.id === a1.id)?.authors).toEqual([suad, "كاتب تجريبي"]);

    // An edit replaces the byline, and the author pages with it.
    const revised = await store.revise(a1.id, { ...draft(1), authors: ["كاتب تجريبي"] });
    expect(revised?.authors).toEqual(["كاتب تجريبي"]);
    expect(await slugs(suad)).toEqual(["test-3"]);
    expect((await store.revise(a2.id, draft(2)))?.authors).toBeUndefined();
    expect(await slugs("كاتب تجريبي")).toEqual(["test-1"]);
    await store.withdraw(a3.id);
    expect(await slugs(suad)).toEqual([]);
  });

  it("keeps an author's page in the articles' order through edits of date and byline, a withdrawal and a section move", async () => {
    const { store } = await open();
    const suad = "سعاد الأحمد";
    const other = "كاتب تجريبي";
    const key = authorKey(suad);
    const by = (n: number, authors: string[], publishedAt: string, section?: string) => ({
      ...draft(n, { publishedAt, ...(section ? { section } : {}) }),
      authors,
    });
    const a1 = await store.create(by(1, [suad], "2025-02-01T10:00:00Z", "سياسة"));
    const a2 = await store.create(by(2, [suad, other], "2025-02-02T10:00:00Z"));
    const a3 = await store.create(by(3, [suad], "2025-02-03T10:00:00Z"));
    // Same time as test-2: the later write sorts first.
    const a4 = await store.create(by(4, [other, suad], "2025-02-02T10:00:00Z"));
    const page = async (limit = 10, offset = 0) => (await store.byAuthor(key, limit, offset)).map((a) => a.slug);
    /** What the page must show: the author's live articles in the home page's order. */
    const expected = async () =>
      (await store.latest(100)).filter((a) => (a.authors ?? []).some((name) => authorKey(name) === key)).map((a) => a.slug);
    expect(await page()).toEqual(["test-3", "test-4", "test-2", "test-1"]);
    expect(await page()).toEqual(await expected());

    // An edit moving the date carries the article to its new place, and shows its new fields.
    await store.revise(a1.id, { ...by(1, [suad], "2025-02-05T10:00:00Z", "اقتصاد"), title: "مقال تجريبي معدّل" });
    expect(await page()).toEqual(["test-1", "test-3", "test-4", "test-2"]);
    expect((await store.byAuthor(key, 1))[0]).toEqual((await store.latest(1))[0]);
    expect((await store.byAuthor(key, 1))[0]).toMatchObject({ title: "مقال تجريبي معدّل", section: "اقتصاد", revision: 2 });
    // An edit keeping the date takes a later sequence number: it sorts before its equal.
    await store.revise(a2.id, by(2, [suad, other], "2025-02-02T10:00:00Z"));
    expect(await page()).toEqual(["test-1", "test-3", "test-2", "test-4"]);
    expect(await page(2, 2)).toEqual(["test-2", "test-4"]);
    expect(await page()).toEqual(await expected());

    // A byline edit takes the article off one author's page and onto another's, in order.
    await store.revise(a3.id, by(3, [other], "2025-02-03T10:00:00Z"));
    expect(await page()).toEqual(["test-1", "test-2", "test-4"]);
    expect((await store.byAuthor(authorKey(other), 10)).map((a) => a.slug)).toEqual(["test-3", "test-2", "test-4"]);
    await store.revise(a3.id, by(3, [other, suad], "2025-01-01T10:00:00Z"));
    expect(await page()).toEqual(["test-1", "test-2", "test-4", "test-3"]);

    // A withdrawal leaves every page of its authors at once; an edit cannot bring it back.
    expect(await store.withdraw(a4.id)).toBe(true);
    expect(await page()).toEqual(["test-1", "test-2", "test-3"]);
    expect((await store.byAuthor(authorKey(other), 10)).map((a) => a.slug)).toEqual(["test-2", "test-3"]);
    expect(await store.revise(a4.id, by(4, [suad], "2025-03-01T10:00:00Z"))).toBeUndefined();
    expect(await page()).toEqual(["test-1", "test-2", "test-3"]);
    expect(await page(1, 2)).toEqual(["test-3"]);
    expect(await page(10, 3)).toEqual([]);
    expect(await page()).toEqual(await expected());
  });

  it("lists an author's articles written before the author index, in order and live only, after migrating", async () => {
    const row = (n: number, publishedAt: string, seq: number, authors: string[], withdrawn = false) =>
      `('old-${n}', 'old-${n}', 'مقال تجريبي قديم ${n}', '${JSON.stringify(para(`نص تجريبي ${n}`))}', 'نص تجريبي', '${publishedAt}',
        '${publishedAt}', 1, ${seq}, ${withdrawn ? `'${publishedAt}'` : "NULL"}, '${JSON.stringify(authors)}')`;
    const suad = "سعاد الأحمد";
    const other = "كاتب تجريبي";
    const byline = (n: number, authors: string[]) =>
      authors.map((name, position) => `('${authorKey(name)}', 'old-${n}', '${name}', ${position})`).join(", ");
    const place = await kind.previous(`
      INSERT INTO articles (id, slug, title, blocks, lede, published_at, updated_at, revision, seq, withdrawn_at, authors) VALUES
        ${row(1, "2025-01-01T10:00:00.000Z", 1, [suad])},
        ${row(2, "2025-01-03T10:00:00.000Z", 2, [suad, other])},
        ${row(3, "2025-01-04T10:00:00.000Z", 3, [suad], true)},
        ${row(4, "2025-01-03T10:00:00.000Z", 4, [other, suad])};
      INSERT INTO article_authors (author_key, article_id, name, position) VALUES
        ${byline(1, [suad])}, ${byline(2, [suad, other])}, ${byline(3, [suad])}, ${byline(4, [other, suad])};`);
    const { store } = await open(place);
    const slugs = async (name: string, limit = 10, offset = 0) => (await store.byAuthor(authorKey(name), limit, offset)).map((a) => a.slug);
    expect(await slugs(suad)).toEqual(["old-4", "old-2", "old-1"]);
    expect(await slugs(other)).toEqual(["old-4", "old-2"]);
    expect(await slugs(suad, 2, 1)).toEqual(["old-2", "old-1"]);
    // The migrated rows follow later writes like new ones.
    const fresh = await store.create({ ...draft(5, { publishedAt: "2025-01-02T10:00:00Z" }), authors: [suad] });
    await store.revise("old-1", { ...draft(1, { publishedAt: "2025-01-05T10:00:00Z" }), authors: [suad] });
    await store.withdraw("old-2");
    expect(await slugs(suad)).toEqual(["old-1", "old-4", fresh.slug]);
    expect(await slugs(other)).toEqual(["old-4"]);
  });

  it("adds a correction with the edit's time, keeps earlier ones on later edits, and sends them through the feed", async () => {
    const { store } = await open();
    const a = await store.create(draft(1));
    expect(a.corrections).toBeUndefined();
    const first = await store.revise(a.id, { ...draft(1), correction: "صُحّح اسم المدينة" });
    expect(first?.corrections).toEqual([{ note: "صُحّح اسم المدينة", at: first?.updatedAt }]);
    const plain = await store.revise(a.id, { ...draft(1), title: "مقال تجريبي معدّل" });
    expect(plain?.corrections).toEqual(first?.corrections);
    const second = await store.revise(a.id, { ...draft(1), correction: "صُحّح التاريخ" });
    expect(second?.corrections).toEqual([
      { note: "صُحّح اسم المدينة", at: first?.updatedAt },
      { note: "صُحّح التاريخ", at: second?.updatedAt },
    ]);
    expect(await store.getBySlug("test-1")).toEqual(second);
    const page = await store.changesSince(0, 10, MAX);
    expect(page.articles.map((x) => x.corrections)).toEqual([second?.corrections]);
    // Lists show no corrections; the article page does.
    expect((await store.latest(10))[0]).not.toHaveProperty("corrections");
    expect(await store.revise("no-such-id", { ...draft(9), correction: "تصحيح تجريبي" })).toBeUndefined();
  });

  it("withdraws into a tombstone: gone from lists, reported once in the feed, slug kept", async () => {
    const { store } = await open();
    const a = await store.create(draft(1));
    expect(await store.withdraw(a.id)).toBe(true);
    expect(await store.withdraw(a.id)).toBe(false);
    expect(await store.revise(a.id, draft(1))).toBeUndefined();
    expect(await store.getBySlug("test-1")).toBeUndefined();
    expect(await store.getById(a.id)).toBeUndefined();
    expect(await store.count()).toBe(0);
    expect(await store.latest(10)).toEqual([]);
    expect(await store.slugExists("test-1")).toBe(true);
    expect(await store.isWithdrawnSlug("test-1")).toBe(true);
    const page = await store.changesSince(0, 10, MAX);
    expect(page).toEqual({ articles: [], deleted: [a.id], lastSeq: await store.currentSeq(), hasMore: false });
  });

  it("tells withdrawn slugs from live and unknown ones", async () => {
    const { store } = await open();
    const live = await store.create(draft(1));
    const gone = await store.create(draft(2));
    await store.withdraw(gone.id);
    expect(await store.isWithdrawnSlug(gone.slug)).toBe(true);
    expect(await store.isWithdrawnSlug(live.slug)).toBe(false);
    expect(await store.isWithdrawnSlug("never-published")).toBe(false);
    expect(await store.slugExists("never-published")).toBe(false);
  });

  it("pages the change feed in sequence order with a cursor to continue from", async () => {
    const { store } = await open();
    for (let n = 1; n <= 5; n++) await store.create(draft(n));
    const first = await store.changesSince(0, 2, MAX);
    expect(first.articles.map((a) => a.slug)).toEqual(["test-1", "test-2"]);
    expect(first.hasMore).toBe(true);
    const second = await store.changesSince(first.lastSeq, 2, MAX);
    expect(second.articles.map((a) => a.slug)).toEqual(["test-3", "test-4"]);
    const last = await store.changesSince(second.lastSeq, 2, MAX);
    expect(last.articles.map((a) => a.slug)).toEqual(["test-5"]);
    expect(last.hasMore).toBe(false);
    expect(last.lastSeq).toBe(await store.currentSeq());
    expect(await store.changesSince(last.lastSeq, 2, MAX)).toEqual({ articles: [], deleted: [], lastSeq: last.lastSeq, hasMore: false });
  });

  it("pages past more rows than one round trip reads, in order", async () => {
    const { store } = await open();
    for (let n = 1; n <= 40; n++) await store.create({ ...draft(n), slug: `many-${n}`, publishedAt: "2025-02-01T10:00:00Z" });
    const page = await store.changesSince(0, 35, MAX);
    expect(page.articles.map((a) => a.slug)).toEqual(Array.from({ length: 35 }, (_, i) => `many-${i + 1}`));
    expect(page.hasMore).toBe(true);
    const rest = await store.changesSince(page.lastSeq, 35, MAX);
    expect(rest.articles.map((a) => a.slug)).toEqual(Array.from({ length: 5 }, (_, i) => `many-${i + 36}`));
    expect(rest.hasMore).toBe(false);
  });

  it("stops a page at its byte budget, always with at least one article, and goes on from there", async () => {
    const { store } = await open();
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
    const { store, place } = await open();
    const identity = await store.identity();
    expect(identity).toMatch(/^[0-9a-f]{32}$/);
    expect(await (await reopen(store, place)).identity()).toBe(identity);
    expect(await (await open()).store.identity()).not.toBe(identity);
  });

  it("keeps the first value of a setting: for every process on the store, at once or later, and across reopening", async () => {
    const { store, place } = await open();
    const other = (await open(place)).store;
    // Both ask at once, each with its own value: one value wins, for both.
    const [a, b] = await Promise.all([store.keepSetting("test-key", "from-a"), other.keepSetting("test-key", "from-b")]);
    expect(["from-a", "from-b"]).toContain(a);
    expect(b).toBe(a);
    expect(await other.keepSetting("test-key", "later")).toBe(a);
    expect(await (await reopen(store, place)).keepSetting("test-key", "after-reopen")).toBe(a);
    expect(await other.keepSetting("another-key", "مقال تجريبي")).toBe("مقال تجريبي");
    expect(await other.identity()).toMatch(/^[0-9a-f]{32}$/);
    expect(await other.currentSeq()).toBe(0);
  });

  it("stores, lists oldest first and upserts subscriptions by endpoint without touching the change sequence", async () => {
    const { store } = await open();
    await store.saveSubscription(subscription(1));
    await store.saveSubscription(subscription(2));
    await store.saveSubscription(subscription(1, { p256dh: "rotated", auth: "rotated-auth" }));
    expect(await store.listSubscriptions()).toEqual([subscription(1, { p256dh: "rotated", auth: "rotated-auth" }), subscription(2)]);
    expect(await store.currentSeq()).toBe(0);
  });

  it("counts subscriptions once per endpoint and removes by endpoint, reporting whether there was one", async () => {
    const { store, place } = await open();
    expect(await store.countSubscriptions()).toBe(0);
    await store.saveSubscription(subscription(1));
    await store.saveSubscription(subscription(2));
    await store.saveSubscription({ ...subscription(2), keys: { p256dh: "rotated", auth: "rotated" } });
    expect(await store.countSubscriptions()).toBe(2);
    expect(await store.removeSubscription(subscription(1).endpoint)).toBe(true);
    expect(await store.removeSubscription(subscription(1).endpoint)).toBe(false);
    expect(await store.countSubscriptions()).toBe(1);
    expect(await (await reopen(store, place)).listSubscriptions()).toEqual([
      { ...subscription(2), keys: { p256dh: "rotated", auth: "rotated" } },
    ]);
  });

  it("reads subscriptions a page at a time in endpoint order, between cursors, or by endpoint", async () => {
    const { store } = await open();
    // Saved out of order; read in byte order of the endpoint (digits before letters, upper case before lower).
    for (const n of [5, 1, 4, 2, 3]) await store.saveSubscription(subscription(n));
    await store.saveSubscription({ ...subscription(0), endpoint: "https://push.example/send/Z" });
    const endpoints = (subs: { endpoint: string }[]) => subs.map((x) => x.endpoint.split("/").at(-1));
    expect(endpoints(await store.subscriptionsAfter(undefined, 3))).toEqual(["1", "2", "3"]);
    expect(endpoints(await store.subscriptionsAfter(subscription(3).endpoint, 3))).toEqual(["4", "5", "Z"]);
    expect(endpoints(await store.subscriptionsAfter(subscription(1).endpoint, 10, subscription(4).endpoint))).toEqual(["2", "3", "4"]);
    expect(await store.subscriptionsAfter("https://push.example/send/Z", 10)).toEqual([]);
    expect(await store.subscriptionsAfter(undefined, 1)).toEqual([subscription(1)]);
    expect(endpoints(await store.subscriptionsByEndpoint([subscription(4).endpoint, "https://push.example/gone", subscription(2).endpoint]))).toEqual(["2", "4"]);
    expect(await store.subscriptionsByEndpoint([])).toEqual([]);
  });

  it("records a publish's announcement in its own transaction, only when asked, and tracks it through the queue", async () => {
    const { store } = await open();
    const announced = await store.create(draft(1), { announce: true });
    await store.create(draft(2));
    await expect(store.create({ ...draft(3), slug: "test-1" }, { announce: true })).rejects.toBeInstanceOf(SlugTakenError);
    const pending = await store.pendingAnnouncements(10);
    expect(pending).toEqual([{ id: expect.any(String), articleId: announced.id, createdAt: announced.updatedAt, planned: false }]);
    const id = pending[0]!.id;

    expect(await store.countPendingAnnouncements()).toBe(1);
    await store.markAnnouncementQueued(id);
    expect(await store.pendingAnnouncements(10)).toEqual([]);
    expect(await store.countPendingAnnouncements()).toBe(0);
    await store.recordAnnouncementPlan(id, "https://push.example/send/2", false);
    expect(await store.getAnnouncement(id)).toMatchObject({ plannedThrough: "https://push.example/send/2", planned: false });
    await store.recordAnnouncementPlan(id, "https://push.example/send/9", true);
    expect(await store.getAnnouncement(id)).toEqual({
      id,
      articleId: announced.id,
      createdAt: announced.updatedAt,
      plannedThrough: "https://push.example/send/9",
      planned: true,
    });
    expect(await store.getAnnouncement("no-such-announcement")).toBeUndefined();
  });

  it("names the pictures live and lately withdrawn articles use, each once, wherever in the body", async () => {
    const { store } = await open();
    const id = (n: number) => String(n).repeat(32).slice(0, 32).replace(/[^0-9a-f]/g, "a");
    const picture = (n: number): Block => ({ type: "image", src: `/media/${id(n)}`, alt: "صورة تجريبية", width: 640, height: 480 });
    const withPictures = (n: number, blocks: Block[]) => ({ ...draft(n), blocks: [...blocks, ...para(`نص تجريبي ${n}`)] });
    expect(await store.mediaInUse("2000-01-01T00:00:00Z")).toEqual([]);

    await store.create(withPictures(1, [picture(1), picture(2), picture(1)]));
    const edited = await store.create(withPictures(2, [picture(3)]));
    await store.revise(edited.id, withPictures(2, [picture(4)]));
    // A link to a picture counts as a use too: its URL must keep answering.
    await store.create(withPictures(3, [{ type: "paragraph", children: [{ type: "link", href: `/media/${id(5)}/640.jpg`, children: [{ type: "text", value: "الصورة" }] }] }]));
    await store.create(draft(4));
    const gone = await store.create(withPictures(5, [picture(6), picture(2)]));
    expect((await store.mediaInUse("2000-01-01T00:00:00Z")).sort()).toEqual([id(1), id(2), id(4), id(5), id(6)].sort());

    const before = new Date(Date.now() - 60_000).toISOString();
    await store.withdraw(gone.id);
    // Withdrawn since the cutoff: kept in use; withdrawn before it: its own pictures are free, shared ones stay.
    expect((await store.mediaInUse(before)).sort()).toEqual([id(1), id(2), id(4), id(5), id(6)].sort());
    const after = new Date(Date.now() + 60_000).toISOString();
    expect((await store.mediaInUse(after)).sort()).toEqual([id(1), id(2), id(4), id(5)].sort());
  });

  describe("scheduled articles", () => {
    const at = (iso: string) => new Date(iso);
    const soon = (n: number, publishedAt: string) => ({ ...draft(n), slug: `soon-${n}`, publishedAt });

    it("keeps a scheduled article out of every page, list and feed, with its slug reserved, across a restart", async () => {
      const { store, place } = await open();
      await store.create(draft(1));
      const seq = await store.currentSeq();
      const s = await store.schedule(soon(2, "2031-05-01T09:00:00+03:00"), { announce: true });
      expect(s).toMatchObject({ slug: "soon-2", publishedAt: "2031-05-01T06:00:00.000Z", revision: 1 });
      expect(await store.getBySlug("soon-2")).toBeUndefined();
      expect(await store.getById(s.id)).toBeUndefined();
      expect((await store.latest(10)).map((a) => a.slug)).toEqual(["test-1"]);
      expect(await store.count()).toBe(1);
      expect(await store.currentSeq()).toBe(seq);
      expect((await store.changesSince(0, 10, MAX)).articles.map((a) => a.slug)).toEqual(["test-1"]);
      expect(await store.pendingAnnouncements(10)).toEqual([]);
      expect(await store.isWithdrawnSlug("soon-2")).toBe(false);
      // The slug is taken both ways: a live article cannot have it, nor another scheduled one.
      expect(await store.slugExists("soon-2")).toBe(true);
      await expect(store.create({ ...draft(3), slug: "soon-2" })).rejects.toBeInstanceOf(SlugTakenError);
      await expect(store.schedule({ ...soon(3, "2031-06-01T09:00:00Z"), slug: "soon-2" })).rejects.toBeInstanceOf(SlugTakenError);
      await expect(store.schedule({ ...soon(3, "2031-06-01T09:00:00Z"), slug: "test-1" })).rejects.toBeInstanceOf(SlugTakenError);
      const again = await reopen(store, place);
      expect(await again.getScheduled(s.id)).toEqual(s);
      expect(await again.listScheduled()).toEqual([s]);
      expect(await again.nextScheduledAt()).toBe("2031-05-01T06:00:00.000Z");
      expect(await again.releaseDue(at("2031-05-01T05:59:59.999Z"))).toEqual([]);
      expect(await again.currentSeq()).toBe(seq);
    });

    it("releases what is due, in time order, each with the next change number and its announcement", async () => {
      const { store } = await open();
      await store.create(draft(1));
      const cursor = await store.currentSeq();
      const late = await store.schedule(soon(3, "2031-05-01T10:00:00Z"), { announce: true });
      const early = await store.schedule(soon(2, "2031-05-01T09:00:00Z"), { announce: true });
      const quiet = await store.schedule(soon(4, "2031-05-01T09:30:00Z"));
      const later = await store.schedule(soon(5, "2031-05-02T09:00:00Z"), { announce: true });
      const released = await store.releaseDue(at("2031-05-01T10:00:00Z"));
      expect(released.map((a) => a.id)).toEqual([early.id, quiet.id, late.id]);
      expect(released[0]).toMatchObject({ id: early.id, slug: "soon-2", title: early.title, publishedAt: "2031-05-01T09:00:00.000Z", revision: 1 });
      expect(await store.getBySlug("soon-2")).toEqual(released[0]);
      // A phone whose cursor passed before the release still gets them: their numbers come after it.
      const page = await store.changesSince(cursor, 10, MAX);
      expect(page.articles.map((a) => a.slug)).toEqual(["soon-2", "soon-4", "soon-3"]);
      expect(page.lastSeq).toBe(cursor + 3);
      expect((await store.pendingAnnouncements(10)).map((a) => a.articleId).sort()).toEqual([early.id, late.id].sort());
      expect(await store.listScheduled()).toEqual([later]);
      expect(await store.getScheduled(early.id)).toBeUndefined();
      expect(await store.releaseDue(at("2031-05-01T10:00:00Z"))).toEqual([]);
      expect(await store.nextScheduledAt()).toBe("2031-05-02T09:00:00.000Z");
    });

    it("edits and cancels a scheduled article; neither touches the feed, and cancelling frees the slug", async () => {
      const { store } = await open();
      const s = await store.schedule(soon(1, "2031-05-01T09:00:00Z"), { announce: true });
      const edited = await store.reviseScheduled(s.id, { ...soon(1, "2031-05-03T09:00:00Z"), title: "مقال تجريبي معدّل", urgent: true });
      expect(edited).toMatchObject({ id: s.id, slug: "soon-1", title: "مقال تجريبي معدّل", publishedAt: "2031-05-03T09:00:00.000Z", urgent: true, revision: 1 });
      expect(await store.releaseDue(at("2031-05-02T00:00:00Z"))).toEqual([]);
      expect(await store.currentSeq()).toBe(0);
      expect(await store.reviseScheduled("no-such-id", soon(1, "2031-05-03T09:00:00Z"))).toBeUndefined();
      const other = await store.schedule(soon(2, "2031-05-01T09:00:00Z"));
      expect(await store.cancelScheduled(other.id)).toBe(true);
      expect(await store.cancelScheduled(other.id)).toBe(false);
      expect(await store.slugExists("soon-2")).toBe(false);
      expect((await store.create({ ...draft(2), slug: "soon-2" })).slug).toBe("soon-2");
      const [released] = await store.releaseDue(at("2031-05-03T09:00:00Z"));
      expect(released).toMatchObject({ id: s.id, title: "مقال تجريبي معدّل", urgent: true });
      // Released, it is a live article: the scheduled methods no longer find it.
      expect(await store.reviseScheduled(s.id, soon(1, "2031-05-04T09:00:00Z"))).toBeUndefined();
      expect(await store.cancelScheduled(s.id)).toBe(false);
    });

    it("keeps a scheduled article's byline and pictures: in use while it waits, on its author's page once released", async () => {
      const { store } = await open();
      const picture = "ab".repeat(16);
      const s = await store.schedule({
        ...soon(1, "2031-05-01T09:00:00Z"),
        authors: ["سعاد الأحمد"],
        blocks: [{ type: "image", src: `/media/${picture}`, alt: "صورة تجريبية", width: 640, height: 480 }, ...para("نص تجريبي")],
      });
      expect(s.authors).toEqual(["سعاد الأحمد"]);
      // The media collection must not take a picture an article waiting for its time will show.
      expect(await store.mediaInUse("2000-01-01T00:00:00Z")).toEqual([picture]);
      expect(await store.byAuthor(authorKey("سعاد الأحمد"), 10)).toEqual([]);
      const edited = await store.reviseScheduled(s.id, { ...soon(1, "2031-05-01T09:00:00Z"), authors: ["سعاد الأحمد", "كاتب تجريبي"] });
      expect(edited?.authors).toEqual(["سعاد الأحمد", "كاتب تجريبي"]);
      const [released] = await store.releaseDue(at("2031-05-01T09:00:00Z"));
      expect(released?.authors).toEqual(["سعاد الأحمد", "كاتب تجريبي"]);
      expect((await store.byAuthor(authorKey("كاتب تجريبي"), 10)).map((a) => a.id)).toEqual([s.id]);
    });

    it("puts a released article on its author's page in its place by date, before an equal one written earlier", async () => {
      const { store } = await open();
      const suad = "سعاد الأحمد";
      await store.create({ ...draft(1, { publishedAt: "2031-04-30T09:00:00Z" }), authors: [suad] });
      await store.create({ ...draft(2, { publishedAt: "2031-05-02T09:00:00Z" }), authors: [suad] });
      await store.create({ ...draft(3, { publishedAt: "2031-05-01T09:00:00Z" }), authors: [suad] });
      await store.schedule({ ...soon(1, "2031-05-01T09:00:00Z"), authors: ["كاتب تجريبي", suad] });
      const slugs = async (limit = 10, offset = 0) => (await store.byAuthor(authorKey(suad), limit, offset)).map((a) => a.slug);
      expect(await slugs()).toEqual(["test-2", "test-3", "test-1"]);
      expect(await store.releaseDue(at("2031-05-01T09:00:00Z"))).toHaveLength(1);
      expect(await slugs()).toEqual(["test-2", "soon-1", "test-3", "test-1"]);
      expect(await slugs(2, 1)).toEqual(["soon-1", "test-3"]);
      expect((await store.byAuthor(authorKey("كاتب تجريبي"), 10)).map((a) => a.slug)).toEqual(["soon-1"]);
    });

    it("releases each article exactly once when two stores on one database release at once", async () => {
      const { store, place } = await open();
      const other = (await open(place)).store;
      const ids: string[] = [];
      for (let n = 1; n <= 6; n++) ids.push((await store.schedule(soon(n, `2031-05-01T09:0${n}:00Z`), { announce: true })).id);
      const now = at("2031-05-01T10:00:00Z");
      const results = await Promise.all([store.releaseDue(now), other.releaseDue(now), store.releaseDue(now), other.releaseDue(now)]);
      expect(results.flat().map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(await store.count()).toBe(6);
      expect(await store.currentSeq()).toBe(6);
      const announcements = await store.pendingAnnouncements(100);
      expect(announcements.map((a) => a.articleId).sort()).toEqual([...ids].sort());
      expect((await store.changesSince(0, 100, MAX)).articles.map((a) => a.slug)).toEqual(ids.map((_, i) => `soon-${i + 1}`));
    });
  });

  describe("urgent articles", () => {
    it("stores urgency, carries it through lists and the feed, and finds the newest urgent article in a window", async () => {
      const { store } = await open();
      const first = await store.create({ ...draft(1), publishedAt: "2025-03-01T08:00:00Z", urgent: true });
      await store.create({ ...draft(2), publishedAt: "2025-03-01T09:00:00Z" });
      const second = await store.create({ ...draft(3), publishedAt: "2025-03-01T07:00:00Z", urgent: true });
      expect(first.urgent).toBe(true);
      expect((await store.getById(first.id))?.urgent).toBe(true);
      expect((await store.getBySlug("test-2"))?.urgent).toBeUndefined();
      expect((await store.latest(10)).map((a) => a.urgent ?? false)).toEqual([false, true, true]);
      expect((await store.changesSince(0, 10, MAX)).articles.map((a) => a.urgent ?? false)).toEqual([true, false, true]);
      const now = new Date("2025-03-01T12:00:00Z");
      expect((await store.latestUrgent("2025-03-01T06:00:00Z", now))?.id).toBe(first.id);
      expect((await store.latestUrgent("2025-03-01T08:00:00Z", now))?.id).toBeUndefined();
      // Not before its time: a window ending earlier does not see it.
      expect((await store.latestUrgent("2025-03-01T06:00:00Z", new Date("2025-03-01T07:30:00Z")))?.id).toBe(second.id);
      // An edit can take urgency away; a withdrawn article has none.
      await store.revise(first.id, { ...draft(1), publishedAt: "2025-03-01T08:00:00Z", urgent: false });
      expect((await store.getById(first.id))?.urgent).toBeUndefined();
      expect((await store.latestUrgent("2025-03-01T06:00:00Z", now))?.id).toBe(second.id);
      await store.withdraw(second.id);
      expect(await store.latestUrgent("2025-03-01T06:00:00Z", now)).toBeUndefined();
    });
  });
});
