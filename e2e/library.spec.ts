import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";
import { libraryContents, waitForLibrary, waitForWorker } from "./support/worker";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";
const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";

let server: AppServer;
test.beforeEach(async () => {
  server = await new AppServer().start();
});
test.afterEach(async () => {
  await server.stop();
});

test("a saved article survives eviction; the oldest unsaved go first; saved ones read offline", async ({ page }) => {
  await page.goto(`${server.url}${SEED_URL}`);
  await waitForLibrary(page, 1);
  const save = page.getByRole("button", { name: "احفظ" });
  await save.click();
  await expect(page.getByRole("button", { name: "محفوظ" })).toHaveAttribute("aria-pressed", "true");

  // The reader keeps at most 50 unsaved articles; 55 more arrive.
  await page.goto(`${server.url}/settings`);
  await page.getByRole("combobox").selectOption("50");
  const published: { id: string }[] = [];
  for (let n = 1; n <= 55; n++) {
    const minute = String(n).padStart(2, "0");
    published.push(
      await server.publish({
        title: `مقال تجريبي للإزاحة ${n}`,
        body: `نص تجريبي ${n}.`,
        publishedAt: `2025-06-01T10:${minute}:00Z`,
      }),
    );
  }
  await page.goto(`${server.url}/`);
  await expect
    .poll(async () => Object.keys(await libraryContents(page)).length, { timeout: 20_000 })
    .toBe(51);
  const held = await libraryContents(page);
  const seedId = Object.entries(held).find(([, a]) => a.title === SEED_TITLE)?.[0];
  expect(seedId, "the saved seed is still held").toBeTruthy();
  expect(published.slice(0, 5).some((a) => a.id in held)).toBe(false);
  expect(published.slice(5).every((a) => a.id in held)).toBe(true);

  await server.stop();
  await page.goto(`${server.url}/saved`);
  await expect(page.getByRole("link", { name: SEED_TITLE })).toBeVisible();
  await page.getByRole("link", { name: SEED_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByRole("button", { name: "محفوظ" })).toBeVisible();
});

test("the saved page lists what the reader saved with its date, and «أزل» unsaves it until none is left", async ({ page }) => {
  await page.goto(`${server.url}/saved`);
  await expect(page.locator("[data-saved-empty]")).toHaveText("لم تحفظ أي مقال بعد. اضغط «احفظ» في أي مقال لتجده هنا، حتى دون اتصال.");

  await page.goto(`${server.url}${SEED_URL}`);
  await waitForLibrary(page, 1);
  await page.getByRole("button", { name: "احفظ" }).click();
  await expect(page.getByRole("button", { name: "محفوظ" })).toHaveAttribute("aria-pressed", "true");

  await page.goto(`${server.url}/saved`);
  const item = page.getByRole("listitem");
  await expect(item.getByRole("link", { name: SEED_TITLE })).toHaveAttribute("href", SEED_URL);
  await expect(item.getByText("8 كانون الأول 2024")).toBeVisible();
  await item.getByRole("button", { name: "أزل" }).click();
  await expect(page.locator("[data-saved-empty]")).toBeVisible();
  // Unsaved in the library too: the article's button says so.
  await page.goto(`${server.url}${SEED_URL}`);
  await expect(page.getByRole("button", { name: "احفظ" })).toHaveAttribute("aria-pressed", "false");
});

test("the reading position comes back after a reload, and the home page offers to continue", async ({ page }) => {
  await page.goto(`${server.url}${SEED_URL}`);
  await waitForWorker(page);
  const target = await page.evaluate(() => {
    const max = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, max * 0.5);
    return window.scrollY;
  });
  expect(target).toBeGreaterThan(200);
  // Positions are kept a second after scrolling stops: wait until this one is in the library.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open("akhbar-library");
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const positions = await new Promise<{ fraction: number }[]>((resolve, reject) => {
          const req = db.transaction("positions").objectStore("positions").getAll();
          req.onsuccess = () => resolve(req.result as { fraction: number }[]);
          req.onerror = () => reject(req.error);
        });
        db.close();
        return positions.length === 1 ? positions[0]!.fraction : -1;
      }),
    )
    .toBeCloseTo(0.5, 1);
  await page.reload();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(target - 80);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(target + 80);

  await page.goto(`${server.url}/`);
  const offer = page.locator("[data-continue-reading]");
  await expect(offer).toBeVisible();
  await expect(offer.getByRole("heading")).toHaveText("تابع القراءة");
  await expect(offer.getByRole("link", { name: SEED_TITLE })).toBeVisible();
  await expect(offer).toContainText(/قرأت \d+٪ منه/);
});

