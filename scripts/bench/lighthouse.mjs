// @ts-check
/**
 * Lighthouse 12 with its default config: a mobile phone with simulated
 * throttling (Lantern), so scores depend little on this machine's 2 cores.
 * One Chromium serves all runs; before each, Lighthouse clears the cache and
 * all the origin's storage, so every run is a reader's first visit.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import { onInterrupt } from "./cleanup.mjs";
import { median, ms, table } from "./report.mjs";

const CATEGORIES = /** @type {const} */ (["performance", "accessibility", "best-practices", "seo"]);
/** Minimum score ×100 per category, for the median of the runs. */
const TARGETS = { performance: 100, accessibility: 100, "best-practices": 100, seo: 100 };
/** Metric targets (median of the runs): LCP under simulated slow 4G, no shift, little blocking. */
const METRIC_TARGETS = /** @type {const} */ ([
  ["largest-contentful-paint", "LCP", "< 1.5 s", (/** @type {number} */ v) => v < 1500],
  ["cumulative-layout-shift", "CLS", "0", (/** @type {number} */ v) => v === 0],
  ["total-blocking-time", "TBT", "< 50 ms", (/** @type {number} */ v) => v < 50],
]);
const METRICS = /** @type {const} */ ([
  ["LCP", "largest-contentful-paint"],
  ["CLS", "cumulative-layout-shift"],
  ["TBT", "total-blocking-time"],
  ["FCP", "first-contentful-paint"],
]);

/** Lighthouse's default list plus what a page itself stores. */
const FIRST_VISIT_STORAGE = /** @type {const} */ (["file_systems", "shader_cache", "service_workers", "cache_storage", "local_storage", "indexeddb", "websql", "cookies"]);

export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-gpu",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath() {
  const chromePath = process.env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";
  if (!existsSync(chromePath)) throw new Error(`Chromium not found at ${chromePath} (set CHROMIUM_PATH)`);
  return chromePath;
}

/** @typedef {import("lighthouse").Result} LHResult */

/**
 * Audits that cost points: weighted audits under 1, and for performance also
 * the unweighted diagnostics that flag savings (insights are hidden duplicates).
 * @param {LHResult} lhr
 * @param {string} categoryId
 */
function failingAudits(lhr, categoryId) {
  const category = lhr.categories[categoryId];
  if (!category) return [];
  return category.auditRefs.flatMap((ref) => {
    const audit = lhr.audits[ref.id];
    if (!audit || ref.group === "hidden") return [];
    if (["notApplicable", "manual", "informative"].includes(audit.scoreDisplayMode)) return [];
    const failed = audit.scoreDisplayMode === "error" || (audit.score !== null && audit.score < (ref.weight > 0 ? 1 : 0.9));
    if (!failed) return [];
    return [
      {
        id: audit.id,
        title: audit.title,
        displayValue: audit.displayValue ?? audit.errorMessage ?? "",
        weight: ref.weight,
        score: audit.score,
        evidence: evidence(audit),
      },
    ];
  });
}

const MAX_EVIDENCE = 6;

/**
 * A few one-line summaries of an audit's findings: its explanation, then the
 * first rows of its details table(s), cell by cell as the report would show.
 * @param {LHResult["audits"][string]} audit
 * @returns {string[]}
 */
function evidence(audit) {
  /** @type {string[]} */
  const lines = [];
  if (audit.explanation) lines.push(audit.explanation);
  if (audit.errorMessage) lines.push(audit.errorMessage);
  /** @param {any} details */
  const visit = (details) => {
    if (!details || lines.length >= MAX_EVIDENCE) return;
    if (details.type === "list") return details.items?.forEach(visit);
    if (details.type !== "table" && details.type !== "opportunity") return;
    /** @type {{ key: string | null, valueType?: string }[]} */
    const headings = details.headings ?? [];
    for (const item of details.items ?? []) {
      if (lines.length >= MAX_EVIDENCE) return;
      const cells = headings.filter((h) => h.key).map((h) => cellText(item[/** @type {string} */ (h.key)], h.valueType));
      // Our own origin adds nothing but width.
      const line = cells.filter(Boolean).join(" | ").replace(/https?:\/\/(?:127\.0\.0\.1|localhost):\d+/g, "");
      if (line) lines.push(line.length > 160 ? `${line.slice(0, 157)}…` : line);
    }
  };
  visit(audit.details);
  return lines;
}

