import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/fixtures";

const ROUTES = [
  ["home", "/"],
  ["article", "/articles/khitam-ahd-al-nizam-al-bayed"],
  ["archive page 2", "/archive?page=2"],
  ["section", `/sections/${encodeURIComponent("أخبار تجريبية")}`],
  ["search", "/search"],
  ["saved", "/saved"],
  ["settings", "/settings"],
  ["offline", "/offline"],
  ["404", "/no-such-page"],
] as const;

const THEMES = ["light", "dark", "sepia"] as const;

/** Every WCAG 2.x rule at levels A and AA that axe-core knows. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

test.describe.configure({ mode: "serial" });

const describe = (v: { id: string; help: string; nodes: { target: unknown[] }[] }) =>
  `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`;

test.beforeAll(async ({ server }) => {
  // The archive's second page needs more than the home page's fifty; a few have a section, so
  // every page's header lists sections and the section's page has articles.
  for (let i = 1; i <= 51; i++) {
    await server.publish({
      ...(i <= 3 ? { section: "أخبار تجريبية" } : {}),
      title: `خبر رقم ${i} للأرشيف`,
      body: `نص الخبر رقم ${i}، فقرة واحدة تكفي.`,
      publishedAt: new Date(Date.UTC(2024, 0, 1, 9, i)).toISOString(),
    });
  }
});

for (const theme of THEMES) {
  for (const [name, url] of ROUTES) {
    test(`${name} in the ${theme} theme has no WCAG A/AA violation`, async ({ page }) => {
      await page.addInitScript((chosen) => localStorage.setItem("akhbar:theme", chosen), theme);
      await page.goto(url);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      // What appears after load is checked too: the footer's offer comes once the worker is ready.
      await expect(page.locator("[data-push-opt-in]")).toBeVisible();
      const { violations, passes } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
      expect(violations.map(describe)).toEqual([]);
      // The contrast rule did look at this page's text in this theme.
      expect(passes.map((p) => p.id)).toContain("color-contrast");
    });
  }
}

// Sepia is the theme for long reading: its text, muted text included, reaches 7:1 (WCAG AAA).
for (const [name, url] of ROUTES) {
  test(`${name} in the sepia theme has text at 7:1 or more`, async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem("akhbar:theme", "sepia"));
    await page.goto(url);
    await expect(page.locator("[data-push-opt-in]")).toBeVisible();
    const { violations, passes } = await new AxeBuilder({ page }).withRules(["color-contrast-enhanced"]).analyze();
    expect(violations.map(describe)).toEqual([]);
    expect(passes.map((p) => p.id)).toEqual(["color-contrast-enhanced"]);
  });
}
