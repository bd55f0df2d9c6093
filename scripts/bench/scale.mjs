// @ts-check
/**
 * The store and push fan-out at scale (issue 14), run as their own processes
 * through tsx (scripts/bench-store.ts, scripts/bench-fanout.ts, which also run
 * alone), on SQLite and on PostgreSQL through TEST_DATABASE_URL, at the
 * issue's sizes by default (100,000 articles and subscriptions: about a
 * minute each on a quiet machine); `--store-articles` and
 * `--fanout-subscriptions` take smaller ones.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ms } from "./report.mjs";

/** Each store operation under this, at every size. */
const STORE_TARGET_MS = 5;
/** The largest size's time over the smallest's: flat means under this. */
const FLAT_RATIO = 2;
/** Fan-out end to end against what encryption alone allows, per CPU second. */
const FANOUT_SHARE = 0.5;

/**
 * Runs a bench script through tsx and parses the one JSON line it prints.
 * @param {string} root
 * @param {string} script
 * @param {string[]} args
 */
function runJson(root, script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", script), ...args, "--json"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("error", reject);
    child.once("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err.trim().split("\n").slice(-3).join(" ")}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${script} printed no JSON: ${line.slice(0, 200)}`));
      }
    });
  });
}

const count = (/** @type {number} */ n) => n.toLocaleString("en");

/** @type {import("./report.mjs").Section} */
export const storeSection = {
  id: "store",
  title: "Store operations at scale (SQLite, PostgreSQL)",
  async run(ctx) {
    const sizes = ctx.storeArticles;
    /** @type {{ articles: number, results: Record<string, Record<string, number>> }[]} */
    const runs = [];
    for (const articles of sizes) {
      // Fewer repetitions for the big stores: the median settles long before.
      const repeat = articles >= 100_000 ? 50 : 100;
      const result = /** @type {any} */ (await runJson(ctx.root, "bench-store.ts", ["--articles", String(articles), "--runs", String(repeat)]));
      runs.push(result);
      for (const [kind, figures] of Object.entries(result.results)) {
        ctx.log(`${count(articles)} articles, ${kind}: ${Object.entries(figures).map(([op, t]) => `${op} ${ms(/** @type {number} */ (t))}`).join(", ")}`);
      }
    }
    const smallest = runs[0];
    const largest = runs[runs.length - 1];
    if (!smallest || !largest) return [];
    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    for (const [kind, figures] of Object.entries(largest.results)) {
      for (const [op, time] of Object.entries(figures)) {
        // The old sort is shown for comparison only: it is what the index replaced.
        if (op.includes("old whole-table")) continue;
        const base = smallest.results[kind]?.[op];
        const ratio = base && runs.length > 1 ? time / base : undefined;
        const flat = ratio === undefined || ratio < FLAT_RATIO;
        const value = ratio === undefined ? ms(time) : `${ms(time)} (×${ratio.toFixed(1)} from ${count(smallest.articles)})`;
        // A sitemap file holds up to 50,000 rows and a section's second page is empty in a small
        // store: both grow with the store by design, so they are shown, not held to the flat target.
        if (/sitemap file|section page/.test(op)) {
          rows.push({ figure: `${kind} ${op} at ${count(largest.articles)}`, value });
          continue;
        }
        rows.push({
          figure: `${kind} ${op} at ${count(largest.articles)}`,
          value,
          target: runs.length > 1 ? `< ${STORE_TARGET_MS} ms, ×< ${FLAT_RATIO}` : `< ${STORE_TARGET_MS} ms`,
          pass: time < STORE_TARGET_MS && flat,
        });
      }
    }
    return rows;
  },
};

/** @type {import("./report.mjs").Section} */
export const fanoutSection = {
  id: "fanout",
  title: "Push fan-out to a local HTTP/2 push service",
  async run(ctx) {
    const result = /** @type {any} */ (await runJson(ctx.root, "bench-fanout.ts", ["--subscriptions", String(ctx.fanoutSubscriptions)]));
    const { encrypt, encryptAndSign } = result.limit;
    ctx.log(`limit: encryption alone ${Math.round(encrypt)} messages per CPU second; with a VAPID signature per push ${Math.round(encryptAndSign)}`);
    /** @type {import("./report.mjs").Row[]} */
    const rows = [{ figure: "encryption alone, per CPU second", value: `${Math.round(encrypt)}` }];
    for (const r of result.results) {
      ctx.log(
        `${r.kind}: publish to last push ${r.seconds.toFixed(1)} s, ${Math.round(r.perSecond)} pushes/s, ${Math.round(r.perCpuSecond)} per CPU second, peak memory +${Math.round(r.peakMb)} MB, heap retained +${r.retainedMb.toFixed(1)} MB`,
      );
      rows.push(
        {
          figure: `${r.kind} fan-out, pushes per CPU second`,
          value: `${Math.round(r.perCpuSecond)} (${Math.round((r.perCpuSecond / encrypt) * 100)}% of the limit)`,
          target: `≥ ${Math.round(FANOUT_SHARE * 100)}% of encryption alone`,
          pass: r.perCpuSecond >= FANOUT_SHARE * encrypt,
        },
        { figure: `${r.kind} publish to last of ${count(result.subscriptions)} pushes`, value: `${r.seconds.toFixed(1)} s` },
        { figure: `${r.kind} fan-out peak memory`, value: `+${Math.round(r.peakMb)} MB` },
        // What the fan-out keeps after a full collection; the peak above is mostly garbage not yet collected.
        { figure: `${r.kind} fan-out heap retained after the run`, value: `+${r.retainedMb.toFixed(1)} MB` },
      );
    }
    return rows;
  },
};
