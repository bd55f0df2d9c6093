import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";
const seedLines = readFileSync(path.resolve(import.meta.dirname, "../content/seed-article.txt"), "utf8")
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter(Boolean);
const seedBody = seedLines.slice(seedLines.indexOf("شارك") + 1, seedLines.indexOf("مقالات ذات صلة"));

const synthetic = [1, 2, 3].map((n) => ({
  title: `مقال تجريبي للقراءة دون اتصال ${n}`,
  section: "اختبارات",
  body: `فقرة تجريبية أولى في المقال ${n}.\n\n## عنوان فرعي تجريبي ${n}\n\nفقرة تجريبية ثانية في المقال ${n} بكلمة مميزة-${n}.`,
}));

test("every article reads offline with the server stopped, including ones never opened", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    const published = [];
    for (const article of synthetic) published.push(await server.publish(article));

    // Only the home page is ever visited online.
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 4);
    await expect(page.locator("li[data-article-id] [data-offline-mark]:visible")).toHaveCount(4);

    await server.stop();

    for (const [i, { url }] of published.entries()) {
      const res = await page.goto(`${server.url}${url}`);
      expect(res?.headers()["x-served-by"]).toBe("service-worker");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(synthetic[i]!.title);
      await expect(page.getByRole("heading", { level: 2, name: `عنوان فرعي تجريبي ${i + 1}` })).toBeVisible();
      await expect(page.getByText(`فقرة تجريبية ثانية في المقال ${i + 1} بكلمة مميزة-${i + 1}.`)).toBeVisible();
      await expect(page.locator("[data-connection-status]")).toBeVisible();
      await expect(page.locator("[data-connection-status]")).toHaveText("غير متصل");
    }

    // The home page lists everything held, and tapping a link opens it.
    await page.goto(`${server.url}/`);
    await expect(page.locator("li[data-article-id]")).toHaveCount(4);
    await page.getByRole("link", { name: synthetic[1]!.title }).click();
    await expect(page).toHaveURL(`${server.url}${published[1]!.url}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(synthetic[1]!.title);

    // The seed reads in full, with the same markup and styles as online.
    await page.goto(`${server.url}${SEED_URL}`);
    const served = await page.locator(".article-body > p, .article-body > h2").allTextContents();
    expect(served).toEqual(seedBody);
    await expect(page.getByText("سراب حسان غانم")).toBeVisible();
    await expect(page.getByRole("button", { name: "شارك" })).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/naskh|plex/i);
    const h1Size = await page.getByRole("heading", { level: 1 }).evaluate((el) => getComputedStyle(el).fontSize);
    expect(parseFloat(h1Size)).toBeGreaterThan(24);

    // Reload works offline.
    await page.reload();
    await expect(page.locator(".article-body > p")).toHaveCount(seedBody.length - 1);

    // Anything else gets the Arabic offline page with a way back to the library.
    const other = await page.goto(`${server.url}/no/such/page`);
    expect(other?.status()).toBe(503);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("أنت غير متصل بالإنترنت");
    await page.getByRole("link", { name: "العودة إلى المكتبة" }).click();
    await expect(page.locator("li[data-article-id]")).toHaveCount(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  } finally {
    await server.stop();
  }
});

test("an IndexedDB library from schema version 1 upgrades with every article still there", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    // A same-origin page that does not register the worker, to lay down a version-1 library.
    await page.goto(`${server.url}/api/articles?limit=1`);
    const feed = (await (await fetch(`${server.url}/api/articles`)).json()) as { articles: { id: string }[] };
    const seed = feed.articles[0]!;
    await page.evaluate(
      async ({ article }) => {
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open("akhbar-library", 1);
          open.onupgradeneeded = () => {
            const db = open.result;
            const store = db.createObjectStore("articles", { keyPath: "id" });
            store.createIndex("by-slug", "article.slug", { unique: true });
            db.createObjectStore("meta");
          };
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(["articles", "meta"], "readwrite");
            tx.objectStore("articles").put({ id: article.id, article, syncedAt: 1 });
            // An unreadable record from an older version: must be dropped, never crash.
            tx.objectStore("articles").put({ id: "broken", article: { id: "broken", slug: "broken" }, syncedAt: 1 });
            tx.objectStore("meta").put("c-old", "cursor");
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        });
      },
      { article: seed },
    );

    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    await server.stop();

    const state = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("akhbar-library");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction("articles");
      const result = {
        version: db.version,
        indexes: [...tx.objectStore("articles").indexNames],
        ids: await new Promise<IDBValidKey[]>((resolve) => {
          const req = tx.objectStore("articles").getAllKeys();
          req.onsuccess = () => resolve(req.result);
        }),
      };
      db.close();
      return result;
    });
    expect(state.version).toBe(6);
    expect(state.indexes).toEqual(expect.arrayContaining(["by-slug", "by-published", "by-urgent", "by-section", "by-format"]));
    expect(state.ids).toContain(seed.id);

    // The upgraded record reads offline; the unreadable one does not break the library.
    await page.goto(`${server.url}${SEED_URL}`);
    await expect(page.locator(".article-body > p")).toHaveCount(seedBody.length - 1);
    await page.goto(`${server.url}/`);
    await expect(page.locator("li[data-article-id]")).toHaveCount(1);
  } finally {
    await server.stop();
  }
});
