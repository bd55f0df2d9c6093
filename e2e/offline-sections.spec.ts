// A section's page with the server stopped: the real service worker lists the
// section's articles the phone holds, newest first, in the home list's markup;
// a section the phone holds nothing of gets the Arabic message.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { articlesCount } from "../lib/arabic/plural";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

const testSection = () => `قسم تجريبي/100% ${randomBytes(3).toString("hex")}`;
const encoded = (section: string) => `/sections/${encodeURIComponent(section)}`;

test("offline, a section's page lists the section's held articles newest first and leads to each; an unknown one says so in Arabic", async ({ page }) => {
  test.setTimeout(120_000);
  // A server of its own: this test stops it.
  const server = await new AppServer().start();
  try {
    const section = testSection();
    const other = testSection();
    const titles = [1, 2, 3].map((n) => `مقال تجريبي في القسم دون اتصال ${n}`);
    const published = [];
    for (const [i, title] of titles.entries()) {
      published.push(await server.publish({ title, body: "نص تجريبي.", section, publishedAt: `2024-12-0${i + 2}T09:00:00+03:00` }));
    }
    await server.publish({ title: "مقال تجريبي في قسم آخر", body: "نص تجريبي.", section: other, publishedAt: "2024-12-09T09:00:00+03:00" });
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 5);
    const online = await page.goto(`${server.url}${encoded(section)}`);
    expect(online?.headers()["x-served-by"]).toBeUndefined();
    const onlineItems = await page.locator("main li[data-article-id]").evaluateAll((items) => items.map((li) => li.getAttribute("data-article-id")));
    await server.stop();

    const res = await page.goto(`${server.url}${encoded(section)}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(section);
    await expect(page.locator("[data-connection-status]")).toHaveText("غير متصل");
    // The same list as online, in the same markup: newest first, the other section's article not in it.
    const items = page.locator("main li[data-article-id]");
    await expect(items).toHaveCount(3);
    expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-article-id")))).toEqual(onlineItems);
    expect(onlineItems).toEqual(published.map((p) => p.id).reverse());
    await expect(items.locator("h2")).toHaveText([...titles].reverse());
    await expect(page.locator("[data-section-held]")).toContainText(`على هاتفك ${articlesCount(3)} من هذا القسم`);
    await expect(page.getByRole("link", { name: "المزيد" })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // A link opens the held article, which names its section as a link back.
    await page.getByRole("link", { name: titles[1]! }).click();
    await expect(page).toHaveURL(`${server.url}${published[1]!.url}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(titles[1]!);
    await page.locator("main header a", { hasText: section }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(section);

    // Past the last page, and a section the phone holds nothing of: the message, with a way to the library.
    for (const path of [`${encoded(section)}?page=2`, encoded(testSection())]) {
      const message = await page.goto(`${server.url}${path}`);
      expect(message?.status(), path).toBe(503);
      expect(message?.headers()["x-served-by"], path).toBe("service-worker");
      await expect(page.getByText("ليس على هاتفك ما يُعرض في هذه الصفحة من القسم.", { exact: false }), path).toBeVisible();
    }
    await page.getByRole("link", { name: "المقالات المحفوظة على هاتفك" }).click();
    await expect(page.locator("li[data-article-id]")).toHaveCount(5);
  } finally {
    await server.stop();
  }
});
