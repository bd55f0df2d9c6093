#!/usr/bin/env node
// `npm run check:runtime`: proves a server needs only the runtime dependencies.
// Copies this checkout with its build (run `npm run build` first) into a
// temporary folder, installs it with `npm ci --omit=dev` (from the npm
// registry: about a minute), and checks there that `npm start` serves and
// reports healthy, `npm run publish` publishes, `npm run worker` runs, and
// `npm start` without a build says to build first. Prints the timings.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", ".git", "data", "test-results", "playwright-report", "bench-results"]);

function fail(message) {
  console.error(`check:runtime: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(command, args, options) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return { ...result, ms: performance.now() - started };
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what}: not within ${timeoutMs} ms`);
}

if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(path.join(root, ".next", "cli", "publish.mjs"))) {
  console.error("check:runtime: no build here; run `npm run build` first.");
  process.exit(1);
}

const dir = mkdtempSync(path.join(os.tmpdir(), "akhbar-runtime-"));
const app = path.join(dir, "app");
const figures = {};
let server;
try {
  // The checkout as deployed: sources and the build, timestamps kept (npm start compares them).
  cpSync(root, app, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => {
      const rel = path.relative(root, src);
      return !SKIP.has(rel.split(path.sep)[0]) && rel !== path.join(".next", "cache");
    },
  });

  const install = run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], { cwd: app });
  if (install.status !== 0) fail(`npm ci --omit=dev failed:\n${install.stderr}`);
  figures["npm ci --omit=dev"] = `${(install.ms / 1000).toFixed(1)} s`;
  for (const dev of ["typescript", "tsx", "esbuild", "workbox-build", "vitest"]) {
    if (existsSync(path.join(app, "node_modules", dev))) fail(`devDependency ${dev} is installed`);
  }

  const port = await freePort();
  const dataDir = path.join(dir, "data");
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" };
  const started = performance.now();
  server = spawn("npm", ["start"], { cwd: app, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200, 90_000, `npm start healthy\n${log}`);
  figures["npm start to healthy"] = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (/جارٍ البناء/.test(log)) fail(`npm start built instead of serving the build:\n${log}`);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  if (home.status !== 200) fail(`GET / answered ${home.status}`);

  const md = path.join(dir, "article.md");
  writeFileSync(md, "---\ntitle: مقال تجريبي لفحص التشغيل دون أدوات التطوير\n---\nنص تجريبي.\n");
  const publish = run("npm", ["run", "--silent", "publish", "--", md], { cwd: app, env });
  if (publish.status !== 0) fail(`npm run publish failed:\n${publish.stderr}`);
  figures["npm run publish"] = `${(publish.ms / 1000).toFixed(1)} s`;
  const url = new URL(publish.stdout.trim());
  const article = await fetch(`http://127.0.0.1:${port}${url.pathname}`);
  if (article.status !== 200 || !(await article.text()).includes("مقال تجريبي لفحص التشغيل")) fail(`the published article answered ${article.status}`);

  const worker = spawn("npm", ["run", "--silent", "worker"], { cwd: app, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let workerLog = "";
  worker.stdout.on("data", (d) => (workerLog += d));
  worker.stderr.on("data", (d) => (workerLog += d));
  const workerExit = new Promise((resolve) => worker.once("close", resolve));
  await waitFor(async () => workerLog.includes("عامل الإشعارات يعمل."), 30_000, `npm run worker\n${workerLog}`);
  // SIGTERM to the whole group, as a supervisor stopping the service: npm dies of the signal, the
  // worker finishes its batches in hand and exits; every process of the group must be gone.
  process.kill(-worker.pid, "SIGTERM");
  const groupAlive = () => {
    try {
      process.kill(-worker.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await waitFor(async () => !groupAlive(), 15_000, `npm run worker stopping on SIGTERM\n${workerLog}`);
  await workerExit;

  process.kill(-server.pid, "SIGTERM");
  server = undefined;
  rmSync(path.join(app, ".next"), { recursive: true });
  const unbuilt = run("npm", ["start"], { cwd: app, env: { ...env, PORT: String(await freePort()) }, timeout: 30_000 });
  if (unbuilt.status !== 1 || !unbuilt.stderr.includes("شغّل npm run build أولًا")) {
    fail(`npm start without a build: status ${unbuilt.status}\n${unbuilt.stdout}${unbuilt.stderr}`);
  }
  for (const [what, value] of Object.entries(figures)) console.log(`${what}: ${value}`);
  console.log("check:runtime: a server without devDependencies serves, publishes and runs its worker.");
} finally {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