/**
 * @param {any} value
 * @param {string} [valueType]
 * @returns {string}
 */
function cellText(value, valueType) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "object") {
    if (value.type === "node") return [value.selector, value.snippet, value.nodeLabel && `"${value.nodeLabel}"`].filter(Boolean).join(" ");
    if (value.type === "source-location") return value.url ?? "";
    if (value.type === "url" || value.type === "code" || value.type === "text") return String(value.value ?? "");
    return "";
  }
  if (typeof value === "number") {
    if (valueType === "bytes") return `${(value / 1024).toFixed(1)} KiB`;
    if (valueType === "ms" || valueType === "timespanMs") return ms(value);
    return String(Math.round(value * 1000) / 1000);
  }
  return String(value);
}

/**
 * @param {string} text
 * @param {string} prefix
 */
const indent = (text, prefix) =>
  text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");

/**
 * @param {LHResult} lhr
 * @param {string} id
 */
const score = (lhr, id) => {
  const value = lhr.categories[id]?.score;
  return value === null || value === undefined ? null : Math.round(value * 100);
};

/** @type {import("./report.mjs").Section} */
export const lighthouseSection = {
  id: "lighthouse",
  title: "Lighthouse 12 (mobile, simulated throttling)",
  async run({ baseUrl, pages, runs, resultsDir, log }) {
    mkdirSync(resultsDir, { recursive: true });
    const chromePath = chromiumPath();
    // Our own profile dir, so it can be removed even after Ctrl-C.
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), "bench-chromium-"));
    const removeProfile = () => {
      try {
        // Retries: a just-killed Chromium may still be flushing files.
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      } catch {
        // a stray temp dir is not worth failing the report
      }
    };
    /** @type {chromeLauncher.LaunchedChrome} */
    let chrome;
    try {
      chrome = await chromeLauncher.launch({
        chromePath,
        chromeFlags: CHROMIUM_FLAGS,
        userDataDir,
        handleSIGINT: false, // bench.mjs handles it, so the server dies too
        logLevel: "silent",
      });
    } catch (error) {
      removeProfile();
      throw error;
    }
    const killChrome = () => {
      try {
        process.kill(-chrome.pid, "SIGKILL");
      } catch {
        // already gone
      }
      removeProfile();
    };
    const forget = onInterrupt(killChrome);

    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    /** @type {string[]} */
    const problems = [];
    try {
      for (const [name, pathname] of Object.entries(pages)) {
        // One page failing must not cost us the other page's figures.
        try {
          const { lhr, all } = await auditPage({ url: baseUrl + pathname, name, runs, port: chrome.port, resultsDir, log });
          log();
          log(`${name} — ${pathname}${runs > 1 ? ` (median of ${runs} runs)` : ""}`);
          rows.push(...reportPage(lhr, all, name, log));
        } catch (error) {
          problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
          rows.push({ figure: `${name}: Lighthouse`, value: "—", error: true });
        }
      }
      log();
      log(`full reports: ${path.relative(process.cwd(), resultsDir)}/lighthouse-*.json`);
    } finally {
      forget();
      killChrome(); // SIGKILL to Chromium's process group, then the profile
    }
    const unscored = rows.filter((r) => r.error && r.value === "n/a").length;
    if (unscored) problems.push(`${unscored} categories returned no score`);
    if (problems.length) throw Object.assign(new Error(problems.join("; ")), { rows });
    return rows;
  },
};

/**
 * Runs Lighthouse `runs` times on one page, saves every report, and returns
 * every run and Lighthouse's own median pick (the run closest to the median
 * FCP and TTI), whose audits explain what costs points.
 * @param {{ url: string, name: string, runs: number, port: number, resultsDir: string, log: (line?: string) => void }} options
 * @returns {Promise<{ lhr: LHResult, all: LHResult[] }>}
 */
