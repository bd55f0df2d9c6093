// @ts-check
/**
 * The worker's hot paths against the size of the phone's library (issue 12):
 * with 1,000 and then 10,000 synthetic articles held, the time the worker
 * takes to handle a push (sync, look the article up, show the notification),
 * and to answer an offline navigation to an article, to the home page and to a
 * section's page (every other article is in it) from IndexedDB, read from the worker's own User Timing measures (sw:push,
 * sw:notify, sw:offline-answer), and the worker's JavaScript heap after them.
 * The articles are written into IndexedDB directly, in the worker's record
 * format: publishing 10,000 over HTTP would measure the server, not the phone.
 * Target: each under 50 ms, and 10,000 within 1.5 times 1,000.
 */
import { chromium } from "@playwright/test";
import { CHROMIUM_FLAGS, chromiumPath } from "./lighthouse.mjs";
import { median, ms } from "./report.mjs";
import { PUBLISH_TOKEN, startServer } from "./server.mjs";

const SIZES = [1000, 10000];
const SAMPLES = 7;
const TARGET_MS = 50;
const MAX_RATIO = 1.5;
/** Every other held article is in it: a section's page reads its own index range, not the library. */
const SECTION = "قسم تجريبي للقياس";

/** Writes `count` synthetic articles (about 4 KB of text each) into the library, as the worker stores them. */
const FILL_LIBRARY = async (/** @type {{ count: number, section: string }} */ { count, section }) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("akhbar-library");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const paragraph = "فقرة تجريبية من مقال تجريبي للقياس، نص مولّد لا خبر فيه. ".repeat(30);
  await new Promise((resolve, reject) => {
    const tx = db.transaction("articles", "readwrite");
    for (let n = 1; n <= count; n++) {
      const at = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString();
      tx.objectStore("articles").put({
        format: 2,
        id: `bench-${n}`,
        syncedAt: Date.now(),
        article: {
          id: `bench-${n}`,
          slug: `bench-${n}`,
          title: `مقال تجريبي للقياس رقم ${n}`,
          ...(n % 2 === 0 ? { section } : {}),
          blocks: [1, 2, 3].map((p) => ({ type: "paragraph", children: [{ type: "text", value: `${paragraph} (${n}.${p})` }] })),
          publishedAt: at,
          updatedAt: at,
          revision: 1,
        },
      });
    }
    tx.oncomplete = () => resolve(undefined);
    tx.onerror = () => reject(tx.error);
  });
  db.close();
};

/** The worker's measures of one name, oldest first. */
async function measures(/** @type {import("@playwright/test").Worker} */ worker, /** @type {string} */ name) {
  return worker.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
}

/** The service worker's JS heap in use, through a DevTools session attached to its target. */
async function workerHeap(/** @type {import("@playwright/test").Browser} */ browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = /** @type {{ targetInfos: { targetId: string, type: string }[] }} */ (await cdp.send("Target.getTargets"));
    const target = targetInfos.find((t) => t.type === "service_worker");
    if (!target) return undefined;
    const { sessionId } = /** @type {{ sessionId: string }} */ (await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false }));
    const reply = new Promise((resolve) => {
      cdp.on("Target.receivedMessageFromTarget", (event) => {
        const message = JSON.parse(/** @type {{ message: string }} */ (event).message);
        if (message.id === 1) resolve(message.result?.usedSize);
      });
    });
    await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }) });
    return /** @type {number | undefined} */ (await reply);
  } finally {
    await cdp.detach();
  }
}

/** One library size: pushes with the server up, then offline navigations with it stopped. */
async function measureSize(/** @type {number} */ size, /** @type {(line: string) => void} */ log) {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS.filter((f) => f !== "--headless=new") });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ar" });
    await context.grantPermissions(["notifications"], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    await page.locator("[data-library-status]").filter({ hasText: "للقراءة دون اتصال" }).waitFor({ timeout: 30_000 });
    await page.evaluate(FILL_LIBRARY, { count: size, section: SECTION });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));

    const cdp = await context.newCDPSession(page);
    const registration = new Promise((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    const registrationId = /** @type {string} */ (await registration);

    for (let i = 0; i < SAMPLES; i++) {
      const res = await fetch(`${server.url}/api/articles`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
        body: JSON.stringify({ title: `مقال تجريبي بالدفع ${i}`, body: "نص تجريبي للقياس." }),
      });
      const { id } = /** @type {{ id: string }} */ (await res.json());
      const before = (await measures(worker, "sw:push")).length;
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: JSON.stringify({ id }) });
      const deadline = Date.now() + 20_000;
      while ((await measures(worker, "sw:push")).length <= before) {
        if (Date.now() > deadline) throw new Error("the worker did not finish handling a push within 20 s");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const push = await measures(worker, "sw:push");
    const notify = await measures(worker, "sw:notify");

    await server.stop();
    for (let i = 0; i < SAMPLES; i++) {
      await page.goto(`${server.url}/articles/bench-${1 + ((i * 1427) % size)}`);
      await page.goto(`${server.url}/`);
      await page.goto(`${server.url}/sections/${encodeURIComponent(SECTION)}`);
    }
    const answers = await worker.evaluate(() =>
      performance.getEntriesByName("sw:offline-answer").map((e) => ({ path: /** @type {PerformanceMeasure} */ (e).detail, ms: e.duration })),
    );
    const article = answers.filter((a) => String(a.path).startsWith("/articles/")).map((a) => a.ms);
    const home = answers.filter((a) => a.path === "/").map((a) => a.ms);
    const section = answers.filter((a) => String(a.path).startsWith("/sections/")).map((a) => a.ms);
    const heap = await workerHeap(browser);
    const result = { push: median(push), notify: median(notify), article: median(article), home: median(home), section: median(section), heap };
    log(
      `${size} articles held: push ${ms(result.push)} (notify ${ms(result.notify)}), offline article ${ms(result.article)}, ` +
        `offline home ${ms(result.home)}, offline section ${ms(result.section)}, worker heap ${heap === undefined ? "?" : `${(heap / 1024 / 1024).toFixed(1)} MB`} (medians of ${SAMPLES})`,
    );
    await context.close();
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** @type {import("./report.mjs").Section} */
export const libraryScaleSection = {
  id: "library",
  title: `The worker with ${SIZES.join(" and ")} articles held: push and offline navigation`,
  async run({ log }) {
    const [small, large] = [await measureSize(SIZES[0] ?? 1000, log), await measureSize(SIZES[1] ?? 10000, log)];
    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    for (const [key, label] of /** @type {const} */ ([
      ["push", "push handled"],
      ["article", "offline navigation: article"],
      ["home", "offline navigation: home"],
      ["section", "offline navigation: a section's page"],
    ])) {
      const ratio = large[key] / Math.max(small[key], 0.1);
      rows.push({
        figure: `${label}, 10,000 held (1,000 held)`,
        value: `${ms(large[key])} (${ms(small[key])}), ×${ratio.toFixed(2)}`,
        target: `< ${TARGET_MS} ms, ×< ${MAX_RATIO}`,
        pass: large[key] < TARGET_MS && ratio < MAX_RATIO,
      });
    }
    if (large.heap !== undefined && small.heap !== undefined) {
      rows.push({ figure: "worker heap, 10,000 held (1,000 held)", value: `${(large.heap / 1048576).toFixed(1)} MB (${(small.heap / 1048576).toFixed(1)} MB)` });
    }
    return rows;
  },
};
