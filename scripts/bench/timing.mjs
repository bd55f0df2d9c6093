// @ts-check
/**
 * How long the server takes to answer the article page. Must run before any
 * other section touches the article: "cold" is the first request to it after
 * the server started (the start-up probe only fetched `/`), so it includes
 * loading the route's code and rendering it into the ISR cache; "warm" is the
 * median of later requests, served from that cache.
 */
import { median, ms } from "./report.mjs";

const WARM_REQUESTS = 20;

/**
 * Times one GET, to the response headers and to the last byte of the body.
 * @param {string} url
 * @param {Record<string, string>} [extraHeaders]
 */
async function timeGet(url, extraHeaders = {}) {
  const start = performance.now();
  const res = await fetch(url, { headers: { "Accept-Encoding": "identity", ...extraHeaders } });
  const headers = performance.now() - start;
  await res.arrayBuffer();
  const total = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  // "-": the proxy answered from the page it kept (lib/http/sent-pages.ts), Next was not asked.
  return { headers, total, cache: res.headers.get("x-nextjs-cache") ?? "-" };
}

/** @type {import("./report.mjs").Section} */
export const timingSection = {
  id: "timing",
  title: "Server response time, article page",
  async run({ baseUrl, pages, log }) {
    const url = baseUrl + pages.article;
    const cold = await timeGet(url);
    log(`cold (first request after start): ${ms(cold.total)} (headers after ${ms(cold.headers)}, x-nextjs-cache: ${cold.cache})`);

    /** @type {Awaited<ReturnType<typeof timeGet>>[]} */
    const warm = [];
    // Sequential on purpose: we want the latency of one request, not throughput.
    for (let i = 0; i < WARM_REQUESTS; i++) warm.push(await timeGet(url));
    const totals = warm.map((w) => w.total);
    const warmMedian = median(totals);
    log(
      `warm, ${WARM_REQUESTS} requests: median ${ms(warmMedian)} (headers ${ms(median(warm.map((w) => w.headers)))}),` +
        ` min ${ms(Math.min(...totals))}, max ${ms(Math.max(...totals))}, x-nextjs-cache: ${[...new Set(warm.map((w) => w.cache))].join("/")}`,
    );

    // The page as the reader gets it goes through proxy.ts, which asks this
    // server for Next's page on the loopback and strips its runtime. The
    // proxy's own request header sends a request straight to Next's page:
    // the difference is what the loopback fetch and the rewrite cost.
    // Interleaved, so a burst of load elsewhere hits both alike.
    /** @type {number[]} */
    const viaProxy = [];
    /** @type {number[]} */
    const direct = [];
    for (let i = 0; i < WARM_REQUESTS; i++) {
      viaProxy.push((await timeGet(url)).total);
      direct.push((await timeGet(url, { "x-akhbar-inner": "1" })).total);
    }
    const cost = median(viaProxy.map((t, i) => t - (direct[i] ?? t)));
    log(
      `warm, ${WARM_REQUESTS} pairs: as sent to readers (proxy, loopback fetch, runtime stripped) median ${ms(median(viaProxy))}; ` +
        `Next's page directly (x-akhbar-inner) median ${ms(median(direct))}; the proxy's part: median ${ms(cost)} per request`,
    );
    return [
      { figure: "article response, cold", value: ms(cold.total) },
      { figure: `article response, warm (median of ${WARM_REQUESTS})`, value: ms(warmMedian) },
      { figure: "article: the proxy's loopback fetch and rewrite (median)", value: ms(cost) },
    ];
  },
};
