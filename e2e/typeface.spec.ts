import type { CDPSession, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";

/** A platform font as DevTools names it, with how many glyphs of the node it painted. */
interface PlatformFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/**
 * The fonts Chromium actually painted a node's text with (CSS.getPlatformFontsForNode).
 * document.fonts cannot tell: it says "loaded" even when the fallback painted.
 */
async function paintedWith(cdp: CDPSession, selector: string): Promise<PlatformFont[]> {
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  expect(nodeId, `no node for ${selector}`).toBeGreaterThan(0);
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  return fonts;
}

/** Opens the page and waits until it has painted and its fonts have settled; returns DevTools. */
async function firstView(page: Page, url: string): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await page.goto(url);
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  return cdp;
}

const NASKH = [{ familyName: "Noto Naskh Arabic", isCustomFont: true }];
const PLEX = [{ familyName: "IBM Plex Sans Arabic", isCustomFont: true }];
const families = (fonts: PlatformFont[]) => fonts.map(({ familyName, isCustomFont }) => ({ familyName, isCustomFont }));

// Each test gets a new browser context: an empty cache and no service worker, as a
// reader opening a shared link for the first time.
test("a shared article opened cold paints its body, digits and punctuation in Noto Naskh", async ({ page }) => {
  const cdp = await firstView(page, SEED_URL);
  // The first paragraph: Arabic words, digits, «،» and «.».
  const opening = page.locator(".article-body > p").first();
  await expect(opening).toContainText("الأحد 8 كانون الأول 2024 مرحلة");
  expect(families(await paintedWith(cdp, ".article-body > p"))).toEqual(NASKH);
  // The headline, «..» included, in the same family's bold.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("..");
  expect(families(await paintedWith(cdp, "h1"))).toEqual(NASKH);
  // And its reload, which used to stay in the fallback too.
  await page.reload();
  await page.evaluate(() => document.fonts.ready);
  expect(families(await paintedWith(cdp, ".article-body > p"))).toEqual(NASKH);
});

test("the date line and the credits paint digits, colons and words in one face, on the first page and after", async ({ page }) => {
  // First view: the interface face is not in the stack yet, so these show in one fallback face, whole.
  let cdp = await firstView(page, SEED_URL);
  await expect(page.locator("header time").first()).toHaveText("8 كانون الأول 2024، 12:00");
  expect(await paintedWith(cdp, "header time")).toHaveLength(1);
  expect(await paintedWith(cdp, "header dt")).toHaveLength(1);
  // The first page fetched the interface face once idle, and says so for the next pages.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("akhbar:fonts"))).toBe("plex");
  await page.getByRole("link", { name: "الأخبار", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "آخر الأخبار" })).toBeVisible();
  cdp = await firstView(page, SEED_URL);
  await expect(page.locator("html")).toHaveAttribute("data-fonts", "plex");
  expect(await paintedWith(cdp, "header time")).toHaveLength(1);
  // IBM Plex, when it paints (it is `optional`: a slow disk can still miss the first frame), has every
  // sign of these lines: the face the page's CSS names, loaded on its own and put on a copy of them.
  await page.evaluate(async () => {
    const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
    const face = rules.find(
      (r): r is CSSFontFaceRule =>
        r instanceof CSSFontFaceRule && r.style.getPropertyValue("font-family").replace(/"/g, "") === "Plex" && r.style.getPropertyValue("font-weight") === "400",
    );
    // The stylesheet's url() is relative to the stylesheet.
    const relative = /url\("?([^")]+)"?\)/.exec(face?.style.getPropertyValue("src") ?? "")?.[1] ?? "";
    const url = new URL(relative, face?.parentStyleSheet?.href ?? location.href).href;
    const loaded = await new FontFace("Plex probe", `url(${url})`).load();
    document.fonts.add(loaded);
    const probe = document.createElement("p");
    probe.id = "plex-probe";
    probe.style.fontFamily = '"Plex probe"';
    probe.textContent = `${document.querySelector("header time")?.textContent} ${document.querySelector("header dt")?.textContent} «(12:30)» ، 3.5`;
    document.body.append(probe);
  });
  expect(families(await paintedWith(cdp, "#plex-probe"))).toEqual(PLEX);
});

test("guillemets and parentheses in a body paint in the reading face too", async ({ page, server }) => {
  const { url } = await server.publish({
    title: "اختبار الخط",
    body: "قال المتحدث «سنعود قريبًا» (في 12:30) وأضاف: 3 أيام، لا أكثر.",
    publishedAt: "2025-01-01T09:00:00+03:00",
  });
  const cdp = await firstView(page, url);
  await expect(page.locator(".article-body > p")).toHaveText("قال المتحدث «سنعود قريبًا» (في 12:30) وأضاف: 3 أيام، لا أكثر.");
  expect(families(await paintedWith(cdp, ".article-body > p"))).toEqual(NASKH);
});

/** The page's cumulative layout shift once its fonts have settled and two more frames have passed. */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) total += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
        void document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(total))));
      }),
  );
}

test("the reading face is preloaded, and neither it nor what appears after load moves anything", async ({ page }) => {
  await page.goto(SEED_URL);
  // Both weights of the reading face are fetched from the head, before the CSS is even read.
  const preloads = await page.locator('link[rel="preload"][as="font"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(preloads).toHaveLength(2);
  const readingFace = await page.evaluate(() =>
    [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Naskh").map((f) => `${f.weight} ${f.status}`),
  );
  expect(readingFace.sort()).toEqual(["400 loaded", "700 loaded"]);
  // Nothing else was fetched before the page loaded: the interface face waits for idle.
  const fontsBeforeLoad = await page.evaluate(() => {
    const loaded = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return performance
      .getEntriesByType("resource")
      .filter((r) => r.name.endsWith(".woff2") && r.startTime < loaded.loadEventStart)
      .map((r) => new URL(r.name).pathname.split("/").pop()?.split(".")[0]);
  });
  expect(fontsBeforeLoad.sort()).toEqual(["naskh_400", "naskh_700"]);
  expect(await layoutShift(page)).toBe(0);
  // The home page reveals the footer's offers after load; nothing below them moves.
  await page.goto("/");
  await expect(page.locator("[data-push-opt-in]")).toBeVisible();
  expect(await layoutShift(page)).toBe(0);
});
