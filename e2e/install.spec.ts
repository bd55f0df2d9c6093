import { devices } from "@playwright/test";
import type { BrowserContext, Page } from "@playwright/test";
import sharp from "sharp";
import { iconSrc } from "../lib/app-icons";
import { site } from "../lib/site";
import { expect, test } from "./support/fixtures";
import { fireInstallPrompt, installPromptCalls, launchProfile, pngSize, waitForController } from "./support/install";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

interface ManifestImage {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
  form_factor?: string;
  label?: string;
}

interface WebAppManifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  lang: string;
  dir: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  categories: string[];
  icons: ManifestImage[];
  screenshots: ManifestImage[];
  shortcuts: { name: string; short_name: string; url: string }[];
}

const ARABIC = /[\u0600-\u06FF]/;

/** Counts a maskable icon's see-through pixels, and pixels other than paper outside the central 40% circle. */
async function maskableFaults(png: Buffer): Promise<{ transparent: number; markOutsideSafeZone: number }> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const paper = [0xfb, 0xfa, 0xf7];
  const faults = { transparent: 0, markOutsideSafeZone: 0 };
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const at = (y * info.width + x) * info.channels;
      if (data[at + 3] !== 255) faults.transparent++;
      const outside = Math.hypot(x + 0.5 - info.width / 2, y + 0.5 - info.height / 2) > 0.4 * info.width;
      if (outside && paper.some((c, i) => Math.abs(data[at + i]! - c) > 3)) faults.markOutsideSafeZone++;
    }
  }
  return faults;
}
const INSTALL_BUTTON = "ثبّت التطبيق على هاتفك";

