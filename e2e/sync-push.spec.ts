import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";
import { libraryContents, shownNotifications, waitForLibrary, workerSession } from "./support/worker";

const article = (n: number | string, extra = "") => ({
  title: `مقال تجريبي للمزامنة ${n}`,
  body: `نص تجريبي للمزامنة ${n}.${extra}`,
});

let server: AppServer;
test.beforeEach(async () => {
  server = await new AppServer().start();
});
test.afterEach(async () => {
  await server.stop();
});

test("a push brings the new article: a notification names it, the open page shows it, and it reads offline", async ({ page, context }) => {
  await context.grantPermissions(["notifications"], { origin: server.url });
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 1);
  const { cdp, registrationId } = await workerSession(context, page, server.url);

  const created = await server.publish(article("بالدفع"));
  // An empty payload: the worker must sync and name the article itself.
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: "" });

  await expect.poll(() => shownNotifications(page), { timeout: 15_000 }).toEqual([article("بالدفع").title]);
  const notice = page.locator('[data-toast="arrivals"]');
  await expect(notice).toContainText("وصل مقال جديد");
  await expect(notice.getByRole("link", { name: article("بالدفع").title })).toBeVisible();

  await server.stop();
  await notice.getByRole("link", { name: article("بالدفع").title }).click();
  await expect(page).toHaveURL(`${server.url}${created.url}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(article("بالدفع").title);
  await expect(page.getByText("نص تجريبي للمزامنة بالدفع.")).toBeVisible();
});

test("Background Sync and Periodic Background Sync each bring in a newly published article", async ({ page, context }) => {
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 1);
  const { cdp, registrationId } = await workerSession(context, page, server.url);

  const first = await server.publish(article("بالمزامنة الخلفية"));
  await cdp.send("ServiceWorker.dispatchSyncEvent", { origin: server.url, registrationId, tag: "library-sync", lastChance: false });
  await expect.poll(async () => Object.keys(await libraryContents(page)), { timeout: 15_000 }).toContain(first.id);

  const second = await server.publish(article("بالمزامنة الدورية"));
  await cdp.send("ServiceWorker.dispatchPeriodicSyncEvent", { origin: server.url, registrationId, tag: "library-refresh" });
  await expect.poll(async () => Object.keys(await libraryContents(page)), { timeout: 15_000 }).toContain(second.id);
  await expect(page.locator('[data-toast="arrivals"]')).toContainText("وصل");
});

test("an article published while the phone was offline arrives when it is back online, without a reload", async ({ page, context }) => {
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 1);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));

  await context.setOffline(true);
  await expect(page.locator("[data-connection-status]")).toBeVisible();
  const created = await server.publish(article("بعد الانقطاع"));
  await context.setOffline(false);

  await expect(page.locator('[data-toast="arrivals"]').getByRole("link", { name: article("بعد الانقطاع").title })).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
  expect(Object.keys(await libraryContents(page))).toContain(created.id);
  await expect(page.locator("[data-connection-status]")).toBeHidden();
});

test("an edit replaces the phone's copy and a withdrawal removes it", async ({ page }) => {
  const edited = await server.publish(article("للتعديل"));
  const withdrawn = await server.publish(article("للسحب"));
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 3);

  expect(await server.revise(edited.id, { ...article("للتعديل"), body: "نص تجريبي معدّل بعد النشر." })).toBe(2);
  await server.withdraw(withdrawn.id);
  await page.reload();
  await expect
    .poll(async () => {
      const held = await libraryContents(page);
      return [held[edited.id]?.revision, withdrawn.id in held];
    }, { timeout: 15_000 })
    .toEqual([2, false]);

  await server.stop();
  await page.goto(`${server.url}${edited.url}`);
  await expect(page.getByText("نص تجريبي معدّل بعد النشر.")).toBeVisible();
  await expect(page.getByText("نص تجريبي للمزامنة للتعديل.")).toHaveCount(0);
  const gone = await page.goto(`${server.url}${withdrawn.url}`);
  expect(gone?.status()).toBe(503);
  await page.goto(`${server.url}/`);
  await expect(page.getByRole("link", { name: article("للسحب").title })).toHaveCount(0);
  await expect(page.getByRole("link", { name: article("للتعديل").title })).toBeVisible();
});

test("a new version of the worker shows the update toast, and accepting it reloads once onto the new version", async ({ page }) => {
  const swPath = path.resolve(import.meta.dirname, "../public/sw.js");
  const original = readFileSync(swPath, "utf8");
  try {
    await page.goto(`${server.url}/articles/khitam-ahd-al-nizam-al-bayed`);
    await waitForLibrary(page, 1);
    // The reader is mid-page: the update must ask, and must bring them back here.
    await page.mouse.wheel(0, 600);
    await page.waitForFunction(() => window.scrollY > 300);
    const scrolled = await page.evaluate(() => window.scrollY);

    // What a second build changes in the worker: the revision of its build-specific shell.
    const changed = original.replace(/"revision":"[^"]+","url":"\/offline"/, '"revision":"second-build","url":"/offline"');
    expect(changed === original, "the worker's manifest names the offline page's revision").toBe(false);
    writeFileSync(swPath, changed);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const toast = page.locator('[data-toast="update"]');
    await expect(toast).toContainText("يتوفر تحديث", { timeout: 20_000 });
    let loads = 0;
    page.on("load", () => loads++);
    await toast.getByRole("button", { name: "حدّث الآن" }).click();
    await page.waitForEvent("load");
    // The prompt reloads only for a waiting worker or a change of controller; once the new worker controls
    // this page and none waits or installs, no further reload can come, so the count is final.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          const controller = navigator.serviceWorker.controller;
          return { controlledByActive: controller !== null && controller === registration?.active, waiting: registration?.waiting ?? null, installing: registration?.installing ?? null };
        }),
      )
      .toEqual({ controlledByActive: true, waiting: null, installing: null });
    expect(loads).toBe(1);
    // The new worker is in control: its precache holds the new revision, and nothing waits.
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
      return { waiting: registration?.waiting ?? null, urls };
    });
    expect(state.waiting).toBeNull();
    expect(state.urls.some((u) => u.includes("__WB_REVISION__=second-build"))).toBe(true);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 50);
  } finally {
    writeFileSync(swPath, original);
  }
});
