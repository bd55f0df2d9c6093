/**
 * A library an older worker wrote (schema version 5, copies without bylines,
 * corrections or «عاجل», with an older format or none) brought up to date
 * after the upgrade: the walk of the feed (sw/library.ts refreshOutdated,
 * against a feed served by a stubbed fetch) and its writes, and the index by
 * section that version 6 adds. fake-indexeddb: the same API as a browser's.
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Article } from "@/lib/article/model";
import { refreshOutdated, syncLibrary } from "@/sw/library";
import { articleById, countArticles, latestUrgentSummary, summariesByAuthor, summariesInSection } from "./articles";
import { closeLibrary, library } from "./connection";
import { getMeta } from "./meta";
import { positionOf } from "./positions";
import { applyRefreshPage, refreshDue } from "./refresh";
import { isSaved } from "./saved";
import { DB_NAME, DB_VERSION, RECORD_FORMAT, upgrades } from "./schema";
import { applyFeedPage, dropNotResynced, startOver } from "./sync";
import { unreadCount } from "./unread";

const mediaId = (n: number) => n.toString(16).padStart(32, "0");
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString();
/** The server's copy: signed, corrected, urgent every tenth, in one of two sections, with a picture. */
const article = (n: number, overrides: Partial<Article> = {}): Article => ({
  id: `id-${n}`,
  slug: `test-${n}`,
  title: `مقال تجريبي ${n}`,
  section: n % 2 === 0 ? "اختبارات" : "تجارب",
  authors: [`كاتب تجريبي ${n}`],
  corrections: [{ note: `تصحيح تجريبي ${n}`, at: day(n + 1) }],
  ...(n % 10 === 0 ? { urgent: true } : {}),
  blocks: [
    { type: "image", src: `/media/${mediaId(n)}`, alt: `صورة مولّدة ${n}`, width: 800, height: 400 },
    { type: "paragraph", children: [{ type: "text", value: `نص تجريبي ${n}` }] },
  ],
  publishedAt: day(n),
  updatedAt: day(n),
  revision: 1,
  ...overrides,
});
/** The same article as a worker before bylines read it: the fields it did not know are gone. */
const asOldWorkerRead = (a: Article): Article => {
  const { authors: _a, corrections: _c, urgent: _u, ...rest } = a;
  return rest;
};

/** The articles the server's feed sends, in feed order; `limit` a page, cursor "c<index>"; an edit leaves a hole where the article was. */
let feed: (Article | undefined)[] = [];
/** Requests past this many fail as without a network. */
let answered = Infinity;
const requested: string[] = [];

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  feed = [];
  answered = Infinity;
  requested.length = 0;
  vi.stubGlobal("location", { origin: "https://akhbar.test" });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: URL) => {
      if (requested.length >= answered) throw new TypeError("Failed to fetch");
      const url = new URL(input);
      requested.push(url.search);
      const since = url.searchParams.get("since");
      const from = since === null ? 0 : Number(since.slice(1));
      if (!Number.isInteger(from) || from > feed.length) return Response.json({ error: "unknown cursor", field: "since", reset: true }, { status: 400 });
      const limit = Number(url.searchParams.get("limit"));
      const to = Math.min(from + limit, feed.length);
      return Response.json({ articles: feed.slice(from, to).filter(Boolean), deleted: [], cursor: `c${to}`, hasMore: to < feed.length });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeLibrary();
});

interface OldLibrary {
  /** Records as older workers wrote them: format 1, or none at all (before formats). */
  records: Article[];
  saved?: string[];
  positions?: Record<string, number>;
  unread?: string[];
  cursor?: string;
}

