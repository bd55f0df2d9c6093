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
 */
async function timeGet(url) {
  const start = performance.now();
  const res = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
  const headers = performance.now() - start;
  await res.arrayBuffer();
  const total = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
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
    return [
      { figure: "article response, cold", value: ms(cold.total) },
      { figure: `article response, warm (median of ${WARM_REQUESTS})`, value: ms(warmMedian) },
    ];
  },
};
