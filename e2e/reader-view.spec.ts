import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";
const PAPER = { light: "#fbfaf7", dark: "#14120f", sepia: "#f4ecd8" };

const fontSize = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

/** The colour the browser gives its bar: the first theme-color meta whose media query matches. */
const themeColor = (page: Page) =>
  page.evaluate(() => {
    const metas = [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')];
    return metas.find((m) => !m.media || matchMedia(m.media).matches)?.content;
  });

test("the headline grows with the reader's text size and stays larger than the body at every size", async ({ page }) => {
  await page.goto("/settings");
  let previous = 0;
  for (const label of ["صغير", "عادي", "كبير", "أكبر", "كبير جدًا"]) {
    await page.goto("/settings");
    await page.getByRole("radio", { name: label, exact: true }).check();
    await page.goto(SEED_URL);
    const headline = await fontSize(page, "h1");
    const body = await fontSize(page, ".article-body > p");
    expect(headline, label).toBeGreaterThan(body);
    expect(headline, label).toBeGreaterThan(previous);
    previous = headline;
  }
});

test("the browser's theme colour follows the theme the reader chose, from the first paint and when changed", async ({ page }) => {
  // A reader who chose dark on a phone in light mode.
  await page.emulateMedia({ colorScheme: "light" });
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("akhbar:theme", "dark");
      sessionStorage.setItem("seeded", "1");
    }
  });
  await page.goto(SEED_URL);
  expect(await themeColor(page)).toBe(PAPER.dark);
  // After hydration too: React leaves the head as the boot script set it.
  await expect(page.locator("[data-push-opt-in]")).toBeVisible();
  expect(await themeColor(page)).toBe(PAPER.dark);
  await page.goto("/settings");
  await page.getByRole("radio", { name: "بنّي للقراءة" }).check();
  expect(await themeColor(page)).toBe(PAPER.sepia);
  await page.getByRole("radio", { name: "فاتح" }).check();
  expect(await themeColor(page)).toBe(PAPER.light);
  // Back to the system's: the phone's scheme decides again.
  await page.getByRole("radio", { name: "تلقائي (مثل الهاتف)" }).check();
  expect(await themeColor(page)).toBe(PAPER.light);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await themeColor(page)).toBe(PAPER.dark);
  await page.reload();
  expect(await themeColor(page)).toBe(PAPER.dark);
});

test("the article shows its reading time beside the date", async ({ page }) => {
  await page.goto(SEED_URL);
  await expect(page.locator("article header [data-reading-time]")).toHaveText("3 دقائق قراءة");
});

test("printing an article prints the article alone, dark on white, even in the dark theme", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem("akhbar:theme", "dark"));
  await page.goto(SEED_URL);
  // The footer's offer appears after load; it must not print either.
  await expect(page.locator("[data-push-opt-in]")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".article-body > p").last()).toBeVisible();
  await expect(page.locator("article header time").first()).toBeVisible();
  for (const hidden of [
    page.getByRole("navigation", { name: "أقسام التطبيق" }),
    page.locator("body > header"),
    page.locator("body > footer"),
    page.locator("[data-push-opt-in]"),
    page.getByRole("button", { name: "شارك" }),
    page.getByRole("button", { name: "احفظ" }),
    page.getByRole("complementary", { name: "مقالات ذات صلة" }),
  ]) {
    await expect(hidden).toBeHidden();
  }
  const colors = await page.locator("body").evaluate((body) => [getComputedStyle(body).color, getComputedStyle(body).backgroundColor]);
  expect(colors).toEqual(["rgb(0, 0, 0)", "rgb(255, 255, 255)"]);
  // What Chromium prints: the masthead's nav links and the footer's offer are not on paper.
  const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
  const pages = pdf.match(/\/Type\s*\/Page\b/g) ?? [];
  expect(pages.length).toBe(2);
});
