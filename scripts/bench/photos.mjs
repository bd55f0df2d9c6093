// @ts-check
/**
 * Pictures (issue 13), with generated photos only (test/support/synthetic-photo.mjs):
 *  - upload to variants for one 12-megapixel JPEG, and the server's memory
 *    (RSS of its process group, sampled every 100 ms) across a burst of 20
 *    such uploads at once: uploads are processed one at a time, so the burst's
 *    peak should be the single upload's;
 *  - a phone (390×844 CSS px, DPR 3) syncing 1,000 articles with one photo
 *    each for the first time: bytes on the wire and time for the text, then for
 *    the pictures; storage used by each; bytes per stored picture against what
 *    the screen needs (the same photo encoded at exactly the column's device
 *    pixels).
 * The 1,000 articles' pictures are the 21 uploaded photos' variant folders
 * copied under 1,000 ids of their own (processing 1,000 twelve-megapixel
 * photos would take the best part of an hour here): the phone fetches and
 * stores 1,000 distinct pictures of realistic size.
 */
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "@playwright/test";
import sharp from "sharp";
import { syntheticPhoto } from "../../test/support/synthetic-photo.mjs";
import { CHROMIUM_FLAGS, chromiumPath } from "./lighthouse.mjs";
import { kb, ms } from "./report.mjs";
import { PUBLISH_TOKEN, startServer } from "./server.mjs";

const ARTICLES = 1000;
const BURST = 20;
const PHONE = { width: 390, height: 844, dpr: 3 };
/** The article column on that phone: (390 − 32) CSS px × 3 (lib/media/variants.ts, columnPixels). */
const NEEDED_WIDTH = (PHONE.width - 32) * PHONE.dpr;
const MAX_STORED_RATIO = 1.5;
/** The variant that phone keeps (storedWidth in lib/media/variants.ts). */
const KEPT_WIDTH = 1120;
/** "Flat": the server's memory as the burst's last uploads finish within this of the first ones'. */
const FLAT_MARGIN = 32 * 1024 * 1024;
const MB = 1024 * 1024;

/** Resident memory of every process in a process group, in bytes (Linux /proc). */
function groupRss(/** @type {number} */ pgid) {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Samples a process group's RSS until stopped; resolves with the peak. */
function samplePeak(/** @type {number} */ pgid) {
  let peak = groupRss(pgid);
  const timer = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, groupRss(pgid));
  };
}

/** @returns {Promise<{ url: string, width: number, height: number }>} */
async function upload(/** @type {string} */ base, /** @type {Buffer} */ bytes) {
  const res = await fetch(`${base}/api/media`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: new Blob([new Uint8Array(bytes)]),
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return /** @type {any} */ (await res.json());
}

/** Bytes of a response as sent (gzip when the server compresses), as a browser receives it. */
function wireBytes(/** @type {string} */ url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip, br" } }, (res) => {
        let size = 0;
        let body = "";
        const gzip = res.headers["content-encoding"];
        res.on("data", (chunk) => {
          size += chunk.length;
          if (!gzip) body += chunk;
        });
        res.on("end", () => resolve({ size, body, encoded: Boolean(gzip) }));
      })
      .on("error", reject);
  });
}

/** The feed a first sync reads, page by page: its bytes on the wire. */
async function feedBytes(/** @type {string} */ base) {
  let total = 0;
  let cursor;
  for (;;) {
    const url = `${base}/api/articles?limit=200${cursor ? `&since=${encodeURIComponent(cursor)}` : ""}`;
    const { size } = /** @type {{ size: number }} */ (await wireBytes(url));
    total += size;
    const page = /** @type {{ cursor: string, hasMore: boolean }} */ (await (await fetch(url)).json());
    cursor = page.cursor;
    if (!page.hasMore) return total;
  }
}

/** In the page: what the phone holds, from IndexedDB and the storage estimate. */
const PHONE_STATE = async () => {
  const db = /** @type {IDBDatabase} */ (
    await new Promise((resolve, reject) => {
      const open = indexedDB.open("akhbar-library");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    })
  );
  const media = /** @type {{ held?: { url: string, bytes: number } }[]} */ (
    await new Promise((resolve) => {
      const req = db.transaction("media").objectStore("media").getAll();
      req.onsuccess = () => resolve(req.result);
    })
  );
  db.close();
  const held = media.filter((m) => m.held);
  const estimate = /** @type {StorageEstimate & { usageDetails?: Record<string, number> }} */ (await navigator.storage.estimate());
  return {
    held: held.length,
    bytes: held.reduce((sum, m) => sum + (m.held?.bytes ?? 0), 0),
    urls: held.slice(0, 3).map((m) => m.held?.url),
    usage: estimate.usage ?? 0,
    indexedDB: estimate.usageDetails?.indexedDB,
    caches: estimate.usageDetails?.caches,
  };
};

