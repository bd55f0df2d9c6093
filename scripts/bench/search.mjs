// @ts-check
/**
 * Offline search with 5,000 visibly synthetic articles held on the phone,
 * measured in the real page in Chromium: the first sync (time, bytes, space),
 * building, saving and loading the index (with the longest task each left on
 * the page's main thread, and the stored size against the text it covers),
 * per-keystroke latency from the input event to the results in the DOM, and
 * indexing one newly synced article.
 *
 * Runs its own server with a fresh DATA_DIR, because it fills the store: the
 * other sections must keep measuring a store with only the seed article.
 * Articles are written through the store in this process (the publish path
 * the CLI uses; the server sees them at once): 1.6 ms an article here against
 * 12 ms over HTTP, a minute saved.
 */
import path from "node:path";
import { chromium } from "@playwright/test";
import { tsImport } from "tsx/esm/api";
import { CHROMIUM_FLAGS, chromiumPath } from "./lighthouse.mjs";
import { kb, median, ms, table } from "./report.mjs";
import { startServer } from "./server.mjs";
import { allScripts, compressedSizes } from "./sizes.mjs";

const FIRST_BATCH = 999; // with the seed, 1,000 held: issue 3's first-sync figure
const TOTAL = 5000;
const LATENCY_TARGET_MS = 30;
const LONG_TASK_MS = 50;
const LOAD_TARGET_MS = 300;
const TIMED_ROUNDS = 3;
const KEYSTROKE_GAP_MS = 30; // a fast typist, and room for the page to paint
const SYNC_TIMEOUT_MS = 120_000;
const MB = 1024 * 1024;

/** @param {number} bytes */
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * @param {number[]} values
 * @param {number} p 0–1
 */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
}

/**
 * @param {import("@playwright/test").Page} page
 * @returns {Promise<{ count: number, lastSyncAt: number | undefined, searchBytes: number }>}
 */
function libraryState(page) {
  return page.evaluate(async () => {
    const none = { count: 0, lastSyncAt: undefined, searchBytes: 0 };
    /** @type {IDBDatabase | undefined} */
    const idb = await new Promise((resolve) => {
      const open = indexedDB.open("akhbar-library");
      // Not created by the worker yet. Opening without a version would create
      // it empty at version 1, and the worker's upgrade would then skip the
      // step that creates the stores: back out instead.
      open.onupgradeneeded = () => open.transaction?.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(undefined);
    });
    if (!idb) return none;
    /** @param {IDBRequest} req */
    const done = (req) => new Promise((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = () => reject(req.error))));
    try {
      if (!idb.objectStoreNames.contains("search")) return none;
      const tx = idb.transaction(["articles", "meta", "search"]);
      const count = /** @type {number} */ (await done(tx.objectStore("articles").count()));
      const lastSyncAt = /** @type {number | undefined} */ (await done(tx.objectStore("meta").get("lastSyncAt")));
      const search = await done(tx.objectStore("search").get("index"));
      // Whatever shape the stored index has: strings as UTF-8, binary as its bytes.
      const encoder = new TextEncoder();
      /** @param {unknown} value @returns {number} */
      const bytes = (value) => {
        if (typeof value === "string") return encoder.encode(value).length;
        if (typeof value === "number") return 8;
        if (ArrayBuffer.isView(value)) return value.byteLength;
        if (value instanceof ArrayBuffer) return value.byteLength;
        if (Array.isArray(value)) return value.reduce((sum, v) => sum + bytes(v), 0);
        if (typeof value === "object" && value !== null) return Object.values(value).reduce((sum, v) => sum + bytes(v), 0);
        return 0;
      };
      return { count, lastSyncAt, searchBytes: bytes(search) };
    } finally {
      idb.close();
    }
  });
}

/**
 * Waits until the library holds `count` articles and a sync has finished after that.
 * @param {import("@playwright/test").Page} page
 * @param {number} count
 */