/** A version-5 library laid down with the released steps, as the worker before this one left it. */
async function libraryAtVersion5({ records, saved = [], positions = {}, unread = [], cursor = "c-old" }: OldLibrary): Promise<void> {
  const old = await openDB(DB_NAME, 5, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < 5; v++) upgrades[v]?.(db as never, tx as never);
    },
  });
  const tx = old.transaction(["articles", "meta", "saved", "positions", "media"], "readwrite");
  for (const [i, a] of records.entries()) {
    const copy = asOldWorkerRead(a);
    await tx.objectStore("articles").put({ ...(i % 2 === 0 ? { format: 1 } : {}), id: a.id, article: copy, syncedAt: 1 });
    const picture = mediaId(Number(a.id.slice(3)));
    await tx.objectStore("media").put({ format: 1, id: picture, articles: [a.id], publishedAt: a.publishedAt, width: 800, height: 400, held: { url: `/media/${picture}/800.webp`, bytes: 1000, storedAt: 1 } });
  }
  for (const id of saved) await tx.objectStore("saved").put({ format: 1, id, savedAt: 5 });
  for (const [id, fraction] of Object.entries(positions)) await tx.objectStore("positions").put({ format: 1, id, fraction, updatedAt: 5 });
  await tx.objectStore("meta").put(cursor, "cursor");
  await tx.objectStore("meta").put(unread, "unread");
  await tx.done;
  old.close();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("bringing older copies up to date", () => {
  it("fills in bylines, corrections and «عاجل» for every held article, keeping saved, positions, unread and pictures, adding nothing", async () => {
    const held = range(1, 30).map((n) => article(n));
    await libraryAtVersion5({ records: held, saved: ["id-3"], positions: { "id-4": 0.4 }, unread: ["id-30", "id-29"] });
    // The feed holds more than the phone (it let older ones go): those stay out.
    feed = [...range(31, 40).map((n) => article(n)), ...held].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));

    const db = await library();
    expect(db.version).toBe(DB_VERSION);
    expect(await latestUrgentSummary(day(0), Date.parse(day(100)))).toBeUndefined();

    expect(await refreshOutdated()).toBe(30);
    for (const a of held) expect(await articleById(a.id)).toEqual(a);
    expect(await countArticles()).toBe(30);
    expect((await latestUrgentSummary(day(0), Date.parse(day(100))))?.id).toBe("id-30");
    expect((await summariesByAuthor("كاتب-تجريبي-7", 5)).items.map((a) => a.id)).toEqual(["id-7"]);
    expect(await isSaved("id-3")).toBe(true);
    expect(await positionOf("id-4")).toBe(0.4);
    expect(await unreadCount()).toBe(2);
    // The library's own sync cursor is untouched: the next sync goes on from where it was.
    expect(await getMeta("cursor")).toBe("c-old");
    expect((await db.get("media", mediaId(5)))?.held?.url).toBe(`/media/${mediaId(5)}/800.webp`);
    expect(await getMeta("formatRefreshed")).toBe(RECORD_FORMAT);
    expect(await getMeta("refreshCursor")).toBeUndefined();
    // Once is enough: the next syncs ask nothing of the server.
    requested.length = 0;
    expect(await refreshOutdated()).toBe(0);
    expect(requested).toEqual([]);
  });

  it("walks in pages of bounded size, and an interruption (offline, the worker stopped) resumes after the last page stored", async () => {
    const held = range(1, 450).map((n) => article(n));
    await libraryAtVersion5({ records: held, saved: ["id-1"] });
    feed = held;
    expect(await refreshDue()).toEqual({ cursor: undefined });

    // The first page lands, then the network goes: the walk stops, the page it stored stays.
    answered = 1;
    await expect(refreshOutdated()).rejects.toThrow("offline");
    expect(await getMeta("refreshCursor")).toBe("c200");
    expect((await articleById("id-200"))?.authors).toEqual(["كاتب تجريبي 200"]);
    expect((await articleById("id-201"))?.authors).toBeUndefined();
    expect(await countArticles()).toBe(450);

    // The worker is stopped and started again: a fresh connection, the same library.
    await closeLibrary();
    answered = Infinity;
    requested.length = 0;
    expect(await refreshOutdated()).toBe(250);
    // It went on from the page after the one stored, never from the start, 200 articles a request.
    expect(requested).toEqual(["?limit=200&since=c200", "?limit=200&since=c400"]);
    for (const a of held) expect((await articleById(a.id))?.corrections).toEqual(a.corrections);
    expect(await isSaved("id-1")).toBe(true);
  });

  it("stops fetching once no outdated copy is left, however long the feed", async () => {
    // The phone holds the oldest 10 of a feed of 1,000.
    await libraryAtVersion5({ records: range(1, 10).map((n) => article(n)) });
    feed = range(1, 1000).map((n) => article(n));
    expect(await refreshOutdated()).toBe(10);
    expect(requested).toEqual(["?limit=200"]);
  });

  it("leaves a copy newer than the walk's page, and a sync's same revision replaces an outdated copy", async () => {
    await libraryAtVersion5({ records: [article(1), article(2), article(3)] });
    // A push brings revision 2 of article 1 while the walk's page (fetched before) still has revision 1.
    await applyFeedPage({ articles: [article(1, { revision: 2, title: "مقال تجريبي معدّل" })], deleted: [], cursor: "c-push", hasMore: false }, { firstSync: false, resync: undefined });
    // The sync's page repeats revision 1 of article 2: the outdated copy of that same revision gives way.
    await applyFeedPage({ articles: [article(2)], deleted: [], cursor: "c-push-2", hasMore: false }, { firstSync: false, resync: undefined });
    expect((await articleById("id-2"))?.authors).toEqual(["كاتب تجريبي 2"]);
    const result = await applyRefreshPage({ articles: [article(1), article(2), article(3)], deleted: [], cursor: "c3", hasMore: false });
    expect(result).toEqual({ refreshed: ["id-3"], outdated: 0, done: true });
    expect((await articleById("id-1"))?.title).toBe("مقال تجريبي معدّل");
    expect(await unreadCount()).toBe(0);
  });

  it("a sync running beside the walk (a push) delivers news and edits at once, and the walk still brings every older copy", async () => {
    vi.stubGlobal("navigator", {});
    const held = range(1, 450).map((n) => article(n));
    feed = [...held];
    await libraryAtVersion5({ records: held, saved: ["id-7"], cursor: `c${feed.length}` });
    // Published and edited after the phone's last sync: the edit takes article 5 to the end of the feed.
    const edited = article(5, { revision: 2, title: "مقال تجريبي معدّل بعد الترقية" });
    feed[4] = undefined;
    feed.push(edited, article(451));
    const [refreshed, synced] = await Promise.all([refreshOutdated(), syncLibrary()]);
    expect(synced).toMatchObject({ added: 1, arrived: [{ id: "id-451" }] });
    expect(await unreadCount()).toBe(1);
    expect(await articleById("id-5")).toEqual(edited);
    expect(await countArticles()).toBe(451);
    // Whichever of the two wrote the edit first, the walk replaced only what the phone held (never the new one).
    expect(refreshed).toBeGreaterThanOrEqual(449);
    expect(refreshed).toBeLessThanOrEqual(450);
    for (const a of held.filter((h) => h.id !== "id-5")) expect(await articleById(a.id)).toEqual(a);
    expect(await getMeta("formatRefreshed")).toBe(RECORD_FORMAT);
    expect(await getMeta("cursor")).toBe(`c${feed.length}`);
    expect(await isSaved("id-7")).toBe(true);
  });

  it("keeps a copy's mark of a resync under way, so the end of that pass keeps it", async () => {
    await libraryAtVersion5({ records: [article(1), article(2)] });
    const pass = await startOver();
    await applyFeedPage({ articles: [article(1)], deleted: [], cursor: "p1", hasMore: true }, { firstSync: false, resync: pass });
    // Article 2 was written in this pass by the worker before the upgrade (format 1, fields dropped).
    await (await library()).put("articles", { format: 1, id: "id-2", article: asOldWorkerRead(article(2)), syncedAt: 1, pass });
    await applyRefreshPage({ articles: [article(2)], deleted: [], cursor: "c1", hasMore: false });
    await expect((await library()).get("articles", "id-2")).resolves.toMatchObject({ pass, format: RECORD_FORMAT });
    expect(await dropNotResynced(pass)).toEqual([]);
    expect((await articleById("id-2"))?.authors).toEqual(["كاتب تجريبي 2"]);
  });

  it("a store replaced under the walk starts it again from the first page", async () => {
    await libraryAtVersion5({ records: range(1, 300).map((n) => article(n)) });
    feed = range(1, 300).map((n) => article(n));
    await applyRefreshPage({ articles: range(1, 100).map((n) => article(n)), deleted: [], cursor: "c999", hasMore: true });
    expect(await refreshOutdated()).toBe(200);
    expect(requested).toEqual(["?limit=200&since=c999", "?limit=200", "?limit=200&since=c200"]);
    expect(await getMeta("formatRefreshed")).toBe(RECORD_FORMAT);
  });

  it("a library filled by this version, or empty, is marked current without a request", async () => {
    expect(await refreshDue()).toBeUndefined();
    await applyFeedPage({ articles: [article(1)], deleted: [], cursor: "c1", hasMore: false }, { firstSync: true, resync: undefined });
    await (await library()).delete("meta", "formatRefreshed");
    expect(await refreshOutdated()).toBe(0);
    expect(requested).toEqual([]);
    expect(await getMeta("formatRefreshed")).toBe(RECORD_FORMAT);
  });
});

