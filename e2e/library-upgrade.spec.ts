// A library an older worker left (IndexedDB version 5, copies read by a worker
// before bylines and «عاجل», so without them) brought up to date by the real
// service worker once it takes over, then read with the server stopped.
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";

interface FeedArticle {
  id: string;
  slug: string;
  authors?: string[];
  urgent?: boolean;
  corrections?: unknown;
}

/** Every article the feed sends, and the cursor after the last page. */
async function wholeFeed(server: AppServer): Promise<{ articles: FeedArticle[]; cursor: string }> {
  const articles: FeedArticle[] = [];
  let url = `${server.url}/api/articles?limit=500`;
  for (;;) {
    const page = (await (await fetch(url)).json()) as { articles: FeedArticle[]; cursor: string; hasMore: boolean };
    articles.push(...page.articles);
    if (!page.hasMore) return { articles, cursor: page.cursor };
    url = `${server.url}/api/articles?limit=500&since=${encodeURIComponent(page.cursor)}`;
  }
}

/** Lays down a version-5 library as the worker before this one left it, from a same-origin page without a worker. */
async function writeVersion5Library(page: Page, articles: FeedArticle[], cursor: string, reader: { saved: string; position: string; unread: string }) {
  await page.evaluate(
    async ({ articles, cursor, reader }) => {
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("akhbar-library", 5);
        open.onupgradeneeded = () => {
          // The released steps 1 to 5, as they were.
          const db = open.result;
          const store = db.createObjectStore("articles", { keyPath: "id" });
          store.createIndex("by-slug", "article.slug", { unique: true });
          db.createObjectStore("meta");
          store.createIndex("by-published", "article.publishedAt");
          db.createObjectStore("saved", { keyPath: "id" }).createIndex("by-saved", "savedAt");
          db.createObjectStore("positions", { keyPath: "id" }).createIndex("by-updated", "updatedAt");
          db.createObjectStore("search", { keyPath: "key" });
          const media = db.createObjectStore("media", { keyPath: "id" });
          media.createIndex("by-article", "articles", { multiEntry: true });
          media.createIndex("by-published", "publishedAt");
          store.createIndex("by-urgent", "urgentAt");
        };
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["articles", "meta", "saved", "positions"], "readwrite");
          articles.forEach((article, i) => {
            // What an older reader kept: the fields it did not know are gone; formats 1 and none both occur.
            const { authors: _a, urgent: _u, corrections: _c, ...kept } = article;
            tx.objectStore("articles").put({ ...(i % 2 === 0 ? { format: 1 } : {}), id: article.id, article: kept, syncedAt: 1 });
          });
          tx.objectStore("saved").put({ format: 1, id: reader.saved, savedAt: Date.now() });
          tx.objectStore("positions").put({ format: 1, id: reader.position, fraction: 0.4, updatedAt: Date.now() });
          tx.objectStore("meta").put([reader.unread], "unread");
          // The library is up to date with the feed: a sync alone brings nothing.
          tx.objectStore("meta").put(cursor, "cursor");
          tx.objectStore("meta").put(Date.now(), "lastSyncAt");
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      });
    },
    { articles, cursor, reader },
  );
}

/** The library's state as the page can read it. */
function libraryState(page: Page, ids: string[]) {
  return page.evaluate(async (ids) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const get = <T>(store: string, key: IDBValidKey) =>
      new Promise<T>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).get(key);
        req.onsuccess = () => resolve(req.result as T);
        req.onerror = () => reject(req.error);
      });
    const state = {
      version: db.version,
      formatRefreshed: db.version >= 6 ? await get<number | undefined>("meta", "formatRefreshed") : undefined,
      unread: await get<string[]>("meta", "unread"),
      records: await Promise.all(ids.map((id) => get<{ format?: number; urgentAt?: string; article: FeedArticle }>("articles", id))),
    };
    db.close();
    return state;
  }, ids);
}

test("a version-5 library whose copies lack bylines and «عاجل» gets them from the server once the new worker syncs, keeping the reader's own", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await new AppServer().start();
  try {
    const signed = await server.publish({ title: "مقال تجريبي بتوقيع قبل الترقية", body: "نص تجريبي.", authors: ["كاتبة تجريبية للترقية"] });
    const urgent = await server.publish({ title: "مقال تجريبي عاجل قبل الترقية", body: "نص تجريبي عاجل.", urgent: true });
    const plain = await server.publish({ title: "مقال تجريبي عادي قبل الترقية", body: "نص تجريبي." });
    const { articles, cursor } = await wholeFeed(server);
    expect(articles.find((a) => a.id === signed.id)?.authors).toEqual(["كاتبة تجريبية للترقية"]);

    // A same-origin page that does not register the worker lays the old library down.
    await page.goto(`${server.url}/api/articles?limit=1`);
    const reader = { saved: signed.id, position: urgent.id, unread: plain.id };
    await writeVersion5Library(page, articles, cursor, reader);
    const before = await libraryState(page, [signed.id, urgent.id]);
    expect(before.version).toBe(5);
    expect(before.records.map((r) => r.article.authors ?? r.urgentAt)).toEqual([undefined, undefined]);

    // The new worker takes over, syncs (nothing new) and brings the older copies up to date.
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    await expect.poll(async () => (await libraryState(page, [])).formatRefreshed, { timeout: 30_000 }).toBe(2);
    const after = await libraryState(page, [signed.id, urgent.id, plain.id]);
    expect(after.version).toBe(6);
    expect(after.records.map((r) => r.format)).toEqual([2, 2, 2]);
    expect(after.records[0]!.article.authors).toEqual(["كاتبة تجريبية للترقية"]);
    expect(after.records[1]!.urgentAt).toBeDefined();
    expect(after.unread).toEqual([plain.id]);

    await server.stop();
    // Offline, the byline and the «عاجل» banner come from the library.
    const res = await page.goto(`${server.url}${signed.url}`);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.locator("[data-byline]")).toHaveText("بقلم كاتبة تجريبية للترقية");
    await expect(page.locator("[data-urgent-banner]").getByRole("link")).toHaveAttribute("href", urgent.url);
    await page.goto(`${server.url}/`);
    await expect(page.locator("[data-urgent-banner]")).toContainText("مقال تجريبي عاجل قبل الترقية");
    await expect(page.locator("li[data-article-id]")).toHaveCount(articles.length);
    // The reader's saved article and reading position are still there.
    await page.goto(`${server.url}/saved`);
    await expect(page.getByRole("link", { name: "مقال تجريبي بتوقيع قبل الترقية" })).toBeVisible();
    const position = await page.evaluate(
      (id) =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open("akhbar-library");
          open.onsuccess = () => {
            const req = open.result.transaction("positions").objectStore("positions").get(id);
            req.onsuccess = () => {
              open.result.close();
              resolve((req.result as { fraction: number }).fraction);
            };
          };
          open.onerror = () => reject(open.error);
        }),
      urgent.id,
    );
    expect(position).toBe(0.4);
  } finally {
    await server.stop();
  }
});
