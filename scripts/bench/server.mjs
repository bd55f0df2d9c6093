// @ts-check
/**
 * Builds the app when asked and runs the production server as a real process
 * (`node scripts/start.mjs`), in its own process group so that stopping it also
 * stops the `next start` child that start.mjs spawns.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { onInterrupt } from "./cleanup.mjs";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const PUBLISH_TOKEN = "bench-publish-token";

const BUILD_ID = path.join(ROOT, ".next", "BUILD_ID");
// Next 16 refuses a second concurrent `next build` in the same tree with this.
const BUILD_LOCKED = "Another next build process is already running";
const BUILD_WAIT_MS = 10 * 60_000;

/** @returns {string | undefined} the id of the build in .next/, if there is one */
export function buildId() {
  return existsSync(BUILD_ID) ? readFileSync(BUILD_ID, "utf8").trim() : undefined;
}

/**
 * Runs `npm run build` unless SKIP_BUILD=1 and a build exists. When someone
 * else's build holds Next's lock, waits for it and tries again rather than fail.
 * @param {{ log: (line: string) => void }} io
 */
export async function ensureBuild({ log }) {
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (true) {
    if (process.env.SKIP_BUILD === "1" && buildId()) {
      log(`SKIP_BUILD=1: using the existing build in .next/ (${buildId()})`);
      return;
    }
    log("building (npm run build)…");
    const { code, output } = await runBuild();
    if (code === 0) return;
    if (!output.includes(BUILD_LOCKED) || Date.now() > deadline) throw new Error(`npm run build failed (exit ${code})`);
    log("another build is running in this tree; trying again in 15 s");
    await sleep(15_000);
  }
}

/** @returns {Promise<{ code: number | null, output: string }>} */
function runBuild() {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    // Build chatter goes to stderr so stdout stays the report.
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (d) => {
        output += d;
        process.stderr.write(d);
      });
    }
    const forget = onInterrupt(() => child.kill("SIGKILL"));
    child.once("error", (error) => {
      forget();
      reject(error);
    });
    child.once("close", (code) => {
      forget();
      resolve({ code, output });
    });
  });
}

/** @returns {Promise<number>} a port nobody listens on right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {object} RunningServer
 * @property {string} url base URL, no trailing slash
 * @property {number} port
 * @property {string} dataDir fresh DATA_DIR, removed on stop
 * @property {number} pid the process group's leader (the server's processes are its group)
 * @property {() => string} output everything the server printed so far
 * @property {() => Promise<void>} stop kills the process group and removes DATA_DIR
 * @property {() => void} killNow synchronous SIGKILL of the group, for signal handlers
 */

/**
 * Starts `node scripts/start.mjs` with a fresh DATA_DIR (so the store holds only
 * the seed article) and resolves once `GET /` answers 200.
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<RunningServer>}
 */
export async function startServer({ timeoutMs = 90_000 } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "news-bench-"));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    detached: true, // own process group: one kill reaches next start too
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SKIP_BUILD: "1",
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLISH_TOKEN,
      // The address we actually audit, for anything the app makes absolute.
      SITE_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));

  let stopped = false;
  const killNow = () => {
    if (stopped) return;
    stopped = true;
    forget();
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // a stray temp dir is not worth failing the report
    }
  };
  const forget = onInterrupt(killNow);
  const stop = async () => {
    if (stopped) return;
    // Ask politely first so Next can close SQLite; then make sure.
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) await sleep(100);
    killNow();
  };

  const deadline = Date.now() + timeoutMs;
  try {
    while (true) {
      if (child.exitCode !== null) throw new Error(`server exited early (code ${child.exitCode}):\n${log}`);
      if (Date.now() > deadline) throw new Error(`server did not answer 200 on / within ${timeoutMs} ms:\n${log}`);
      try {
        const res = await fetch(`${url}/`);
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
  } catch (error) {
    killNow();
    throw error;
  }
  return { url, port, dataDir, pid: child.pid ?? 0, output: () => log, stop, killNow };
}
