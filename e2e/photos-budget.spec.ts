// The phone's budget for pictures, end to end in real Chromium with the real
// worker: a storage quota that runs out while pictures are stored, the
// «على شبكة Wi‑Fi فقط» setting on cellular and Wi‑Fi connections, and the
// data saver deciding until the reader chooses. Offline is the server's
// process stopped.
import type { Browser, BrowserContext, CDPSession, Page } from "@playwright/test";
import { syntheticPhoto } from "../test/support/synthetic-photo.mjs";
import { chromiumArgs, chromiumPath } from "./support/chromium";
import { expect, test } from "./support/fixtures";
import { AppServer, PUBLISH_TOKEN } from "./support/server";
import { libraryContents, waitForLibrary } from "./support/worker";

// navigator.connection.type exists on phones (Android, ChromeOS) only; desktop Chromium has it behind this flag.
test.use({ launchOptions: { executablePath: chromiumPath(), args: [...chromiumArgs, "--enable-blink-features=NetInfoDownlinkMax"] } });

const MEDIA_CACHE = "akhbar-media-v1";

interface Pass {
  stored: number;
  held: number;
  listed: number;
}

async function uploadPhoto(server: AppServer, seed: number, width = 480, height = 320): Promise<string> {
  const res = await fetch(`${server.url}/api/media`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: new Blob([new Uint8Array(await syntheticPhoto({ width, height, seed }))]),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url;
}

/** Asks the worker to sync and resolves with the first report of a pass over the pictures that matches. */
async function syncAndWaitForImages(page: Page, until: { listed: number; held?: number; heldAtMost?: number }): Promise<Pass> {
  return page.evaluate(
    ({ listed, held, heldAtMost }) =>
      new Promise<Pass>((resolve) => {
        navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
          const data = event.data as { type?: string } & Pass;
          if (data?.type !== "IMAGES_STORED" || data.listed < listed) return;
          if ((held === undefined || data.held >= held) && (heldAtMost === undefined || data.held <= heldAtMost)) resolve(data);
        });
        navigator.serviceWorker.startMessages();
        navigator.serviceWorker.controller!.postMessage({ type: "SYNC" }, [new MessageChannel().port2]);
      }),
    until,
  );
}

/** The pictures the phone holds (listed with a stored variant), by their /media/ URL. */
async function heldPictures(page: Page): Promise<string[]> {
  const ids = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const records = await new Promise<{ id: string; held?: unknown }[]>((resolve) => {
      const req = db.transaction("media").objectStore("media").getAll();
      req.onsuccess = () => resolve(req.result as { id: string; held?: unknown }[]);
    });
    db.close();
    return records.filter((r) => r.held).map((r) => r.id);
  });
  return ids.map((id) => `/media/${id}`).sort();
}

async function cachedMedia(page: Page): Promise<string[]> {
  return page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort(), MEDIA_CACHE);
}

/** No image on the page is broken: each has finished loading with pixels. */
async function brokenImages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const images = [...document.images];
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
    return images.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.currentSrc || img.src);
  });
}

/**
 * A DevTools session on the service worker itself: emulation set on a page's
 * session does not reach the worker for everything (the data saver), so it is
 * set on the worker's own target too. Chromium still speaks the older
 * non-flattened protocol for it: messages wrapped in Target.sendMessageToTarget.
 */
async function workerDevTools(browser: Browser, origin: string): Promise<{ send(method: string, params: object): Promise<void> }> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send("Target.getTargets");
  const target = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(origin));
  if (!target) throw new Error("no service worker target");
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false });
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let next = 0;
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    const message = JSON.parse(event.message) as { id?: number; error?: { message: string } };
    const call = message.id === undefined ? undefined : waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id!);
    if (message.error) call.reject(new Error(message.error.message));
    else call.resolve();
  });
  return {
    send: (method, params) =>
      new Promise<void>((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        void cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      }),
  };
}

/** What the worker's own navigator says of the connection. */
async function workerConnection(context: BrowserContext): Promise<{ type?: string; saveData?: boolean }> {
  const worker = context.serviceWorkers()[0];
  if (!worker) throw new Error("no service worker");
  return worker.evaluate(() => {
    const c = (navigator as Navigator & { connection?: { type?: string; saveData?: boolean } }).connection;
    return { type: c?.type, saveData: c?.saveData };
  });
}

/**
 * Emulates a connection type for the whole renderer (page and worker alike:
 * Chromium keeps one per process). Chromium applies the type only with some
 * throughput set (unthrottled means no emulation); 10 MB/s is plenty here.
 */
async function connectionType(cdp: CDPSession, type: "cellular4g" | "wifi"): Promise<void> {
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: 10_000_000,
    uploadThroughput: 10_000_000,
    connectionType: type,
  });
}