async function auditPage({ url, name, runs, port, resultsDir, log }) {
  /** @type {LHResult[]} */
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
      // Every run a first visit: Lighthouse's default reset keeps localStorage and IndexedDB, so a
      // later run would start with what the page stored in the one before (the library, flags).
      clearStorageTypes: [...FIRST_VISIT_STORAGE],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const report = Array.isArray(result.report) ? result.report[0] : result.report;
    writeFileSync(path.join(resultsDir, `lighthouse-${name}.run${run}.json`), report ?? JSON.stringify(result.lhr));
    if (result.lhr.runtimeError) throw new Error(`${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
    results.push(result.lhr);
    log(
      `${name} run ${run}/${runs}: performance ${score(result.lhr, "performance") ?? "n/a"} · ` +
        METRICS.map(([label, id]) => `${label} ${metricValue(result.lhr, id)}`).join(" · ") +
        ` (${((Date.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0]?.toFixed(2)})`,
    );
  }
  const lhr = results.length > 1 ? computeMedianRun(results) : /** @type {LHResult} */ (results[0]);
  writeFileSync(path.join(resultsDir, `lighthouse-${name}.json`), JSON.stringify(lhr, null, 2));
  return { lhr, all: results };
}

/**
 * Prints one page's scores, metrics and what costs points; returns its rows:
 * each score and metric is the median over the runs.
 * @param {LHResult} lhr the median run, for the audits
 * @param {LHResult[]} all every run
 * @param {string} name
 * @param {(line?: string) => void} log
 * @returns {import("./report.mjs").Row[]}
 */
function reportPage(lhr, all, name, log) {
  /** @param {string} id */
  const medianScore = (id) => {
    const scores = all.map((r) => score(r, id));
    return scores.some((v) => v === null) ? null : median(/** @type {number[]} */ (scores));
  };
  /** @param {string} id */
  const medianMetric = (id) => {
    const values = all.map((r) => r.audits[id]?.numericValue);
    return values.some((v) => v === undefined) ? undefined : median(/** @type {number[]} */ (values));
  };
  log(
    "  " +
      CATEGORIES.map((c) => `${c} ${medianScore(c) ?? "n/a"}`).join(" · ") +
      "\n  " +
      METRICS.map(([label, id]) => `${label} ${formatMetric(id, medianMetric(id))}`).join(" · "),
  );
  /** @type {import("./report.mjs").Row[]} */
  const rows = [];
  for (const categoryId of CATEGORIES) {
    const value = medianScore(categoryId);
    rows.push({
      figure: `${name}: ${categoryId}`,
      value: value === null ? "n/a" : String(value),
      target: String(TARGETS[categoryId]),
      pass: value !== null && value >= TARGETS[categoryId],
      error: value === null,
    });
    if (value !== null && value >= 100) continue;
    const failing = failingAudits(lhr, categoryId);
    if (failing.length === 0) continue;
    log(`  ${categoryId} — audits below full marks:`);
    log(
      indent(
        table(
          ["audit id", "score", "weight", "title", "value"],
          failing.map((a) => [a.id, a.score === null ? "err" : a.score.toFixed(2), String(a.weight), a.title, a.displayValue]),
        ),
        "    ",
      ),
    );
    // What the audit found, so the fix can start from here rather than the JSON.
    for (const a of failing.filter((f) => f.evidence.length)) {
      log(`    ${a.id}:`);
      for (const line of a.evidence) log(`      - ${line}`);
    }
  }
  for (const [id, label, target, pass] of METRIC_TARGETS) {
    const value = medianMetric(id);
    rows.push({ figure: `${name}: ${label}`, value: formatMetric(id, value), target, pass: value !== undefined && pass(value), error: value === undefined });
  }
  rows.push({ figure: `${name}: FCP`, value: formatMetric("first-contentful-paint", medianMetric("first-contentful-paint")) });
  return rows;
}

/**
 * @param {string} id
 * @param {number | undefined} value
 */
function formatMetric(id, value) {
  if (value === undefined) return "n/a";
  return id === "cumulative-layout-shift" ? value.toFixed(3) : ms(value);
}

/**
 * @param {LHResult} lhr
 * @param {string} id
 */
function metricValue(lhr, id) {
  return formatMetric(id, lhr.audits[id]?.numericValue);
}

