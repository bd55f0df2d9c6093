import type { Locator, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";

// Visibly synthetic, each with a word found nowhere else (الزعفران، الشراعية).
const synthetic = [
  {
    title: "مقال تجريبي للبحث عن الزعفران",
    section: "اختبارات",
    body: "فقرة تجريبية عن موسم قطاف الزعفران في بلدة متخيلة.\n\nفقرة تجريبية ثانية بلا كلمات مميزة.",
  },
  {
    title: "مقال تجريبي للبحث عن القوارب",
    section: "اختبارات",
    body: "فقرة تجريبية عن سباق القوارب الشراعية في بحيرة متخيلة.",
  },
];

const searchBox = (page: Page): Locator => page.getByRole("searchbox");
const results = (page: Page): Locator => page.getByRole("region", { name: "نتائج البحث" });
const statusLine = (page: Page): Locator => results(page).getByRole("status");

/** Clears the box and types the query letter by letter, then waits for the results of the whole query. */
async function typeQuery(page: Page, query: string): Promise<void> {
  await searchBox(page).fill("");
  await searchBox(page).pressSequentially(query);
  await expect(results(page)).toHaveAttribute("data-search-results", query);
}

type Measure = { source?: string; added?: number; fullScan?: boolean };
const measures = (page: Page, name: string): Promise<Measure[]> =>
  page.evaluate((n) => performance.getEntriesByName(n).map((e) => (e as PerformanceMeasure).detail as Measure), name);

/**
 * Asks the worker to sync, as the page's own triggers would within half a
 * minute, until `check` passes: a request that arrives while a sync is
 * running joins that run, which may have read the feed before the change.
 */
async function syncUntil(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: "SYNC" }));
    await check();
  }).toPass({ timeout: 20_000 });
}

test("search finds every held article offline as the reader types, with the server stopped", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    for (const article of synthetic) await server.publish(article);
    // Only the home page is visited online; the worker syncs the library.
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 3);
    await server.stop();

    await page.goto(`${server.url}/search`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("البحث");
    await expect(page.locator("[data-connection-status]")).toHaveText("غير متصل");
    await expect(searchBox(page)).toBeFocused();

    // Folding: a dropped hamza, a dropped shadda, ta marbuta typed as ha.
    for (const [query, marked] of [
      ["الاسد", "الأسد"],
      ["تجنب", "وتجنّب"],
      ["الثوره", "الثورة"],
    ] as const) {
      await typeQuery(page, query);
      await expect(statusLine(page), query).toHaveText("نتيجة واحدة");
      await expect(results(page).getByRole("listitem")).toHaveCount(1);
      await expect(results(page).getByRole("link", { name: SEED_TITLE })).toBeVisible();
      // The snippet marks the original spelling of the matching word.
      await expect(results(page).locator("[data-snippet] mark").first()).toHaveText(marked);
      // ?q= follows once typing pauses, so a reload or a shared link shows the same search.
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(query);
    }

    // A word of a synthetic article, and its prefix while it is still being typed.
    await typeQuery(page, "الزعف");
    await expect(results(page).getByRole("link", { name: synthetic[0]!.title })).toBeVisible();
    await typeQuery(page, "الشراعية");
    await expect(statusLine(page)).toHaveText("نتيجة واحدة");
    await expect(results(page).getByRole("link", { name: synthetic[1]!.title })).toBeVisible();
    await expect(results(page).locator("[data-snippet] mark")).toHaveText(["الشراعية"]);

    // A headline word both synthetic articles share: two results, the word marked in each headline.
    await typeQuery(page, "تجريبي");
    await expect(statusLine(page)).toHaveText("نتيجتان");
    await expect(results(page).locator("h2 mark")).toHaveText(["تجريبي", "تجريبي"]);

    await typeQuery(page, "زززقققغغغ");
    await expect(statusLine(page)).toHaveText("لا نتائج لـ«زززقققغغغ»");
    await expect(results(page).getByRole("listitem")).toHaveCount(0);

    // The bare article matches nothing yet: a hint, not a failed search.
    await typeQuery(page, "ال");
    await expect(statusLine(page)).toHaveText("تابع الكتابة…");

    // A deep link, offline: the query is read from the URL, and the box is not focused.
    await page.goto(`${server.url}/search?q=${encodeURIComponent("الاسد")}`);
    await expect(searchBox(page)).toHaveValue("الاسد");
    await expect(results(page)).toHaveAttribute("data-search-results", "الاسد");
    await expect(results(page).getByRole("link", { name: SEED_TITLE })).toBeVisible();
    await expect(searchBox(page)).not.toBeFocused();

    // A result opens offline.
    await results(page).getByRole("link", { name: SEED_TITLE }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  } finally {
    await server.stop();
  }
});

test("the index follows the library: new, edited and withdrawn articles, without a rebuild", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 1);

    // First visit: nothing stored, so the index is built, then saved once changes settle.
    await page.goto(`${server.url}/search`);
    await typeQuery(page, "الزعفران");
    await expect(statusLine(page)).toHaveText("لا نتائج لـ«الزعفران»");
    expect((await measures(page, "search:load")).map((m) => m.source)).toEqual(["rebuilt"]);
    await expect.poll(async () => (await measures(page, "search:save")).length, { timeout: 15_000 }).toBeGreaterThan(0);

    // Published and synced while the page is open: the results update in place.
    const created = await server.publish(synthetic[0]!);
    await syncUntil(page, () => expect(results(page).getByRole("link", { name: synthetic[0]!.title })).toBeVisible({ timeout: 3_000 }));
    await expect(statusLine(page)).toHaveText("نتيجة واحدة");

    // A fresh page loads the stored index and reconciles it; nothing is rebuilt.
    await page.goto(`${server.url}/search?q=${encodeURIComponent("الزعفران")}`);
    await expect(results(page).getByRole("link", { name: synthetic[0]!.title })).toBeVisible();
    expect((await measures(page, "search:load")).map((m) => m.source)).toEqual(["stored"]);

    // An edit: the old words stop matching, the new ones match.
    const edited = { ...synthetic[0]!, title: "مقال تجريبي معدل عن البرتقال", body: "فقرة تجريبية معدلة عن حقول البرتقال." };
    await server.revise(created.id, edited);
    await syncUntil(page, () => expect(statusLine(page)).toHaveText("لا نتائج لـ«الزعفران»", { timeout: 3_000 }));
    await typeQuery(page, "البرتقال");
    await expect(results(page).getByRole("link", { name: edited.title })).toBeVisible();
    const reconciles = await measures(page, "search:reconcile");
    expect(reconciles.some((m) => m.fullScan)).toBe(true);

    // A withdrawal: gone from the results.
    await server.withdraw(created.id);
    await syncUntil(page, () => expect(statusLine(page)).toHaveText("لا نتائج لـ«البرتقال»", { timeout: 3_000 }));
  } finally {
    await server.stop();
  }
});
