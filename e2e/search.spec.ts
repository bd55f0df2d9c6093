import type { Locator, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { articlesCount } from "../lib/arabic/plural";
import { publishArticle } from "../lib/publish/publish";
import { syntheticArticle } from "../lib/search/synthetic";
import { openSqliteStore } from "../lib/store/sqlite-store";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";

// Visibly synthetic, each with a word found nowhere else (الزعفران، الشراعية).
// 23:30 UTC on 8 December is 9 December in Damascus, the site's zone.
const synthetic = [
  {
    title: "مقال تجريبي للبحث عن الزعفران",
    section: "اختبارات",
    publishedAt: "2024-12-08T23:30:00+00:00",
    body: "فقرة تجريبية عن موسم قطاف الزعفران في بلدة متخيلة.\n\nفقرة تجريبية ثانية بلا كلمات مميزة.",
  },
  {
    title: "مقال تجريبي للبحث عن القوارب",
    section: "اختبارات",
    publishedAt: "2024-12-07T10:00:00+03:00",
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

type Measure = { source?: string; added?: number; replaced?: number; removed?: number; fullScan?: boolean };
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

/** Publishes the synthetic articles, lets the worker sync them from the home page alone, then stops the server. */
async function syncThenStop(page: Page, server: AppServer): Promise<void> {
  for (const article of synthetic) await server.publish(article);
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 3);
  await server.stop();
}

test("search finds every held article offline as the reader types, with the server stopped", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    await syncThenStop(page, server);

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
    // Still never rebuilt, and the sync named the edited article, so only it was read again.
    expect((await measures(page, "search:load")).map((m) => m.source)).toEqual(["stored"]);
    expect(await measures(page, "search:update")).toContainEqual(expect.objectContaining({ replaced: 1, fullScan: false }));

    // A withdrawal: gone from the results, by its id too.
    await server.withdraw(created.id);
    await syncUntil(page, () => expect(statusLine(page)).toHaveText("لا نتائج لـ«البرتقال»", { timeout: 3_000 }));
    expect(await measures(page, "search:update")).toContainEqual(expect.objectContaining({ removed: 1, fullScan: false }));
  } finally {
    await server.stop();
  }
});

test("offline, every word must match or the closest articles are offered apart; function words and quoted phrases", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    await syncThenStop(page, server);
    await page.goto(`${server.url}/search`);
    await expect(page.locator("[data-connection-status]")).toHaveText("غير متصل");

    // Both words, in one article: found, with its section and the day in the site's zone.
    await typeQuery(page, "الزعفران موسم");
    await expect(statusLine(page)).toHaveText("نتيجة واحدة");
    const found = results(page).getByRole("listitem");
    await expect(found.getByRole("link", { name: synthetic[0]!.title })).toBeVisible();
    await expect(found.locator("[data-result-meta]")).toHaveText("اختبارات · 9 كانون الأول 2024");
    await expect(found.locator("time")).toHaveAttribute("datetime", "2024-12-09");

    // Two words, one of them in no article: said plainly, and the article with the other offered under its own heading.
    await typeQuery(page, "الزعفران زززقققغغغ");
    await expect(statusLine(page)).toHaveText("لا يوجد مقال فيه كل كلمات البحث. «زززقققغغغ» لا ترد في أي مقال.");
    const partial = results(page).getByRole("region", { name: "مقالات فيها بعض كلمات البحث" });
    await expect(partial.getByRole("heading", { level: 2 })).toHaveText("مقالات فيها بعض كلمات البحث");
    await expect(partial.getByRole("listitem")).toHaveCount(1);
    await expect(partial.getByRole("heading", { level: 3, name: synthetic[0]!.title })).toBeVisible();
    await expect(partial.locator("[data-snippet] mark")).toHaveText(["الزعفران"]);

    // A function word never matches: «لا» (in the seed) no longer lists it for a nonsense word, and alone it says why.
    await typeQuery(page, "زززقققغغغ لا ");
    await expect(statusLine(page)).toHaveText("لا نتائج لـ«زززقققغغغ لا»");
    await expect(results(page).getByRole("listitem")).toHaveCount(0);
    await typeQuery(page, "في من ");
    await expect(statusLine(page)).toHaveText("الكلمات الشائعة مثل «في» و«من» لا يُبحث بها وحدها؛ أضف كلمة أخرى.");
    await expect(results(page).getByRole("listitem")).toHaveCount(0);

    // A quoted phrase: its words in that order, function word included, marked as one run.
    for (const query of ['"الزعفران في بلدة"', "«الزعفران في بلدة»"]) {
      await typeQuery(page, query);
      await expect(statusLine(page), query).toHaveText("نتيجة واحدة");
      await expect(results(page).getByRole("link", { name: synthetic[0]!.title })).toBeVisible();
      await expect(results(page).locator("[data-snippet] mark")).toHaveText(["الزعفران في بلدة"]);
    }
    // The same words in another order are not the phrase.
    await typeQuery(page, "«بلدة في الزعفران»");
    await expect(statusLine(page)).toHaveText("لا نتائج لـ««بلدة في الزعفران»»");
  } finally {
    await server.stop();
  }
});

