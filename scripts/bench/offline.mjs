// @ts-check
/**
 * Offline figures (issue 3). Runs its own server, because it stops it:
 * - the first sync of 1,000 synthetic articles: time from opening the home
 *   page until IndexedDB holds them all, the feed's bytes (raw and gzip, as the
 *   worker fetches them) and the space IndexedDB takes;
 * - time from navigation to the article's headline painted, online, and with
 *   the server process stopped for articles opened before and never opened.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { CHROMIUM_FLAGS, chromiumPath } from "./lighthouse.mjs";
import { kb, median, ms } from "./report.mjs";
import { PUBLISH_TOKEN, ROOT, startServer } from "./server.mjs";

const ARTICLES = 1000;
const SAMPLES = 15;
const PUBLISH_CONCURRENCY = 8;
const FEED_PAGE = 200;

// Words of the seed article, shuffled per article, so the feed compresses like real text does.
const VOCABULARY = readFileSync(path.join(ROOT, "content/seed-article.txt"), "utf8").split(/\s+/).filter(Boolean);

/** A deterministic word sequence for article n. */
function words(/** @type {number} */ seed, /** @type {number} */ count) {
  let state = seed * 2654435761;
  const out = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(VOCABULARY[state % VOCABULARY.length]);
  }
  return out.join(" ");
}

/** A visibly synthetic article of realistic length (about 500 words). */
function syntheticArticle(/** @type {number} */ n) {
  const paragraph = (/** @type {number} */ p) => `فقرة تجريبية ${p} من المقال التجريبي ${n}: ${words(n * 10 + p, 70)}.`;
  const body = Array.from({ length: 8 }, (_, p) => (p === 4 ? `## عنوان فرعي تجريبي ${n}` : paragraph(p))).join("\n\n");
  return { title: `مقال تجريبي للقياس رقم ${n}`, body, publishedAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString() };
}

/** Publishes `count` articles over HTTP, a few at a time; returns their paths. */
async function publishMany(/** @type {string} */ baseUrl, /** @type {number} */ count) {
  /** @type {string[]} */
  const urls = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const res = await fetch(`${baseUrl}/api/articles`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
        body: JSON.stringify(syntheticArticle(n + 1)),
      });
      if (res.status !== 201) throw new Error(`publish ${n + 1}: ${res.status} ${await res.text()}`);
      urls[n] = /** @type {{ url: string }} */ (await res.json()).url;
    }
  };
  await Promise.all(Array.from({ length: PUBLISH_CONCURRENCY }, worker));
  return urls;
}

/** The feed's size as the worker downloads it, page by page. */
async function feedBytes(/** @type {string} */ baseUrl) {
  let raw = 0;
  let gzip = 0;
  let cursor = "";
  for (;;) {
    const res = await fetch(`${baseUrl}/api/articles?limit=${FEED_PAGE}${cursor ? `&since=${cursor}` : ""}`);
    const body = Buffer.from(await res.arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 6 }).length;
    const page = JSON.parse(body.toString("utf8"));
    if (!page.hasMore) return { raw, gzip };
    cursor = page.cursor;
  }
}

