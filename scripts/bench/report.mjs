// @ts-check
/** Shared types and formatting for bench sections. */

/**
 * One line of the summary table. `pass` undefined means "reported, no target".
 * @typedef {object} Row
 * @property {string} figure
 * @property {string} value
 * @property {string} [target]
 * @property {boolean} [pass]
 * @property {boolean} [error] the figure could not be measured
 */

/**
 * What every section gets. Sections print their detail with `log` and return
 * rows for the final table; throwing marks the section as not measured.
 * @typedef {object} BenchContext
 * @property {string} baseUrl server origin, e.g. http://127.0.0.1:40123
 * @property {string} publishToken bearer token for POST /api/articles on that server
 * @property {string} dataDir the server's DATA_DIR (fresh: only the seed article)
 * @property {{ home: string, article: string, search: string }} pages paths of the pages we track
 * @property {number} runs how many Lighthouse runs per page (median taken)
 * @property {string} root project root
 * @property {string} resultsDir where full reports go (bench-results/)
 * @property {number[]} storeArticles store sizes the store section fills (--store-articles)
 * @property {number} fanoutSubscriptions subscriptions the fan-out section sends to (--fanout-subscriptions)
 * @property {(line?: string) => void} log
 */

/**
 * A figure group: a later figure is a new module exporting one of these, plus
 * one line in scripts/bench.mjs.
 * @typedef {object} Section
 * @property {string} id used by --only
 * @property {string} title
 * @property {(ctx: BenchContext) => Promise<Row[]>} run
 */

/** Kilobytes are KiB (1024 bytes), the unit bundle budgets are usually quoted in. */
export const KB = 1024;

/** @param {number} bytes */
export function kb(bytes) {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** @param {number} ms */
export function ms(ms) {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Plain-text table; `align` right-aligns the columns marked "r". Widths count
 * code points, so symbols such as ≥ and … don't skew the columns.
 * @param {string[]} header
 * @param {string[][]} body
 * @param {{ align?: ("l" | "r")[] }} [options]
 */
export function table(header, body, { align = [] } = {}) {
  const width = (/** @type {string} */ s) => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ""))));
  const cell = (/** @type {string} */ s, /** @type {number} */ i) => {
    const pad = " ".repeat(widths[i] - width(s));
    return align[i] === "r" ? pad + s : s + pad;
  };
  const line = (/** @type {string[]} */ r) => r.map(cell).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** @param {Row} row */
export function status(row) {
  if (row.error) return "ERROR";
  if (row.pass === undefined) return "—";
  return row.pass ? "PASS" : "MISS";
}