test("«عرض المزيد» shows ten results more each time, and goes once all are shown", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    // Twelve articles sharing a word no other has.
    for (let n = 1; n <= 12; n++) {
      await server.publish({ title: `مقال تجريبي عن الياسمين رقم ${n}`, body: `فقرة تجريبية رقم ${n} عن حدائق الياسمين المتخيلة.` });
    }
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 13);
    await page.goto(`${server.url}/search?q=${encodeURIComponent("الياسمين")}`);
    await expect(results(page)).toHaveAttribute("data-search-results", "الياسمين");
    await expect(statusLine(page)).toHaveText("12 نتيجةً");
    await expect(results(page).getByRole("listitem")).toHaveCount(10);
    const more = results(page).getByRole("button", { name: "عرض المزيد" });
    await more.click();
    await expect(results(page).getByRole("listitem")).toHaveCount(12);
    await expect(more).toBeHidden();
    // A new query starts again from ten.
    await typeQuery(page, "الياسمين المتخيلة");
    await expect(results(page).getByRole("listitem")).toHaveCount(10);
    await expect(more).toBeVisible();
  } finally {
    await server.stop();
  }
});

// The bench's budget is 50 ms. On a loaded 2-core machine the page's own
// small tasks (a React commit, a history update) stretch to 100 ms now and
// then, so the test holds a bound that still fails any indexing on the main
// thread: building, loading or saving 5,000 articles there blocked it for
// 700 to 900 ms at a time.
const LONG_TASK_BOUND_MS = 200;
const MANY = 5000;

test("typing stays responsive while 5,000 articles are indexed, offline", async ({ page }) => {
  test.setTimeout(300_000);
  const server = await new AppServer().start();
  const store = openSqliteStore(server.dataDir);
  try {
    // Through the store in this process, as the bench does: a minute faster than over HTTP.
    for (let n = 0; n < MANY; n++) {
      const a = syntheticArticle(n);
      const body = a.blocks.map((b) => (b.type === "paragraph" ? b.children.map((c) => (c.type === "text" ? c.value : "")).join("") : ""));
      await publishArticle(store, { title: a.title, summary: a.summary, section: "تجريبي", publishedAt: a.publishedAt, body: body.join("\n\n") });
    }
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    await expect(page.locator("[data-library-status]")).toHaveText(`${articlesCount(MANY + 1)} للقراءة دون اتصال`, { timeout: 180_000 });
    await server.stop();

    // Every long task of the main thread, from the page's first script on.
    await page.addInitScript(() => {
      const tasks: Array<{ start: number; duration: number }> = [];
      Object.assign(window, { __longTasks: tasks });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${server.url}/search`);
    // Nothing stored: the index is built from the library, in its worker.
    await expect(statusLine(page)).toHaveText("جارٍ تجهيز البحث…");
    await searchBox(page).pressSequentially("مطار دمشق");
    await expect(searchBox(page)).toHaveValue("مطار دمشق");
    // Typed while the index was still being built.
    await expect(statusLine(page)).toHaveText("جارٍ تجهيز البحث…");

    // Then the results for what was typed, once the index is ready, and its first save.
    await expect(results(page)).toHaveAttribute("data-search-results", "مطار دمشق", { timeout: 120_000 });
    await expect(statusLine(page)).toHaveText(/^\d+ نتيجةً?$|^\d+ نتائج$/);
    expect((await measures(page, "search:load")).map((m) => m.source)).toEqual(["rebuilt"]);
    await expect.poll(async () => (await measures(page, "search:save")).length, { timeout: 30_000 }).toBe(1);

    const [load] = await page.evaluate(() => performance.getEntriesByName("search:load").map((e) => ({ start: e.startTime, end: e.startTime + e.duration })));
    const [save] = await page.evaluate(() => performance.getEntriesByName("search:save").map((e) => ({ start: e.startTime, end: e.startTime + e.duration })));
    const longest = await page.evaluate(
      ({ from, to }) => {
        const tasks = (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks;
        return Math.max(0, ...tasks.filter((t) => t.start + t.duration > from && t.start < to).map((t) => t.duration));
      },
      { from: load!.start, to: save!.end },
    );
    expect(longest, "the longest main-thread task while 5,000 articles were indexed and saved").toBeLessThan(LONG_TASK_BOUND_MS);
  } finally {
    await store.close();
    await server.stop();
  }
});