/** A fresh profile's storage use after syncing what the server holds (`pictures` of them): with text only, and per picture on top. */
async function measureStorage(browser: Browser, server: AppServer, pictures: number): Promise<{ textOnly: number; perPicture: number }> {
  const probe = await browser.newContext();
  try {
    const page = await probe.newPage();
    await page.goto(`${server.url}/settings`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    await page.getByRole("radio", { name: "أبدًا" }).check();
    await syncAndWaitForImages(page, { listed: pictures, heldAtMost: 0 });
    const textOnly = await storageUsage(page);
    if (pictures === 0) return { textOnly, perPicture: 0 };
    await page.getByRole("radio", { name: "دائمًا" }).check();
    await syncAndWaitForImages(page, { listed: pictures, held: pictures });
    const perPicture = ((await storageUsage(page)) - textOnly) / pictures;
    expect(perPicture).toBeGreaterThan(0);
    return { textOnly, perPicture };
  } finally {
    await probe.close();
  }
}

/** In a page: whether IndexedDB refuses to store `bytes` random bytes now (a scratch database, deleted after). */
async function refusesWrite(bytes: number): Promise<boolean> {
  const name = "quota-probe";
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("probe");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const data = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += 65536) crypto.getRandomValues(data.subarray(at, Math.min(bytes, at + 65536)));
  const refused = await new Promise<boolean>((resolve) => {
    const tx = db.transaction("probe", "readwrite");
    tx.objectStore("probe").put(data.buffer, 1);
    tx.oncomplete = () => resolve(false);
    tx.onabort = () => resolve(tx.error?.name === "QuotaExceededError");
  });
  db.close();
  await new Promise<void>((resolve) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = del.onblocked = () => resolve();
  });
  return refused;
}

const storageUsage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Random Arabic words: IndexedDB compresses what it stores, and repeated text would hardly take room. */
function randomText(chars: number, seed: number): string {
  const letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
  let state = seed;
  return Array.from({ length: chars }, (_, i) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return i % 6 === 5 ? " " : letters[state % letters.length];
  }).join("");
}