test.describe("installing on the home screen", () => {
  let server: AppServer;
  test.beforeEach(async () => {
    server = await new AppServer().start();
  });
  test.afterEach(async () => {
    await server.stop();
  });

  test("Chromium finds the site installable, and the manifest describes the Arabic app with real icons and screenshots", async () => {
    const { context, page, close } = await launchProfile();
    try {
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      await page.goto(`${server.url}/`);
      await waitForController(page);
      const cdp = await context.newCDPSession(page);

      expect((await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
      const { url, errors, data } = await cdp.send("Page.getAppManifest");
      expect(url).toBe(`${server.url}/manifest.webmanifest`);
      expect(errors).toEqual([]);
      const manifest = JSON.parse(data ?? "{}") as WebAppManifest;
      expect(manifest).toMatchObject({
        id: "/",
        name: site.name,
        short_name: site.shortName,
        lang: "ar",
        dir: "rtl",
        start_url: "/?source=pwa",
        scope: "/",
        display: "standalone",
        theme_color: site.colors.background,
        background_color: site.colors.background,
        categories: ["news"],
      });
      for (const text of [manifest.name, manifest.short_name, manifest.description]) expect(text).toMatch(ARABIC);
      expect(manifest.shortcuts.map((s) => s.url)).toEqual(["/?source=pwa-shortcut", "/saved", "/search"]);
      for (const shortcut of manifest.shortcuts) expect(shortcut.name).toMatch(ARABIC);
      expect(manifest.icons.map((i) => `${i.purpose} ${i.sizes} ${i.type}`).sort()).toEqual([
        "any 192x192 image/png",
        "any 512x512 image/png",
        "maskable 192x192 image/png",
        "maskable 512x512 image/png",
      ]);
      expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(["narrow", "wide"]);
      for (const screenshot of manifest.screenshots) expect(screenshot.label).toMatch(ARABIC);

      // Every image the manifest and the page head name, and the notification badge, is a PNG of the size it claims.
      const headIcons = await page
        .locator('link[rel="icon"], link[rel="apple-touch-icon"]')
        .evaluateAll((links) => links.map((l) => ({ src: l.getAttribute("href") ?? "", sizes: l.getAttribute("sizes") ?? "" })));
      expect(headIcons).toContainEqual({ src: iconSrc("apple", 180), sizes: "180x180" });
      const images = [...manifest.icons, ...manifest.screenshots, ...headIcons, { src: iconSrc("badge", 96), sizes: "96x96" }];
      for (const { src, sizes } of images) {
        const response = await page.request.get(new URL(src, server.url).href);
        expect(response.status(), src).toBe(200);
        expect(response.headers()["content-type"], src).toBe("image/png");
        const [width, height] = sizes.split("x").map(Number);
        expect(pngSize(await response.body()), src).toEqual({ width, height });
      }

      // Maskable icons fill the square, and everything but the paper stays inside the central safe circle.
      for (const icon of manifest.icons.filter((i) => i.purpose === "maskable")) {
        const body = await (await page.request.get(new URL(icon.src, server.url).href)).body();
        expect(await maskableFaults(body), icon.src).toEqual({ transparent: 0, markOutsideSafeZone: 0 });
      }
      expect(consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  test("Chromium's beforeinstallprompt brings the install button, which opens the browser's dialog", async () => {
    const { page, close } = await launchProfile();
    try {
      await page.addInitScript(() => {
        window.addEventListener("beforeinstallprompt", () => ((window as unknown as { realPrompts: number }).realPrompts = 1));
      });
      await page.goto(`${server.url}/`);
      const offer = page.locator("footer [data-install]");
      const button = offer.getByRole("button", { name: INSTALL_BUTTON });
      // The real event, from Chromium's own installability check.
      await page.waitForFunction(() => (window as unknown as { realPrompts?: number }).realPrompts === 1, undefined, { timeout: 20_000 });
      await expect(button).toBeVisible();
      await expect(offer.getByText("إضافة إلى الشاشة الرئيسية")).toBeHidden();

      // Chromium fires its event once per page: a stand-in records the call the button makes.
      await fireInstallPrompt(page, "accepted");
      await button.click();
      await expect.poll(() => installPromptCalls(page)).toBe(1);
      await expect(offer).toBeHidden();
    } finally {
      await close();
    }
  });

  test("installed and opened from the home screen: the latest articles, in the reader's theme, offline too, with no offer to install", async () => {
    const { context, page, close } = await launchProfile({ colorScheme: "dark" });
    try {
      await page.goto(`${server.url}/`);
      await waitForLibrary(page, 1);
      const cdp = await context.newCDPSession(page);
      const manifestId = `${server.url}/`;
      await cdp.send("PWA.install", { manifestId, installUrlOrBundleUrl: `${server.url}/` });
      // Chromium installs from DevTools as "open in a browser tab"; a reader's install opens in its own window.
      await cdp.send("PWA.changeAppUserSettings", { manifestId, displayMode: "standalone" });

      const opened = context.waitForEvent("page");
      await cdp.send("PWA.launch", { manifestId });
      const app = await opened;
      await app.waitForLoadState();
      expect(app.url()).toBe(`${server.url}/?source=pwa`);
      expect(await app.evaluate(() => matchMedia("(display-mode: standalone)").matches)).toBe(true);
      await expect(app.getByRole("heading", { level: 1 })).toHaveText("آخر الأخبار");
      await waitForController(app);
      // Its own window, so a fresh visit: only standalone mode keeps the offer away.
      expect(await app.evaluate(() => sessionStorage.getItem("akhbar:install-offered"))).toBeNull();
      await fireInstallPrompt(app);
      await expect(app.locator("[data-install]")).toBeHidden();
      expect(await installPromptCalls(app)).toBe(0);

      await server.stop();
      const consoleErrors: string[] = [];
      app.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      const response = await app.reload();
      expect(response?.headers()["x-served-by"]).toBe("service-worker");
      await expect(app.getByRole("heading", { level: 1 })).toHaveText("آخر الأخبار");
      await expect(app.locator("li[data-article-id]")).toHaveCount(1);
      expect(await app.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(20, 18, 15)");
      expect(await app.evaluate(async (src) => (await fetch(src)).status, iconSrc("any", 192))).toBe(200);
      expect(await app.evaluate(async () => (await fetch("/manifest.webmanifest")).status)).toBe(200);
      expect(consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});

/** A new tab is a new visit: the once-per-visit rule starts afresh, what localStorage remembers stays. */
/**
 * A new page at `url`, opened once the worker is active for the site's pages
 * already open: a page that starts loading while the worker still installs is
 * left uncontrolled for good when the worker's claim() comes before the page
 * is ready for it.
 */
async function newVisit(context: BrowserContext, url: string): Promise<Page> {
  const origin = new URL(url).origin;
  for (const open of context.pages()) if (open.url().startsWith(origin)) await open.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const page = await context.newPage();
  await page.goto(url);
  await waitForController(page);
  return page;
}

test("the install button goes once the app is installed, and «ليس الآن» keeps it away for 30 days", async ({ context, baseURL }) => {
  const home = `${baseURL}/`;
  let page = await newVisit(context, home);
  let offer = page.locator("footer [data-install]");
  await expect(offer).toBeHidden();

  // Once the app is on the home screen, the offer goes.
  await fireInstallPrompt(page);
  await expect(offer.getByRole("button", { name: INSTALL_BUTTON })).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event("appinstalled")));
  await expect(offer).toBeHidden();

  await fireInstallPrompt(page);
  await expect(offer.getByRole("button", { name: INSTALL_BUTTON })).toBeVisible();
  await offer.getByRole("button", { name: "ليس الآن" }).click();
  await expect(offer).toBeHidden();

  page = await newVisit(context, home);
  offer = page.locator("footer [data-install]");
  await fireInstallPrompt(page);
  await expect(offer).toBeHidden();

  // A month on, the offer comes back; turning down the browser's own dialog counts as «ليس الآن» too.
  await page.evaluate(() => localStorage.setItem("akhbar:install-dismissed", String(Date.now() - 31 * 24 * 60 * 60 * 1000)));
  page = await newVisit(context, home);
  offer = page.locator("footer [data-install]");
  await fireInstallPrompt(page, "dismissed");
  await offer.getByRole("button", { name: INSTALL_BUTTON }).click();
  await expect.poll(() => installPromptCalls(page)).toBe(1);
  await expect(offer).toBeHidden();

  page = await newVisit(context, home);
  await fireInstallPrompt(page);
  await expect(page.locator("footer [data-install]")).toBeHidden();
});

test("the offer comes on one page of a visit, not on every page the reader opens", async ({ context, baseURL }) => {
  const page = await newVisit(context, `${baseURL}/`);
  const offer = page.locator("footer [data-install]");
  await fireInstallPrompt(page);
  await expect(offer).toBeVisible();

  // Whichever article heads the list: the shared test server holds what other tests published too.
  await page.locator('main a[href^="/articles/"]').first().click();
  await expect(page).toHaveURL(/\/articles\//);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await waitForController(page);
  await fireInstallPrompt(page);
  await expect(offer).toBeHidden();

  const next = await newVisit(context, `${baseURL}/`);
  await fireInstallPrompt(next);
  await expect(next.locator("footer [data-install]")).toBeVisible();
});

test("on iPhone Safari the footer shows how to add the app from the Share menu, until «ليس الآن»", async ({ browser, baseURL }) => {
  const { userAgent, viewport, isMobile, hasTouch, deviceScaleFactor } = devices["iPhone 15"]!;
  const context = await browser.newContext({ userAgent, viewport, isMobile, hasTouch, deviceScaleFactor, locale: "ar" });
  try {
    const page = await context.newPage();
    await page.goto(`${baseURL}/articles/khitam-ahd-al-nizam-al-bayed`);
    const offer = page.locator("footer [data-install]");
    await expect(offer).toBeVisible();
    await expect(offer.getByRole("listitem")).toHaveText(["اضغط زر المشاركة في Safari", "ثم اختر «إضافة إلى الشاشة الرئيسية»"]);
    await expect(offer.locator("li svg")).toHaveCount(2);
    await expect(offer.getByRole("button", { name: INSTALL_BUTTON })).toBeHidden();

    await offer.getByRole("button", { name: "ليس الآن" }).click();
    await expect(offer).toBeHidden();
    const later = await newVisit(context, `${baseURL}/`);
    await expect(later.locator("footer")).toBeVisible();
    await expect(later.locator("footer [data-install]")).toBeHidden();
  } finally {
    await context.close();
  }
});
