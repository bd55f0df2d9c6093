/** Helpers for driving the real service worker from tests, over the DevTools Protocol. */
import type { BrowserContext, CDPSession, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { articlesCount } from "../../lib/arabic/plural";

/** Waits until the page is controlled and the library holds `count` articles. */
export async function waitForLibrary(page: Page, count: number): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await expect(page.locator("[data-library-status]")).toHaveText(`${articlesCount(count)} للقراءة دون اتصال`, { timeout: 20_000 });
}

/** Waits until the worker controls the page and has filled the library, whatever its size. */
export async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await expect(page.locator("[data-library-status]")).toHaveText(/للقراءة دون اتصال$/, { timeout: 20_000 });
}

/** A DevTools session that knows the active worker's registration id. */
export async function workerSession(context: BrowserContext, page: Page, origin: string): Promise<{ cdp: CDPSession; registrationId: string }> {
  const cdp = await context.newCDPSession(page);
  const found = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  return { cdp, registrationId: await found };
}

/** Titles of the notifications the worker is showing. */
export async function shownNotifications(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => n.title);
  });
}

/** What the page's IndexedDB library holds, by id: revision and title. */
export async function libraryContents(page: Page): Promise<Record<string, { revision: number; title: string; text: string }>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const records = await new Promise<{ id: string; article: { revision: number; title: string; blocks: unknown } }[]>((resolve) => {
      const req = db.transaction("articles").objectStore("articles").getAll();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return Object.fromEntries(
      records.map((r) => [r.id, { revision: r.article.revision, title: r.article.title, text: JSON.stringify(r.article.blocks) }]),
    );
  });
}
