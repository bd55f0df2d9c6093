import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./support/fixtures";
import { AppServer } from "./support/server";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";
const seedText = readFileSync(path.resolve(import.meta.dirname, "../content/seed-article.txt"), "utf8");
const seedLines = seedText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const HEADLINE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";
const SUBHEADING = "هروب الأسد";
// The body: every line between «شارك» and «مقالات ذات صلة», subheading included.
const bodyLines = seedLines.slice(seedLines.indexOf("شارك") + 1, seedLines.indexOf("مقالات ذات صلة"));
const paragraphs = bodyLines.filter((l) => l !== SUBHEADING);

/** Text of an HTML fragment as a reader sees it: tags dropped, entities decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

test("the server's HTML holds the whole seed article, in order, character for character", async ({ request }) => {
  const res = await request.get(SEED_URL);
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toMatch(/s-maxage=\d+/);
  const html = await res.text();
  expect(html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"/);

  const h1 = [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)].map((m) => textOf(m[1] ?? ""));
  expect(h1).toEqual([HEADLINE]);
  const h2 = [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => textOf(m[1] ?? ""));
  expect(h2).toContain(SUBHEADING);

  const body = /<div class="article-body[^"]*">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  const served = [...body.matchAll(/<(p|h2)>([\s\S]*?)<\/\1>/g)].map((m) => textOf(m[2] ?? ""));
  expect(served).toEqual(bodyLines);
  expect(served.filter((l) => l !== SUBHEADING)).toEqual(paragraphs);
  expect(paragraphs.length).toBe(14);

  expect(html).toContain("رئيس التحرير");
  expect(html).toContain("سراب حسان غانم");
  expect(html).toContain("مدير التحرير");
  expect(html).toContain("رماح اسماعيل");
  expect(html).toContain("8 كانون الأول 2024");
  expect(html).toMatch(/<button[^>]*data-share[^>]*>شارك<\/button>/);
});

test("the article reads right to left on a 390 px phone with nothing scrolling sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(SEED_URL);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(HEADLINE);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe("rtl");
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  // The headline starts at the right edge, as Arabic does.
  const box = await page.getByRole("heading", { level: 1 }).boundingBox();
  expect(box).not.toBeNull();
  expect(390 - (box!.x + box!.width)).toBeLessThan(40);
  await expect(page.getByRole("link", { name: "تخطَّ إلى المحتوى" })).toBeAttached();
  await expect(page.getByRole("main")).toBeVisible();
});

test("the share control copies the link and says so when the phone has no share sheet", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "share", { value: undefined, configurable: true });
  });
  await page.goto(SEED_URL);
  await page.getByRole("button", { name: "شارك" }).click();
  await expect(page.getByRole("status")).toHaveText("نُسخ الرابط");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test("the home page lists the seed article with its opening line and date", async ({ page }) => {
  // A first start of its own: the shared test server's home page holds what other tests published.
  const fresh = await new AppServer().start();
  try {
    await page.goto(`${fresh.url}/`);
    const link = page.getByRole("link", { name: HEADLINE });
    await expect(link).toBeVisible();
    await expect(page.getByText(paragraphs[0]!.slice(0, 40))).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${SEED_URL}$`));
  } finally {
    await fresh.stop();
  }
});

test("an unknown page answers 404 in Arabic", async ({ page }) => {
  const res = await page.goto("/articles/no-such-article");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("الصفحة غير موجودة");
  const other = await page.goto("/nothing/here");
  expect(other?.status()).toBe(404);
});
