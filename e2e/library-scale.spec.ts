/**
 * The phone's library at the size readers keep it: 10,000 articles. A push
 * and offline navigations must still work on it, touching only what they
 * need, and every page served offline says so.
 */
import { expect, test, type Page } from "@playwright/test";
import { articlesCount } from "../lib/arabic/plural";
import { sectionPath } from "../lib/sections";
import { AppServer } from "./support/server";
import { shownNotifications, waitForLibrary, workerSession } from "./support/worker";

const HELD = 10_000;
/** Every other held article is in it. */
const SECTION = "قسم تجريبي للمكتبة الكبيرة";

/** Writes `count` synthetic articles into the library as the worker stores them (an hour apart, newest last, every other one in SECTION). */
async function fillLibrary(page: Page, count: number): Promise<void> {
  await page.evaluate(async ({ n, section }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction("articles", "readwrite");
      for (let i = 1; i <= n; i++) {
        const at = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
        tx.objectStore("articles").put({
          format: 2,
          id: `held-${i}`,
          syncedAt: Date.now(),
          article: {
            id: `held-${i}`,
            slug: `held-${i}`,
            title: `مقال تجريبي محفوظ رقم ${i}`,
            ...(i % 2 === 0 ? { section } : {}),
            blocks: [{ type: "paragraph", children: [{ type: "text", value: `نص تجريبي للمقال ${i}.` }] }],
            publishedAt: at,
            updatedAt: at,
            revision: 1,
          },
        });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error("fill failed"));
    });
    db.close();
  }, { n: count, section: SECTION });
}

test("with 10,000 articles held, a push names the new one and offline pages read one page at a time", async ({ page, context }) => {
  test.setTimeout(120_000);
  const server = await new AppServer().start();
  try {
    await context.grantPermissions(["notifications"], { origin: server.url });
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 1);
    await fillLibrary(page, HELD);
    const { cdp, registrationId } = await workerSession(context, page, server.url);

    const created = await server.publish({ title: "مقال تجريبي يصل بالدفع إلى مكتبة كبيرة", body: "نص تجريبي." });
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: JSON.stringify({ id: created.id }) });
    await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toEqual(["مقال تجريبي يصل بالدفع إلى مكتبة كبيرة"]);

    await server.stop();
    const res = await page.goto(`${server.url}/articles/held-5000`);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي محفوظ رقم 5000");

    // The offline home shows the newest 50 (the pushed article first), and «المزيد» pages on.
    await page.goto(`${server.url}/`);
    const items = page.locator("li[data-article-id]");
    await expect(items).toHaveCount(50);
    await expect(items.first()).toContainText("مقال تجريبي يصل بالدفع إلى مكتبة كبيرة");
    // At the default limit of 10,000, the two arrivals pushed the two oldest out.
    await expect(page.locator("[data-library-count]")).toContainText("10000");
    await page.getByRole("link", { name: "المزيد" }).click();
    await expect(page).toHaveURL(`${server.url}/archive?page=2`);
    await expect(items).toHaveCount(50);
    // Page 1 held the pushed article, the seed and the newest 48 of ours.
    await expect(items.first()).toContainText(`مقال تجريبي محفوظ رقم ${HELD - 48}`);
    await expect(page.getByRole("link", { name: "الأحدث" })).toHaveAttribute("href", "/");
    expect((await page.goto(`${server.url}/articles/held-1`))?.status()).toBe(503);

    // A section's page reads its 50 newest from its own index, and «المزيد» pages on within the section.
    await page.goto(`${server.url}${sectionPath(SECTION)}`);
    await expect(items).toHaveCount(50);
    await expect(items.first()).toContainText(`مقال تجريبي محفوظ رقم ${HELD}`);
    await expect(items.last()).toContainText(`مقال تجريبي محفوظ رقم ${HELD - 98}`);
    await expect(page.locator("[data-section-held]")).toContainText(articlesCount(HELD / 2 - 1));
    await page.getByRole("link", { name: "المزيد" }).click();
    await expect(page).toHaveURL(`${server.url}${sectionPath(SECTION, 2)}`);
    await expect(items.first()).toContainText(`مقال تجريبي محفوظ رقم ${HELD - 100}`);
  } finally {
    await server.stop();
  }
});

test("every page served while the server is down says «غير متصل»", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 1);
    await server.stop();
    for (const path of ["/", "/search", "/saved", "/settings", "/articles/khitam-ahd-al-nizam-al-bayed", "/no-such-page"]) {
      await page.goto(`${server.url}${path}`);
      await expect(page.locator("[data-connection-status]"), path).toBeVisible();
      await expect(page.locator("[data-connection-status]"), path).toHaveText("غير متصل");
    }
  } finally {
    await server.stop();
  }
});
