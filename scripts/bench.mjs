#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: builds (unless SKIP_BUILD=1 and a build exists), starts the
 * production server as a real process with a fresh DATA_DIR, measures the
 * figures we track and prints them with PASS/MISS against each target.
 *
 *   npm run bench -- --runs 3              median of 3 Lighthouse runs per page
 *   npm run bench -- --only js,html        only some sections (ids below)
 *   npm run bench -- --only store,fanout --store-articles 1000,10000 --fanout-subscriptions 20000
 *                                          smaller scale figures (default: the 1,000, 10,000 and 100,000
 *                                          articles and 100,000 subscriptions, about 3 minutes on a quiet machine)
 *
 * Exit code 0 even when a target is missed (this is a report); 1 only when a
 * figure could not be measured. Each section is a module in scripts/bench/
 * exporting a Section; add a figure by adding a module and a line to SECTIONS.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { killAllNow } from "./bench/cleanup.mjs";
import { libraryScaleSection } from "./bench/library-scale.mjs";
import { lighthouseSection } from "./bench/lighthouse.mjs";
import { offlineSection } from "./bench/offline.mjs";
import { photosSection } from "./bench/photos.mjs";
import { rendersSection } from "./bench/renders.mjs";
import { table, status } from "./bench/report.mjs";
import { fanoutSection, storeSection } from "./bench/scale.mjs";
import { searchSection } from "./bench/search.mjs";
import { PUBLISH_TOKEN, ROOT, buildId, ensureBuild, startServer } from "./bench/server.mjs";
import { htmlSection, jsSection } from "./bench/sizes.mjs";
import { timingSection } from "./bench/timing.mjs";

/**
 * In this order: timing first, because its "cold" figure must be the first
 * request to the article after start; the slow ones last (search runs its own
 * server and browser).
 * @type {import("./bench/report.mjs").Section[]}
 */
const SECTIONS = [timingSection, jsSection, htmlSection, lighthouseSection, offlineSection, libraryScaleSection, searchSection, photosSection, rendersSection, storeSection, fanoutSection];

const PAGES = { home: "/", article: "/articles/khitam-ahd-al-nizam-al-bayed", search: "/search", saved: "/saved", settings: "/settings" };

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    "store-articles": { type: "string", default: "1000,10000,100000" },
    "fanout-subscriptions": { type: "string", default: "100000" },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(`usage: npm run bench -- [--runs N] [--only ${SECTIONS.map((s) => s.id).join(",")}] [--store-articles 1000,10000,100000] [--fanout-subscriptions 100000]`);
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, got ${values.runs}`);
  process.exit(2);
}
const storeArticles = values["store-articles"].split(",").map((s) => Number(s.trim())).sort((a, b) => a - b);
const fanoutSubscriptions = Number(values["fanout-subscriptions"]);
if (storeArticles.some((n) => !Number.isInteger(n) || n < 100) || !Number.isInteger(fanoutSubscriptions) || fanoutSubscriptions < 100) {
  console.error("--store-articles takes whole numbers of at least 100, comma-separated; --fanout-subscriptions one");
  process.exit(2);
}
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((id) => !SECTIONS.some((s) => s.id === id)) ?? [];
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.id).join(", ")}`);
  process.exit(2);
}

const log = (/** @type {string} */ line = "") => console.log(line);
const heading = (/** @type {string} */ title) => log(`\n== ${title} ==`);

/** @type {import("./bench/server.mjs").RunningServer | undefined} */
let server;
// Ctrl-C: kill the build, Chromium and the server group synchronously, then leave.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    killAllNow();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

/** @type {string | undefined} */
let servedBuild;
/** @type {{ section: string, row: import("./bench/report.mjs").Row }[]} */
const summary = [];
let failures = 0;
try {
  await ensureBuild({ log: (line) => console.error(`> ${line}`) });
  server = await startServer();
  servedBuild = buildId();
  log(`server: ${server.url} (DATA_DIR ${server.dataDir}, build ${servedBuild})`);
  // Other work on a 2-core machine moves TBT and the timings; say how busy it was.
  log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)} (1 min)`);
  /** @type {import("./bench/report.mjs").BenchContext} */
  const ctx = {
    baseUrl: server.url,
    publishToken: PUBLISH_TOKEN,
    dataDir: server.dataDir,
    pages: PAGES,
    runs,
    root: ROOT,
    resultsDir: path.join(ROOT, "bench-results"),
    storeArticles,
    fanoutSubscriptions,
    log,
  };

  for (const section of SECTIONS) {
    if (only && !only.includes(section.id)) continue;
    heading(section.title);
    try {
      for (const row of await section.run(ctx)) summary.push({ section: section.id, row });
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      log(`could not measure: ${message}`);
      // A section may hand back what it did measure before failing.
      const partial = /** @type {{ rows?: import("./bench/report.mjs").Row[] }} */ (error)?.rows ?? [];
      for (const row of partial) summary.push({ section: section.id, row });
      summary.push({ section: section.id, row: { figure: `${section.id}: ${message.split("\n")[0]}`, value: "—", error: true } });
    }
  }
} catch (error) {
  failures++;
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
} finally {
  await server?.stop();
}

if (summary.length) {
  heading("Summary");
  // Others may rebuild this tree while we measure; then the server mixed two builds.
  if (servedBuild && buildId() !== servedBuild) log(`WARNING: .next/ was rebuilt during the bench (${servedBuild} → ${buildId() ?? "none"}); figures may be off, run again.`);
  log(
    table(
      ["figure", "value", "target", "result"],
      summary.map(({ row }) => [row.figure, row.value, row.target ?? "", status(row)]),
      { align: ["l", "r", "l", "l"] },
    ),
  );
  const resultsDir = path.join(ROOT, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, "summary.json"),
    JSON.stringify({ date: new Date().toISOString(), runs, rows: summary.map(({ section, row }) => ({ section, ...row, result: status(row) })) }, null, 2),
  );
}
process.exitCode = failures ? 1 : 0;