async function waitForCount(page, count) {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = await libraryState(page).catch(() => undefined);
    if (state && state.count >= count && state.lastSyncAt) return state;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the library did not reach ${count} articles within ${SYNC_TIMEOUT_MS / 1000} s`);
}

/**
 * The feed requests the worker made: when the first started, and bytes on the wire and decoded.
 * @param {import("@playwright/test").BrowserContext} context
 */
async function feedTraffic(context) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  return worker.evaluate(() => {
    const feed = performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname === "/api/articles")
      .map((e) => /** @type {PerformanceResourceTiming} */ (e));
    return {
      requests: feed.length,
      firstStart: performance.timeOrigin + Math.min(...feed.map((e) => e.startTime)),
      transfer: feed.reduce((t, e) => t + e.transferSize, 0),
      decoded: feed.reduce((t, e) => t + e.decodedBodySize, 0),
    };
  });
}

/** @param {import("@playwright/test").Page} page */
function storageEstimate(page) {
  return page.evaluate(async () => {
    const estimate = /** @type {StorageEstimate & { usageDetails?: Record<string, number> }} */ (await navigator.storage.estimate());
    return { usage: estimate.usage ?? 0, indexedDB: estimate.usageDetails?.indexedDB, caches: estimate.usageDetails?.caches };
  });
}

/** Records every long task (over 50 ms) of the page's main thread from its first script on, for longestTask. */
function observeLongTasks() {
  const tasks = /** @type {{ start: number, end: number }[]} */ ([]);
  Object.assign(window, { __longTasks: tasks });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: "longtask", buffered: true });
}

/**
 * The longest main-thread task that overlaps [from, to] (page time), 0 when none passed 50 ms.
 * @param {import("@playwright/test").Page} page
 * @param {number} from
 * @param {number} to
 */
function longestTask(page, from, to) {
  return page.evaluate(
    ({ from, to }) => {
      const tasks = /** @type {{ start: number, end: number }[]} */ (/** @type {any} */ (window).__longTasks ?? []);
      return Math.max(0, ...tasks.filter((t) => t.end > from && t.start < to).map((t) => t.end - t.start));
    },
    { from, to },
  );
}

/**
 * A fresh browser context that opens the home page and waits for the worker's first sync of `count` articles.
 * @param {import("@playwright/test").Browser} browser
 * @param {string} baseUrl
 * @param {number} count
 */
async function firstSync(browser, baseUrl, count) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ar", timezoneId: "Asia/Damascus" });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  const state = await waitForCount(page, count);
  const traffic = await feedTraffic(context);
  const storage = await storageEstimate(page);
  return { context, page, count: state.count, syncMs: (state.lastSyncAt ?? 0) - traffic.firstStart, traffic, storage };
}

/**
 * User Timing measures the search page leaves (client/search-library.ts).
 * @param {import("@playwright/test").Page} page
 * @param {string} name
 * @returns {Promise<{ start: number, duration: number, detail: Record<string, any> }[]>}
 */
function measures(page, name) {
  return page.evaluate(
    (n) => performance.getEntriesByName(n).map((e) => ({ start: e.startTime, duration: e.duration, detail: /** @type {PerformanceMeasure} */ (e).detail })),
    name,
  );
}

/**
 * @param {import("@playwright/test").Page} page
 * @param {string | string[]} names any of these
 * @param {(detail: Record<string, any>) => boolean} [match]
 * @param {number} [after] only measures that start after this page time
 */
async function waitForMeasure(page, names, match = () => true, after = -1) {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const name of [names].flat()) {
      const found = (await measures(page, name)).find((m) => m.start > after && match(m.detail));
      if (found) return { name, ...found };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${[names].flat().join(" or ")} measure within ${SYNC_TIMEOUT_MS / 1000} s`);
}

/**
 * Types every prefix of every query into the search box, in the page, timing
 * each from the input event to the results for it in the DOM.
 * @param {import("@playwright/test").Page} page
 * @param {string[]} keystrokes
 */
function typeAndTime(page, keystrokes) {
  return page.evaluate(
    async ({ keystrokes, gap }) => {
      const input = /** @type {HTMLInputElement} */ (document.getElementById("search-q"));
      const region = /** @type {HTMLElement} */ (document.querySelector("[data-search-results]"));
      /** @param {string} q */
      const shown = (q) =>
        new Promise((resolve, reject) => {
          if (region.dataset.searchResults === q) return resolve(undefined);
          const timer = setTimeout(() => reject(new Error(`no results for «${q}» within 10 s`)), 10_000);
          const observer = new MutationObserver(() => {
            if (region.dataset.searchResults !== q) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(undefined);
          });
          observer.observe(region, { attributes: true, attributeFilter: ["data-search-results"] });
        });
      /** @type {number[]} */
      const times = [];
      for (const q of keystrokes) {
        input.value = q;
        const start = performance.now();
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await shown(q);
        times.push(performance.now() - start);
        await new Promise((r) => setTimeout(r, gap));
      }
      return times;
    },
    { keystrokes, gap: KEYSTROKE_GAP_MS },
  );
}