test("theme and text size persist across visits and apply before first paint, offline too", async ({ page }) => {
  await page.goto(`${server.url}/settings`);
  await waitForWorker(page);
  await page.getByRole("radio", { name: "داكن" }).check();
  await page.getByRole("radio", { name: "كبير جدًا" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("html")).toHaveAttribute("data-text-size", "5");

  // The attributes are set by a script that runs in <head>, before the body exists.
  const raw = await (await fetch(`${server.url}${SEED_URL}`)).text();
  const head = raw.slice(0, raw.indexOf("<body"));
  expect(head).toMatch(/<script data-boot[^>]*>/);
  const seenBeforeBody: string[] = [];
  await page.exposeFunction("recordTheme", (value: string) => seenBeforeBody.push(value));
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body) {
        (window as unknown as { recordTheme: (v: string) => void }).recordTheme(document.documentElement.dataset.theme ?? "none");
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}${SEED_URL}`);
  await expect.poll(() => seenBeforeBody[0]).toBe("dark");
  const size = await page.locator(".article-body p").first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
  expect(size).toBeGreaterThan(26);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(20, 18, 15)");

  await server.stop();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("html")).toHaveAttribute("data-served-offline", "");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(20, 18, 15)");
});

test("settings show the library's space and clearing it keeps saved articles", async ({ page }) => {
  await server.publish({ title: "مقال تجريبي للمسح", body: "نص تجريبي للمسح." });
  await page.goto(`${server.url}${SEED_URL}`);
  await waitForLibrary(page, 2);
  await page.getByRole("button", { name: "احفظ" }).click();
  await expect(page.getByRole("button", { name: "محفوظ" })).toBeVisible();

  await page.goto(`${server.url}/settings`);
  await expect(page.locator("[data-library-stats]")).toHaveText("على هاتفك مقالان، منها مقال واحد في المحفوظة.");
  await expect(page.locator("[data-storage-usage]")).toContainText(/يستخدم التطبيق [\d.]+ (كيلوبايت|ميغابايت) من/);
  await page.getByRole("button", { name: "امسح المقالات المخزّنة (تبقى المحفوظة)" }).click();
  await expect(page.locator("[data-settings-status]")).toHaveText("مُسح مقال واحد، وبقيت المحفوظة.");
  await expect(page.locator("[data-library-stats]")).toHaveText("على هاتفك مقال واحد، منها مقال واحد في المحفوظة.");
  const held = await libraryContents(page);
  expect(Object.values(held).map((a) => a.title)).toEqual([SEED_TITLE]);
});

test("when the phone's storage runs out, the oldest unsaved articles give way and the reader keeps reading", async ({ browser }) => {
  // What the app shell alone takes (precache, worker, seed), measured in a throwaway profile.
  const probe = await browser.newContext();
  const probePage = await probe.newPage();
  await probePage.goto(`${server.url}/`);
  await waitForLibrary(probePage, 1);
  const shell = await probePage.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await probe.close();

  // A real quota, set before anything is stored: Chromium refuses writes past it with QuotaExceededError.
  // It leaves about 0.7 MB for the library: room for some of the articles below (about 50 KB each as stored, compressed), not all.
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: shell + 700_000 });
  await page.goto(`${server.url}${SEED_URL}`);
  await waitForLibrary(page, 1);
  await page.getByRole("button", { name: "احفظ" }).click();
  await expect(page.getByRole("button", { name: "محفوظ" })).toBeVisible();

  // Random letters: IndexedDB compresses what it stores, and repeated text would hardly take room.
  const letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
  let state = 7;
  const randomText = (chars: number) =>
    Array.from({ length: chars }, (_, i) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return i % 6 === 5 ? " " : letters[state % letters.length];
    }).join("");
  const published: { id: string }[] = [];
  for (let n = 1; n <= 30; n++) {
    published.push(
      await server.publish({
        title: `مقال تجريبي كبير ${n}`,
        body: `فقرة تجريبية: ${randomText(80_000)}\n\nنهاية المقال التجريبي ${n}.`,
        publishedAt: `2025-07-01T10:${String(n).padStart(2, "0")}:00Z`,
      }),
    );
  }
  await page.goto(`${server.url}/`);
  const newest = published.at(-1)!.id;
  await expect.poll(async () => newest in (await libraryContents(page)), { timeout: 30_000 }).toBe(true);
  const held = await libraryContents(page);
  const heldSynthetic = published.filter((a) => a.id in held).length;
  expect(heldSynthetic, "not everything fits").toBeLessThan(published.length);
  expect(heldSynthetic, "the newest fit").toBeGreaterThan(0);
  expect(Object.values(held).some((a) => a.title === SEED_TITLE), "the saved seed stays").toBe(true);
  // What stayed is the newest: no held article is older than one that was let go.
  const heldIndexes = published.map((a, i) => (a.id in held ? i : -1)).filter((i) => i >= 0);
  expect(Math.min(...heldIndexes)).toBe(published.length - heldSynthetic);

  await server.stop();
  await page.goto(`${server.url}${SEED_URL}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SEED_TITLE);
  await page.goto(`${server.url}/`);
  await expect(page.getByRole("link", { name: "مقال تجريبي كبير 30" })).toBeVisible();
  await context.close();
});

test("a tab running older code is told to reload when a newer version upgrades the library", async ({ page }) => {
  await page.goto(`${server.url}${SEED_URL}`);
  await waitForLibrary(page, 1);
  // What a newer app version does from another tab: upgrade the database past this code's version.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("akhbar-library", 99);
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.getByRole("button", { name: "احفظ" }).click();
  const toast = page.locator('[data-toast="library-version"]');
  await expect(toast).toContainText("أعد تحميل هذه الصفحة");
  await expect(toast.getByRole("button", { name: "أعد التحميل" })).toBeVisible();
});