/** @type {import("./report.mjs").Section} */
export const photosSection = {
  id: "photos",
  title: `Pictures: a 12 MP upload, a burst of ${BURST}, and a phone's first sync of ${ARTICLES} articles with one photo each`,
  async run({ log }) {
    const server = await startServer();
    try {
      log(`generating ${BURST + 1} synthetic 4000×3000 JPEGs…`);
      /** @type {Buffer[]} */
      const photos = [];
      for (let seed = 1; seed <= BURST + 1; seed++) photos.push(await syntheticPhoto({ width: 4000, height: 3000, seed, gps: true }));
      await fetch(`${server.url}/`);

      const idle = groupRss(server.pid);
      let stopSampling = samplePeak(server.pid);
      const start = performance.now();
      const first = await upload(server.url, photos[0] ?? Buffer.alloc(0));
      const single = performance.now() - start;
      const singlePeak = stopSampling();
      log(`one 12 MP upload → ${first.url}: ${ms(single)}; server RSS ${(idle / MB).toFixed(0)} MB idle, ${(singlePeak / MB).toFixed(0)} MB at peak`);

      stopSampling = samplePeak(server.pid);
      const burstStart = performance.now();
      const latencies = [];
      /** RSS as each upload of the burst finishes, in order. */
      const settled = [];
      const pool = [first];
      await Promise.all(
        photos.slice(1).map(async (photo) => {
          const t = performance.now();
          pool.push(await upload(server.url, photo));
          latencies.push(performance.now() - t);
          settled.push(groupRss(server.pid));
        }),
      );
      const average = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
      const early = average(settled.slice(0, 5));
      const late = average(settled.slice(-5));
      const burst = performance.now() - burstStart;
      const burstPeak = stopSampling();
      const after = groupRss(server.pid);
      log(
        `${BURST} uploads at once: all done in ${ms(burst)} (the last answered after ${ms(Math.max(...latencies))}); ` +
          `server RSS peak ${(burstPeak / MB).toFixed(0)} MB, ${(after / MB).toFixed(0)} MB after; ` +
          `as uploads finished: ${settled.map((r) => (r / MB).toFixed(0)).join(", ")} MB`,
      );

      // 1,000 articles, each with a picture of its own id (copies of the pool's variant folders).
      const mediaRoot = path.join(server.dataDir, "media");
      const publishStart = performance.now();
      for (let i = 0; i < ARTICLES; i += 8) {
        await Promise.all(
          Array.from({ length: Math.min(8, ARTICLES - i) }, async (_, k) => {
            const n = i + k;
            const source = (pool[n % pool.length]?.url ?? "").split("/").pop() ?? "";
            const id = createHash("sha256").update(`bench-picture-${n}`).digest("hex").slice(0, 32);
            cpSync(path.join(mediaRoot, source), path.join(mediaRoot, id), { recursive: true });
            const res = await fetch(`${server.url}/api/articles`, {
              method: "POST",
              headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
              body: JSON.stringify({
                title: `مقال تجريبي مصوّر للقياس رقم ${n}`,
                body: `![صورة اصطناعية ${n}](/media/${id} "صورة مولّدة للقياس")\n\n${"فقرة تجريبية من مقال مولّد للقياس، لا خبر فيها. ".repeat(40)}`,
              }),
            });
            if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
          }),
        );
      }
      log(`published ${ARTICLES} articles with a picture each in ${ms(performance.now() - publishStart)}`);

      const feed = await feedBytes(server.url);
      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS.filter((f) => f !== "--headless=new") });
      try {
        const context = await browser.newContext({
          viewport: { width: PHONE.width, height: PHONE.height },
          deviceScaleFactor: PHONE.dpr,
          isMobile: true,
          hasTouch: true,
          locale: "ar",
        });
        // Every report of the worker, timed from the navigation's start.
        await context.addInitScript(() => {
          /** @type {any} */ (window).__reports = [];
          navigator.serviceWorker?.addEventListener("message", (event) => {
            /** @type {any} */ (window).__reports.push({ ...event.data, t: performance.now() });
          });
        });
        const page = await context.newPage();
        await page.goto(`${server.url}/`);
        /** The first report of the worker of this type that `done` accepts, polled (a bench, not a test). */
        const report = async (/** @type {string} */ type, /** @type {(r: any) => boolean} */ done) => {
          const deadline = Date.now() + 600_000;
          for (;;) {
            const reports = /** @type {any[]} */ (await page.evaluate(() => /** @type {any} */ (window).__reports));
            const found = reports.find((r) => r.type === type && done(r));
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`no ${type} report within 10 minutes`);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        };
        const text = await report("SYNCED", (r) => r.count >= 1001);
        const textState = await page.evaluate(PHONE_STATE);
        const images = await report("IMAGES_STORED", (r) => r.held >= 1000);
        const state = await page.evaluate(PHONE_STATE);
        await context.close();

        // What the screen needs: the same photos at exactly the column's device pixels, as the pipeline encodes them.
        let needed = 0;
        let kept = 0;
        for (const photo of photos) {
          const base = () => sharp(photo).rotate().resize({ width: 1600 }).toColourspace("srgb");
          needed += (await base().resize({ width: NEEDED_WIDTH }).avif({ quality: 50, effort: 2 }).toBuffer()).length;
          kept += (await base().resize({ width: KEPT_WIDTH }).avif({ quality: 50, effort: 2 }).toBuffer()).length;
        }
        const perImage = state.bytes / Math.max(state.held, 1);
        const ratio = kept / needed;
        log(
          `first sync, text only: ${(feed / MB).toFixed(2)} MB on the wire, ${ms(text.t)} from navigation; ` +
            `IndexedDB ${textState.indexedDB === undefined ? "?" : `${(textState.indexedDB / MB).toFixed(1)} MB`}`,
        );
        log(
          `with pictures: ${state.held} stored, +${(state.bytes / MB).toFixed(1)} MB, done ${ms(images.t)} from navigation; ` +
            `Cache Storage ${state.caches === undefined ? "?" : `${(state.caches / MB).toFixed(1)} MB`}, total usage ${(state.usage / MB).toFixed(1)} MB; e.g. ${state.urls.join(", ")}`,
        );
        log(
          `per stored picture: ${kb(perImage)} (${KEPT_WIDTH} px AVIF for a ${NEEDED_WIDTH} px column); ` +
            `the same photos at exactly ${NEEDED_WIDTH} px: ${kb(needed / photos.length)}, so ×${ratio.toFixed(2)}`,
        );
        return [
          { figure: "12 MP JPEG upload → all variants", value: ms(single) },
          {
            figure: `server RSS peak, ${BURST} uploads at once (one upload; idle)`,
            value: `${(burstPeak / MB).toFixed(0)} MB (${(singlePeak / MB).toFixed(0)} MB; ${(idle / MB).toFixed(0)} MB)`,
          },
          {
            figure: `server RSS as the burst's first 5 / last 5 uploads finish`,
            value: `${(early / MB).toFixed(0)} MB / ${(late / MB).toFixed(0)} MB`,
            target: `last ≤ first + ${FLAT_MARGIN / MB} MB`,
            pass: late <= early + FLAT_MARGIN,
          },
          { figure: `first sync of ${ARTICLES} articles, text only`, value: `${(feed / MB).toFixed(2)} MB, ${ms(text.t)}` },
          {
            figure: `first sync with pictures (390 px, DPR 3)`,
            value: `${((feed + state.bytes) / MB).toFixed(1)} MB, ${ms(images.t)}`,
          },
          {
            figure: "storage: text (IndexedDB) / pictures (Cache Storage)",
            value: `${state.indexedDB === undefined ? "?" : (state.indexedDB / MB).toFixed(1)} MB / ${state.caches === undefined ? "?" : (state.caches / MB).toFixed(1)} MB`,
          },
          {
            figure: "bytes per stored picture vs what the screen needs",
            value: `${kb(perImage)}, ×${ratio.toFixed(2)}`,
            target: `≤ ×${MAX_STORED_RATIO}`,
            pass: ratio <= MAX_STORED_RATIO,
          },
        ];
      } finally {
        await browser.close();
      }
    } finally {
      await server.stop();
    }
  },
};