test("«على شبكة Wi‑Fi فقط»: no pictures while the worker is on a cellular connection, stored on Wi‑Fi and shown with the server stopped", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const server = await new AppServer().start();
  try {
    await page.goto(`${server.url}/settings`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
    const cdp = await context.newCDPSession(page);
    await connectionType(cdp, "cellular4g");
    await expect.poll(async () => (await workerConnection(context)).type).toBe("cellular");
    const wifiOnly = page.getByRole("radio", { name: "على شبكة Wi‑Fi فقط" });
    await wifiOnly.check();
    await expect(page.locator("[data-settings-status]")).toHaveText("ستُخزَّن صور المقالات مع المزامنة التالية.");

    const photo = await uploadPhoto(server, 61, 900, 600);
    const article = await server.publish({
      title: "مقال تجريبي بصورة على شبكة الهاتف",
      body: `![صورة اصطناعية](${photo} "تعليق الصورة الاصطناعية")\n\nفقرة تجريبية.`,
    });
    const onCellular = await syncAndWaitForImages(page, { listed: 1 });
    expect([onCellular.stored, onCellular.held]).toEqual([0, 0]);
    expect(await cachedMedia(page)).toEqual([]);
    // The text came all the same.
    expect((await libraryContents(page))[article.id]?.title).toBe("مقال تجريبي بصورة على شبكة الهاتف");

    await connectionType(cdp, "wifi");
    await expect.poll(async () => (await workerConnection(context)).type).toBe("wifi");
    const onWifi = await syncAndWaitForImages(page, { listed: 1, held: 1 });
    expect([onWifi.held, onWifi.listed]).toEqual([1, 1]);
    expect(await cachedMedia(page)).toEqual([photo]);
    await page.reload();
    await expect(wifiOnly).toBeChecked();
    // The storage view: pictures apart from text.
    await expect(page.locator("[data-image-stats]")).toHaveText(/^الصور: صورة واحدة تشغل [\d.]+ كيلوبايت\. النصوص: [\d.]+ (كيلوبايت|ميغابايت)\.$/);

    await server.stop();
    await page.goto(`${server.url}${article.url}`);
    await expect(page.locator(".article-body figcaption")).toHaveText("تعليق الصورة الاصطناعية");
    await expect(page.locator(".article-body picture img")).toBeVisible();
    expect(await brokenImages(page)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test("until the reader chooses, the phone's data saver decides: text only while it is on", async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  const server = await new AppServer().start();
  try {
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 1);
    const pageCdp = await context.newCDPSession(page);
    const worker = await workerDevTools(browser, server.url);
    // Data saver on, for the page and (on its own session) the worker.
    await pageCdp.send("Emulation.setDataSaverOverride", { dataSaverEnabled: true });
    await worker.send("Emulation.setDataSaverOverride", { dataSaverEnabled: true });
    await expect.poll(async () => (await workerConnection(context)).saveData).toBe(true);

    const photo = await uploadPhoto(server, 71, 900, 600);
    const article = await server.publish({ title: "مقال تجريبي والهاتف يوفّر البيانات", body: `![صورة اصطناعية](${photo})\n\nفقرة تجريبية.` });
    const saving = await syncAndWaitForImages(page, { listed: 1 });
    expect([saving.stored, saving.held]).toEqual([0, 0]);
    expect(await cachedMedia(page)).toEqual([]);
    expect((await libraryContents(page))[article.id]?.title).toBe("مقال تجريبي والهاتف يوفّر البيانات");
    // The settings say what applies: «أبدًا», the data saver's default, not a choice the reader made.
    await page.goto(`${server.url}/settings`);
    await expect(page.getByRole("radio", { name: "أبدًا" })).toBeChecked();

    await pageCdp.send("Emulation.setDataSaverOverride", { dataSaverEnabled: false });
    await worker.send("Emulation.setDataSaverOverride", { dataSaverEnabled: false });
    await expect.poll(async () => (await workerConnection(context)).saveData).toBe(false);
    const stored = await syncAndWaitForImages(page, { listed: 1, held: 1 });
    expect([stored.held, stored.listed]).toEqual([1, 1]);
    expect(await cachedMedia(page)).toEqual([photo]);
    await page.reload();
    await expect(page.getByRole("radio", { name: "دائمًا" })).toBeChecked();
  } finally {
    await server.stop();
  }
});

test("when storage runs out while pictures are stored, the oldest unsaved pictures go first, a saved article's never, and the text always syncs", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const server = await new AppServer().start();
  const contexts: BrowserContext[] = [];
  try {
    const OLD = 24;
    const NEW = 3;
    const photos: string[] = [];
    for (let n = 0; n < OLD + NEW; n++) photos.push(await uploadPhoto(server, 100 + n));
    const publish = async (n: number) =>
      server.publish({
        title: `مقال تجريبي مصوّر ${n + 1}`,
        body: `![صورة اصطناعية ${n + 1}](${photos[n]})\n\nفقرة تجريبية ${n + 1}.`,
        publishedAt: `2025-08-01T10:${String(n).padStart(2, "0")}:00Z`,
      });
    const articles: { id: string; url: string }[] = [];
    for (let n = 0; n < OLD; n++) articles.push(await publish(n));

    const { textOnly, perPicture } = await measureStorage(browser, server, OLD);

    // Room for the text and about 15 of the 24 pictures.
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const quota = Math.round(textOnly + 15.5 * perPicture);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: quota });
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, OLD + 1);
    const first = await syncAndWaitForImages(page, { listed: OLD, held: 1 });
    const heldBefore = await heldPictures(page);
    expect(heldBefore.length, "not every picture fits").toBeLessThan(OLD);
    expect(heldBefore.length, "more than one eviction's worth fits").toBeGreaterThan(11);
    expect(first.held).toBe(heldBefore.length);
    // The newest fit: what is held is the newest pictures, none older than one left out.
    expect(heldBefore).toEqual(photos.slice(OLD - heldBefore.length, OLD).sort());

    // The reader saves the oldest article whose picture the phone holds: first in line to go, were it not saved.
    const savedIndex = OLD - heldBefore.length;
    await page.goto(`${server.url}${articles[savedIndex]!.url}`);
    await page.getByRole("button", { name: "احفظ" }).click();
    await expect(page.getByRole("button", { name: "محفوظ" })).toBeVisible();

    // A little room for the new articles' text (the pictures then fill it too), none for their pictures.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: quota + Math.round(perPicture / 2) });
    for (let n = OLD; n < OLD + NEW; n++) articles.push(await publish(n));
    const after = await syncAndWaitForImages(page, { listed: OLD + NEW, held: 1 });
    const heldAfter = await heldPictures(page);
    expect(after.held).toBe(heldAfter.length);

    // Text is never what gives way: every article is on the phone.
    const library = await libraryContents(page);
    for (const a of articles) expect(library[a.id], a.url).toBeDefined();
    // Every new picture is held, and the saved article's stays.
    for (const url of photos.slice(OLD)) expect(heldAfter).toContain(url);
    expect(heldAfter).toContain(photos[savedIndex]);
    // Room came from the oldest unsaved pictures: the unsaved old ones still held are the newest of them.
    const oldUnsaved = heldAfter.filter((url) => photos.indexOf(url) < OLD && url !== photos[savedIndex]);
    expect(oldUnsaved.length, "some old pictures made way").toBeLessThan(heldBefore.length - 1);
    expect(oldUnsaved).toEqual(photos.slice(OLD - oldUnsaved.length, OLD).sort());
    expect((await cachedMedia(page)).sort()).toEqual(heldAfter);

    await server.stop();
    // Offline: the saved article and the newest show their pictures; one whose picture went shows its placeholder, never a broken image.
    for (const index of [savedIndex, OLD + NEW - 1, 0]) {
      const res = await page.goto(`${server.url}${articles[index]!.url}`);
      expect(res?.headers()["x-served-by"]).toBe("service-worker");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقال تجريبي مصوّر ${index + 1}`);
      expect(await brokenImages(page)).toEqual([]);
      await expect(page.locator(".article-body picture img")).toHaveCount(index === 0 ? 0 : 1);
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await server.stop();
  }
});

test("when a sync's text meets a full phone, the oldest unsaved pictures make room before any article goes", async ({ browser }) => {
  test.setTimeout(300_000);
  const server = await new AppServer().start();
  const contexts: BrowserContext[] = [];
  try {
    const OLD = 12;
    const photos: string[] = [];
    const articles: { id: string; url: string }[] = [];
    for (let n = 0; n < OLD; n++) {
      photos.push(await uploadPhoto(server, 200 + n));
      articles.push(
        await server.publish({
          title: `مقال تجريبي مصوّر ${n + 1}`,
          body: `![صورة اصطناعية ${n + 1}](${photos[n]})\n\nفقرة تجريبية ${n + 1}.`,
          publishedAt: `2025-09-01T10:${String(n).padStart(2, "0")}:00Z`,
        }),
      );
    }
    const { textOnly, perPicture } = await measureStorage(browser, server, OLD);

    // Room for the text and about 8 of the 12 pictures.
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: Math.round(textOnly + 8.5 * perPicture) });
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, OLD + 1);
    await syncAndWaitForImages(page, { listed: OLD, held: 1 });
    const heldBefore = await heldPictures(page);
    expect(heldBefore.length).toBeLessThan(OLD);
    expect(heldBefore.length).toBeGreaterThan(3);
    const savedIndex = OLD - heldBefore.length;
    await page.goto(`${server.url}${articles[savedIndex]!.url}`);
    await page.getByRole("button", { name: "احفظ" }).click();
    await expect(page.getByRole("button", { name: "محفوظ" })).toBeVisible();

    // Two long articles without pictures. What their text takes, measured in a throwaway profile
    // while this phone waits; then this phone gets half of that as room: too little without the pictures' space.
    for (let n = 0; n < 2; n++) {
      articles.push(
        await server.publish({
          title: `مقال تجريبي طويل ${n + 1}`,
          body: `فقرة تجريبية: ${randomText(Math.round(perPicture), 11 + n)}\n\nنهاية المقال التجريبي الطويل ${n + 1}.`,
          publishedAt: `2025-09-02T10:0${n}:00Z`,
        }),
      );
    }
    const longText = (await measureStorage(browser, server, OLD)).textOnly - textOnly;
    expect(longText).toBeGreaterThan(0);
    expect(longText, "the pictures' room is enough for the text").toBeLessThan((heldBefore.length - 1) * perPicture);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: Math.round((await storageUsage(page)) + longText / 2) });
    // Chromium's IndexedDB keeps the room it last learnt of for a while (up to 30 s): wait until it
    // refuses a write of the text's size (random bytes, which no compression shrinks), then go on.
    await expect
      .poll(() => page.evaluate(refusesWrite, Math.round(longText)), { timeout: 90_000, intervals: [1000, 2000, 5000] })
      .toBe(true);

    const after = await syncAndWaitForImages(page, { listed: OLD });
    // Every article is on the phone: none went to make room.
    const library = await libraryContents(page);
    for (const a of articles) expect(library[a.id], a.url).toBeDefined();
    // Pictures did: fewer are held, the saved article's among them, and the unsaved ones left are the newest.
    const heldAfter = await heldPictures(page);
    expect(after.held).toBe(heldAfter.length);
    expect(heldAfter.length, "pictures made room").toBeLessThan(heldBefore.length);
    expect(heldAfter).toContain(photos[savedIndex]);
    const unsaved = heldAfter.filter((url) => url !== photos[savedIndex]);
    expect(unsaved).toEqual(photos.slice(OLD - unsaved.length, OLD).sort());

    await server.stop();
    await page.goto(`${server.url}${articles.at(-1)!.url}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي طويل 2");
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await server.stop();
  }
});