/** Records, in every document, when the first <h1> is painted (ms since navigation start). */
const HEADLINE_TIMER = () => {
  const w = /** @type {Window & { __headline?: number }} */ (window);
  const seen = () => {
    if (w.__headline !== undefined || !document.querySelector("h1")) return false;
    requestAnimationFrame(() => requestAnimationFrame(() => (w.__headline ??= performance.now())));
    return true;
  };
  new MutationObserver((_, observer) => {
    if (seen()) observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
};

/** Median time to headline over a list of paths. */
async function timeHeadlines(/** @type {import("@playwright/test").Page} */ page, /** @type {string} */ baseUrl, /** @type {string[]} */ paths) {
  /** @type {number[]} */
  const times = [];
  for (const path of paths) {
    await page.goto(baseUrl + path);
    await page.waitForFunction(() => /** @type {any} */ (window).__headline !== undefined, undefined, { timeout: 10_000 });
    times.push(await page.evaluate(() => /** @type {any} */ (window).__headline));
  }
  return { median: median(times), max: Math.max(...times) };
}

/** @type {import("./report.mjs").Section} */
export const offlineSection = {
  id: "offline",
  title: `Offline: first sync of ${ARTICLES} articles, navigation with the server stopped`,
  async run({ log }) {
    const server = await startServer();
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS.filter((f) => f !== "--headless=new") });
    try {
      const started = performance.now();
      const paths = await publishMany(server.url, ARTICLES);
      log(`published ${ARTICLES} synthetic articles in ${ms(performance.now() - started)}`);
      const bytes = await feedBytes(server.url);

      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ar" });
      await context.addInitScript(HEADLINE_TIMER);
      const page = await context.newPage();
      const syncStart = performance.now();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(
        (expected) =>
          new Promise((resolve) => {
            const open = indexedDB.open("akhbar-library");
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains("articles")) return resolve(false), db.close();
              const req = db.transaction("articles").objectStore("articles").count();
              req.onsuccess = () => (resolve(req.result >= expected), db.close());
              req.onerror = () => (resolve(false), db.close());
            };
            open.onerror = () => resolve(false);
          }),
        ARTICLES + 1,
        { timeout: 180_000, polling: 100 },
      );
      const syncMs = performance.now() - syncStart;
      // Chromium updates its usage figures lazily: ask until IndexedDB's share shows the library.
      /** @type {{ total: number, indexedDB: number, caches: number }} */
      let usage = { total: 0, indexedDB: 0, caches: 0 };
      for (let i = 0; i < 30 && usage.indexedDB < 100 * 1024; i++) {
        await page.waitForTimeout(500);
        usage = await page.evaluate(async () => {
          const estimate = /** @type {StorageEstimate & { usageDetails?: Record<string, number> }} */ (await navigator.storage.estimate());
          return { total: estimate.usage ?? 0, indexedDB: estimate.usageDetails?.indexedDB ?? 0, caches: estimate.usageDetails?.caches ?? 0 };
        });
      }
      log(
        `first sync: ${ms(syncMs)} from opening / to ${ARTICLES + 1} articles in IndexedDB; ` +
          `feed ${kb(bytes.raw)} raw, ${kb(bytes.gzip)} gzip; IndexedDB ${kb(usage.indexedDB)}, precache ${kb(usage.caches)}`,
      );

      const opened = paths.slice(0, SAMPLES);
      const neverOpened = paths.slice(SAMPLES, SAMPLES * 2);
      const online = await timeHeadlines(page, server.url, opened);
      log(`online, headline painted: median ${ms(online.median)} (max ${ms(online.max)}) over ${SAMPLES} articles`);

      await server.stop();
      const offlineOpened = await timeHeadlines(page, server.url, opened);
      const offlineNew = await timeHeadlines(page, server.url, neverOpened);
      log(`server stopped, opened before: median ${ms(offlineOpened.median)} (max ${ms(offlineOpened.max)})`);
      log(`server stopped, never opened: median ${ms(offlineNew.median)} (max ${ms(offlineNew.max)})`);
      await context.close();

      const pass = (/** @type {number} */ v) => v < 300 && v <= online.median * 1.1;
      return [
        { figure: `first sync of ${ARTICLES} articles`, value: ms(syncMs) },
        { figure: "feed bytes (raw / gzip)", value: `${kb(bytes.raw)} / ${kb(bytes.gzip)}` },
        { figure: "IndexedDB space", value: kb(usage.indexedDB) },
        { figure: "headline painted, online (median)", value: ms(online.median) },
        { figure: "offline, opened before (median)", value: ms(offlineOpened.median), target: "< 300 ms, ≤ online", pass: pass(offlineOpened.median) },
        { figure: "offline, never opened (median)", value: ms(offlineNew.median), target: "< 300 ms, ≤ online", pass: pass(offlineNew.median) },
      ];
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