/** @type {import("./report.mjs").Section} */
export const searchSection = {
  id: "search",
  title: `Offline search, ${TOTAL.toLocaleString("en")} synthetic articles in Chromium`,
  async run({ root, log }) {
    /** @type {{ syntheticArticle: (n: number) => any, QUERIES: string[] }} */
    const corpus = await tsImport(path.join(root, "lib/search/synthetic.ts"), import.meta.url);
    const { needsMoreLetters } = await tsImport(path.join(root, "lib/search/query.ts"), import.meta.url);
    const { publishArticle } = await tsImport(path.join(root, "lib/publish/publish.ts"), import.meta.url);
    const { openSqliteStore } = await tsImport(path.join(root, "lib/store/sqlite-store.ts"), import.meta.url);

    const server = await startServer();
    const store = openSqliteStore(server.dataDir);
    /** @type {import("@playwright/test").Browser | undefined} */
    let browser;
    try {
      let published = 0;
      // UTF-8 bytes of what the index covers (headline, summary, body text), to weigh the stored index against.
      let textBytes = 0;
      /** @param {number} upTo */
      const publishUpTo = async (upTo) => {
        const start = performance.now();
        for (; published < upTo; published++) {
          const a = corpus.syntheticArticle(published);
          const paragraphs = a.blocks.map((/** @type {any} */ b) => b.children.map((/** @type {any} */ c) => c.value).join(""));
          if (published < TOTAL) textBytes += Buffer.byteLength([a.title, a.summary, ...paragraphs].join("\n"));
          await publishArticle(store, {
            title: a.title,
            summary: a.summary,
            section: "تجريبي",
            publishedAt: a.publishedAt,
            body: paragraphs.join("\n\n"),
          });
        }
        return performance.now() - start;
      };

      const firstMs = await publishUpTo(FIRST_BATCH);
      log(`published ${FIRST_BATCH} synthetic articles (with the seed, ${FIRST_BATCH + 1} held) through the store in ${ms(firstMs)}`);
      // Playwright kills its browser when this process exits, Ctrl-C included.
      browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, handleSIGINT: false });

      const small = await firstSync(browser, server.url, FIRST_BATCH + 1);
      await small.context.close();
      log(
        `first sync of ${small.count} articles: ${ms(small.syncMs)}, ${small.traffic.requests} feed requests, ` +
          `${mb(small.traffic.transfer)} on the wire (${mb(small.traffic.decoded)} JSON); ` +
          `storage ${mb(small.storage.usage)} (IndexedDB ${small.storage.indexedDB === undefined ? "n/a" : mb(small.storage.indexedDB)}, ` +
          `caches ${small.storage.caches === undefined ? "n/a" : mb(small.storage.caches)})`,
      );

      const restMs = await publishUpTo(TOTAL);
      log(`published ${TOTAL - FIRST_BATCH} more in ${ms(restMs)}`);
      const big = await firstSync(browser, server.url, TOTAL + 1);
      const { page } = big;
      log(
        `first sync of ${big.count} articles: ${ms(big.syncMs)}, ${big.traffic.requests} feed requests, ` +
          `${mb(big.traffic.transfer)} on the wire (${mb(big.traffic.decoded)} JSON); storage ${mb(big.storage.usage)}` +
          ` (IndexedDB ${big.storage.indexedDB === undefined ? "n/a" : mb(big.storage.indexedDB)})`,
      );

      // First visit to /search: nothing stored, so the index is built from the library, then saved.
      await page.goto(`${server.url}/search`);
      const built = await waitForMeasure(page, "search:load");
      const saved = await waitForMeasure(page, "search:save");
      const afterSave = await libraryState(page);
      const storageWithIndex = await storageEstimate(page);
      // From opening the index to the end of its first save: everything building it costs the page.
      const buildTask = await longestTask(page, built.start, saved.start + saved.duration);
      const indexShare = afterSave.searchBytes / textBytes;
      log(
        `index built from ${built.detail.articles} articles in ${ms(built.duration)}, saved in ${ms(saved.duration)}; ` +
          `longest main-thread task meanwhile ${ms(buildTask)}; ` +
          `stored index ${mb(afterSave.searchBytes)} for ${mb(textBytes)} of text (${Math.round(indexShare * 100)}%); storage now ${mb(storageWithIndex.usage)}`,
      );

      // Second visit: the stored index is loaded and reconciled (ids only: nothing synced since).
      await page.reload();
      const loaded = await waitForMeasure(page, "search:load");
      const reconciled = await waitForMeasure(page, "search:reconcile");
      if (loaded.detail.source !== "stored") throw new Error(`expected the stored index to load, got ${loaded.detail.source}`);
      const loadTask = await longestTask(page, loaded.start, reconciled.start + reconciled.duration);
      log(
        `stored index loaded in ${ms(loaded.duration)} (read, decode, ready to search; longest main-thread task ${ms(loadTask)}), ` +
          `reconciled with the library in ${ms(reconciled.duration)} (${reconciled.detail.fullScan ? "full scan" : "ids only"})`,
      );

      const keystrokes = corpus.QUERIES.flatMap((q) => ["", ...Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1))]);
      // One untimed round first: the JIT warms up.
      await typeAndTime(page, keystrokes);
      /** @type {number[]} */
      const all = [];
      /** @type {number[]} */
      const searching = [];
      /** @type {[string, number]} */
      let slowest = ["", 0];
      for (let round = 0; round < TIMED_ROUNDS; round++) {
        const times = await typeAndTime(page, keystrokes);
        times.forEach((t, i) => {
          const q = keystrokes[i] ?? "";
          if (q === "") return;
          all.push(t);
          if (!needsMoreLetters(q)) searching.push(t);
          if (t > slowest[1]) slowest = [q, t];
        });
      }
      const p50 = median(all);
      const p95 = percentile(all, 0.95);
      log(
        table(
          ["keystrokes", "count", "median", "p95", "max"],
          [
            ["all", String(all.length), ms(p50), ms(p95), ms(Math.max(...all))],
            ["that ran a search", String(searching.length), ms(median(searching)), ms(percentile(searching, 0.95)), ms(Math.max(...searching))],
          ],
          { align: ["l", "r", "r", "r", "r"] },
        ),
      );
      log(`input event → results in the DOM (search, reading the shown articles, snippets, DOM update); slowest «${slowest[0]}» ${ms(slowest[1])}`);

      // One newly synced article: published, synced by the worker, then indexed by the open page.
      await publishUpTo(TOTAL + 1);
      const before = await page.evaluate(() => performance.now());
      await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: "SYNC" }));
      // search:update when the service worker names what it synced, search:reconcile when it only counts.
      const one = await waitForMeasure(page, ["search:update", "search:reconcile"], (d) => d.added === 1, before);
      log(
        `one newly synced article: searchable ${ms(one.start + one.duration - before)} after the sync request; ` +
          `${one.name} ${ms(one.duration)} (${one.name === "search:update" ? "only the ids the sync named" : one.detail.fullScan ? "revisions of every held article compared" : "ids only"}), ` +
          `of which indexing the article ${ms(one.detail.indexMs)}`,
      );

      // The search page's own JavaScript (the article page's is the "js" section's).
      const html = await (await fetch(`${server.url}/search`)).text();
      const scripts = allScripts(html, `${server.url}/search`);
      let searchJs = 0;
      for (const pathname of scripts) searchJs += compressedSizes(Buffer.from(await (await fetch(server.url + pathname)).arrayBuffer())).gzip;
      log(`/search page JS: ${kb(searchJs)} gzip in ${scripts.length} files`);

      return [
        { figure: "search keystroke latency, median", value: ms(p50), target: `< ${LATENCY_TARGET_MS} ms`, pass: p50 < LATENCY_TARGET_MS },
        { figure: "search keystroke latency, p95", value: ms(p95), target: `< ${LATENCY_TARGET_MS} ms`, pass: p95 < LATENCY_TARGET_MS },
        { figure: `search index build (${built.detail.articles} articles) / save`, value: `${ms(built.duration)} / ${ms(saved.duration)}` },
        { figure: "longest main-thread task while the index builds", value: ms(buildTask), target: `< ${LONG_TASK_MS} ms`, pass: buildTask < LONG_TASK_MS },
        {
          figure: "stored index / text it indexes",
          value: `${mb(afterSave.searchBytes)} / ${mb(textBytes)} (${Math.round(indexShare * 100)}%)`,
          target: "≤ 50%",
          pass: indexShare <= 0.5,
        },
        { figure: "stored index load", value: ms(loaded.duration), target: `< ${LOAD_TARGET_MS} ms`, pass: loaded.duration < LOAD_TARGET_MS },
        { figure: "longest main-thread task while the stored index loads", value: ms(loadTask), target: `< ${LONG_TASK_MS} ms`, pass: loadTask < LONG_TASK_MS },
        { figure: "index one newly synced article", value: ms(one.detail.indexMs) },
        { figure: "newly synced article searchable after", value: ms(one.start + one.duration - before) },
        { figure: `first sync, ${small.count} articles: time / wire`, value: `${ms(small.syncMs)} / ${mb(small.traffic.transfer)}` },
        { figure: `storage after ${small.count} articles`, value: mb(small.storage.usage) },
        { figure: `first sync, ${big.count} articles: time / wire`, value: `${ms(big.syncMs)} / ${mb(big.traffic.transfer)}` },
        { figure: "/search page JS total (gzip)", value: kb(searchJs) },
      ];
    } finally {
      await browser?.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      await server.stop();
    }
  },
};