describe("a section's held articles", () => {
  it("are listed newest first a page at a time from the index version 6 builds over a version-5 library", async () => {
    await libraryAtVersion5({ records: range(1, 9).map((n) => article(n)) });
    // A record without a section stays out of every section.
    await applyFeedPage({ articles: [article(20, { section: undefined }), article(22)], deleted: [], cursor: "c", hasMore: false }, { firstSync: false, resync: undefined });
    const ids = async (name: string, limit: number, offset = 0) => {
      const { items, hasMore, total } = await summariesInSection(name, limit, offset);
      return { ids: items.map((a) => a.id), hasMore, total };
    };
    expect(await ids("اختبارات", 3)).toEqual({ ids: ["id-22", "id-8", "id-6"], hasMore: true, total: 5 });
    expect(await ids("اختبارات", 3, 3)).toEqual({ ids: ["id-4", "id-2"], hasMore: false, total: 5 });
    expect(await ids("تجارب", 10)).toEqual({ ids: ["id-9", "id-7", "id-5", "id-3", "id-1"], hasMore: false, total: 5 });
    expect(await ids("اختبار", 10)).toEqual({ ids: [], hasMore: false, total: 0 });
    // An article moved to another section leaves the first one's list.
    await applyFeedPage({ articles: [article(22, { section: "تجارب", revision: 2 })], deleted: [], cursor: "c2", hasMore: false }, { firstSync: false, resync: undefined });
    expect((await ids("اختبارات", 1)).ids).toEqual(["id-8"]);
    expect((await ids("تجارب", 1)).ids).toEqual(["id-22"]);
  });
});
