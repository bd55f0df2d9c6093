/**
 * Nothing a server sends may stop a phone's sync: a newer release that adds
 * fields and node types, an entry the worker cannot read, a store replaced
 * under the same address.
 */
import { expect, test, type Page } from "@playwright/test";
import { FeedProxy } from "./support/proxy";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";
import { MAX_INLINE_DEPTH } from "../lib/article/model";

/** Every record in the phone's library, as stored. */
async function heldRecords(page: Page): Promise<{ id: string; article: Record<string, unknown> }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const records = await new Promise<{ id: string; article: Record<string, unknown> }[]>((resolve) => {
      const req = db.transaction("articles").objectStore("articles").getAll();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return records;
  });
}

const heldIds = async (page: Page) => (await heldRecords(page)).map((r) => r.id).sort();

test("a newer server's extra fields and node types still sync; an entry the worker cannot read is skipped, not the page", async ({ page }) => {
  const server = await new AppServer().start();
  const proxy = await new FeedProxy(server.url, (feed) => ({
    ...feed,
    serverVersion: 99,
    articles: [
      ...(feed.articles as Record<string, unknown>[]).map((article) => ({
        ...article,
        kicker: "حقل لا يعرفه هذا الإصدار",
        blocks: [
          { type: "video", src: "/media/clip.mp4" },
          ...(article.blocks as Record<string, unknown>[]).map((block) => ({ ...block, align: "start" })),
        ],
      })),
      { id: "unreadable", slug: "Not A Slug", title: 5 },
    ],
    deleted: [...(feed.deleted as unknown[]), 42],
  })).start();
  try {
    const published = await server.publish({
      title: "مقال تجريبي من إصدار أحدث للخادم",
      body: "فقرة تجريبية أولى.\n\nفقرة تجريبية ثانية.",
    });
    await page.addInitScript(() => {
      const w = window as unknown as { skippedCounts: number[] };
      w.skippedCounts = [];
      navigator.serviceWorker?.addEventListener("message", (event: MessageEvent<{ type?: string; skipped?: number }>) => {
        if (event.data?.type === "SYNCED") w.skippedCounts.push(event.data.skipped ?? -1);
      });
    });
    await page.goto(`${proxy.url}/`);
    await waitForLibrary(page, 2);
    // Each sync reads the unreadable article and the id that is not one, and says so.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { skippedCounts: number[] }).skippedCounts))
      .toContain(2);

    const record = (await heldRecords(page)).find((r) => r.id === published.id);
    expect(record).toBeDefined();
    expect(Object.keys(record!.article)).not.toContain("kicker");
    expect(JSON.stringify(record!.article.blocks)).not.toMatch(/video|align/);

    await proxy.stop();
    const res = await page.goto(`${proxy.url}${published.url}`);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي من إصدار أحدث للخادم");
    await expect(page.getByText("فقرة تجريبية ثانية.")).toBeVisible();
  } finally {
    await proxy.stop();
    await server.stop();
  }
});

test("a replaced store makes the phone start over: what it lacks leaves, what the reader saved stays", async ({ page }) => {
  const first = await new AppServer().start();
  let second: AppServer | undefined;
  try {
    const kept = await first.publish({ title: "مقال تجريبي محفوظ", body: "نص تجريبي يحفظه القارئ." });
    const lost = await first.publish({ title: "مقال تجريبي لا يعرفه المخزن الجديد", body: "نص تجريبي." });
    await page.goto(`${first.url}${kept.url}`);
    await waitForLibrary(page, 3);
    await page.getByRole("button", { name: "احفظ" }).click();
    await expect(page.locator("[data-save]")).toHaveAttribute("aria-pressed", "true");
    const before = await heldIds(page);
    expect(before).toContain(lost.id);
    await first.stop();

    // Another store at the same address: an operator replaced DATA_DIR.
    second = await new AppServer({ port: first.port }).start();
    const fresh = await second.publish({ title: "مقال تجريبي من المخزن الجديد", body: "نص تجريبي جديد." });
    const seed = ((await (await fetch(`${second.url}/api/articles`)).json()) as { articles: { id: string }[] }).articles[0]!;

    await page.goto(`${second.url}/`);
    await expect.poll(() => heldIds(page), { timeout: 20_000 }).toEqual([kept.id, fresh.id, seed.id].sort());

    // The next sync continues from the new store's cursor: nothing starts over again.
    const more = await second.publish({ title: "مقال تجريبي بعد البدء من جديد", body: "نص تجريبي." });
    await page.reload();
    await expect.poll(() => heldIds(page), { timeout: 20_000 }).toEqual([kept.id, fresh.id, seed.id, more.id].sort());

    await second.stop();
    for (const [url, title] of [
      [fresh.url, "مقال تجريبي من المخزن الجديد"],
      [kept.url, "مقال تجريبي محفوظ"],
    ] as const) {
      const res = await page.goto(`${second.url}${url}`);
      expect(res?.headers()["x-served-by"], url).toBe("service-worker");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    }
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test("after the worst inputs the API accepts, a fresh phone syncs the whole library and reads every article offline", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await new AppServer().start();
  try {
    const hundredYears = new Date(Date.now() + 99 * 365 * 24 * 3600 * 1000).toISOString();
    const deep = (inner: string) => `${"**".repeat(MAX_INLINE_DEPTH)}${inner}${"**".repeat(MAX_INLINE_DEPTH)}`;
    const worst = [
      { title: "مقال تجريبي $' $& $` $1 $$ «عنوان»", summary: "ملخص تجريبي $' $&", body: "نص تجريبي فيه $' و$& و$`." },
      { title: "\u202bمقال تجريبي\u202c باتجاه \u2067مقلوب\u2069 \u200f", body: "نص\u200b تجريبي \u202eمقلوب\u202c." },
      { title: "مقال تجريبي عميق التداخل", body: deep("كلمة عميقة") },
      { title: "مقال تجريبي من أقدم تاريخ", publishedAt: "1900-01-01T00:00:00Z", body: "نص تجريبي قديم." },
      {
        title: "ع".repeat(299) + "ي",
        summary: "ملخص ".repeat(200).slice(0, 1000),
        section: "قسم ".repeat(15).slice(0, 60),
        body: "فقرة تجريبية طويلة\tفيها جدولة.\n\n".repeat(17_500),
      },
      { title: "مقال تجريبي </title><script>alert(1)</script>", body: "نص تجريبي </main><script>alert(2)</script> فيه وسوم." },
    ];
    const published = [];
    for (const input of worst) published.push({ ...(await server.publish(input)), title: input.title });
    // The farthest date the API accepts schedules the article: until then no phone or page has it.
    const far = await server.publish({ title: "مقال تجريبي من أبعد تاريخ", publishedAt: hundredYears, body: "نص تجريبي بعيد." });
    expect((await fetch(`${server.url}${far.url}`)).status).toBe(404);

    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    for (const { url } of published) expect((await fetch(`${server.url}${url}`)).status, url).toBe(200);

    await page.goto(`${server.url}/`);
    await waitForLibrary(page, worst.length + 1);
    await server.stop();

    for (const { url, title } of published) {
      const res = await page.goto(`${server.url}${url}`);
      expect(res?.headers()["x-served-by"], url).toBe("service-worker");
      expect(await page.getByRole("heading", { level: 1 }).evaluate((h) => h.textContent)).toBe(title);
      expect(await page.title()).toBe(`${title} | الأخبار`);
    }
    const res = await page.goto(`${server.url}/`);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.locator("li[data-article-id]")).toHaveCount(worst.length + 1);
  } finally {
    await server.stop();
  }
});
