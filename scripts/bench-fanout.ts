/**
 * Push fan-out throughput against a local HTTPS push service:
 *
 *   npx tsx scripts/bench-fanout.ts [--subscriptions 20000] [--no-postgres] [--http1] [--memory] [--json]
 *
 * Fills a store with subscriptions, publishes one announced article and runs
 * the push worker in this process (default settings: batches of 500, 50 in
 * flight, 2 batches at once) until the service has received every push.
 * The push service speaks HTTP/2 and HTTPS/1.1 as real ones do (`--http1`:
 * HTTPS/1.1 only, the fallback path). Prints pushes per second, per CPU
 * second of this process (the worker's; the sink runs in another), the time from publish to the last push, peak
 * memory, and beside them the limit: the CPU cost of encrypting each message
 * alone, and of signing a VAPID token per push, which the worker avoids.
 * Memory: the peak RSS growth, and the heap still retained at the end after
 * a full collection (outside the timed part), which tells what the fan-out
 * keeps from garbage not yet collected. `--memory` also samples
 * process.memoryUsage() (heap, external, array buffers) every 250 ms, after a
 * full collection, and prints its peaks (slower: not for the CPU figure).
 * `--json` prints the figures as one JSON object instead (`npm run bench`'s
 * fan-out section reads it).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import Database from "better-sqlite3";
import pg from "pg";
import webpush from "web-push";
import { publishArticle } from "@/lib/publish/publish";
import { fanoutConfig } from "@/lib/push/fanout";
import { browserSubscription, selfSignedCertificate } from "@/lib/push/push-service.fixture";
import { vapidKeys } from "@/lib/push/vapid";
import { startPushWorker } from "@/lib/push/worker";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { DATABASE_FILE, openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase } from "@/test/support/postgres";

const { values } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "20000" },
    "no-postgres": { type: "boolean" },
    http1: { type: "boolean" },
    memory: { type: "boolean" },
    json: { type: "boolean" },
  },
});
const N = Number(values.subscriptions);
// A full collection on demand, without a node flag (tsx starts the process).
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/**
 * A sink in a process of its own (so this process's CPU is the worker's
 * alone), speaking HTTP/2 and HTTPS/1.1 on keep-alive connections (or
 * HTTPS/1.1 only) and answering 201 as a push service does, and saying "all"
 * once it has counted N requests.
 */
const SINK = `
const https = require("node:https");
const http2 = require("node:http2");
let count = 0;
const options = { key: process.env.KEY, cert: process.env.CERT, keepAliveTimeout: 30000, allowHTTP1: true };
const server = (process.env.HTTP1 ? https.createServer : http2.createSecureServer)(options, (req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(201).end();
    if (++count === Number(process.env.N)) process.stdout.write("all\\n");
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write("port " + server.address().port + "\\n"));
`;

async function sink() {
  const { key, cert } = selfSignedCertificate();
  const child = spawn(process.execPath, ["-e", SINK], { env: { ...process.env, KEY: key, CERT: cert, N: String(N), HTTP1: values.http1 ? "1" : "" }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve) => lines.once("line", (line) => resolve(line.slice("port ".length))));
  const all = new Promise<void>((resolve) => lines.on("line", (line) => line === "all" && resolve()));
  const origin = `https://127.0.0.1:${port}`;
  const agent = new https.Agent({ ca: cert, keepAlive: true, maxSockets: 256 });
  return { origin, agent, all, close: async () => (agent.destroy(), child.kill()) };
}

function fill(store: "sqlite" | "postgres", where: string, origin: string) {
  // One browser key pair for every subscription: encryption costs the same per message whatever the key.
  const keys = browserSubscription(`${origin}/x`).record.keys;
  if (store === "sqlite") {
    const db = new Database(path.join(where, DATABASE_FILE));
    const insert = db.prepare("INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < N; i++) insert.run(`${origin}/push/${String(i).padStart(7, "0")}`, keys.p256dh, keys.auth, new Date().toISOString());
    })();
    db.close();
    return Promise.resolve();
  }
  const client = new pg.Client({ connectionString: where });
  return client
    .connect()
    .then(() =>
      client.query(
        `INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at)
         SELECT $1 || '/push/' || lpad(i::text, 7, '0'), $2, $3, now() FROM generate_series(0, $4::int - 1) AS i`,
        [origin, keys.p256dh, keys.auth, N],
      ),
    )
    .then(() => client.end());
}

async function run(kind: "sqlite" | "postgres") {
  const service = await sink();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-fanout-"));
  process.env.DATA_DIR = dataDir;
  let store: ArticleStore;
  let drop = async () => {};
  if (kind === "sqlite") {
    process.env.DATABASE_URL = "";
    store = openSqliteStore(dataDir);
    await fill(kind, dataDir, service.origin);
  } else {
    const db = await createTestDatabase("fanout_bench");
    process.env.DATABASE_URL = db.url;
    store = await openPgStore(db.url, { maxConnections: 4 });
    await fill(kind, db.url, service.origin);
    drop = () => db.drop();
  }
  const worker = await startPushWorker(store, { config: fanoutConfig(), agent: service.agent });
  // memoryUsage.rss() alone unless asked: the full memoryUsage() costs CPU the worker's figure would count.
  let peak = process.memoryUsage.rss();
  const split = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  gc();
  const start = process.memoryUsage();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (!values.memory) return;
    gc();
    const now = process.memoryUsage();
    for (const k of Object.keys(split) as (keyof typeof split)[]) split[k] = Math.max(split[k], now[k] - start[k]);
  }, values.memory ? 250 : 100);
  const before = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await publishArticle(store, { title: "مقال لقياس الإشعارات", body: "نص تجريبي." }, { announce: true });
  worker.wake();
  await service.all;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  gc();
  const retained = process.memoryUsage().heapUsed - start.heapUsed;
  await worker.stop();
  await store.close();
  await service.close();
  await drop();
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    kind,
    seconds,
    perSecond: N / seconds,
    perCpuSecond: N / cpuSeconds,
    peakMb: (peak - before) / 2 ** 20,
    retainedMb: retained / 2 ** 20,
    ...(values.memory ? { peakSplitMb: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, Math.round(v / 2 ** 20)])) } : {}),
  };
}

function limit() {
  const { record } = browserSubscription("https://push.example/x");
  const vapid = vapidKeys(mkdtempSync(path.join(os.tmpdir(), "bench-vapid-")));
  const body = JSON.stringify({ type: "article", id: "0b6f3c1e-8f9d-4c1a-9a57-3e2d7c5b1a00", slug: "2025-01-01-a1b2c3", title: "مقال لقياس الإشعارات", url: "/articles/2025-01-01-a1b2c3" });
  const count = 5000;
  let cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) webpush.encrypt(record.keys.p256dh, record.keys.auth, body, "aes128gcm");
  let used = process.cpuUsage(cpu);
  const encrypt = count / ((used.user + used.system) / 1e6);
  cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) webpush.getVapidHeaders("https://push.example", vapid.subject, vapid.publicKey, vapid.privateKey, "aes128gcm");
  used = process.cpuUsage(cpu);
  const sign = count / ((used.user + used.system) / 1e6);
  return { encrypt, encryptAndSign: 1 / (1 / encrypt + 1 / sign) };
}

// The limit is measured before the runs (a fresh process) and after them (warm), and the higher is
// kept: a limit taken while the collector still pays for a big run would flatter the fan-out's share.
const before = limit();
const results = [await run("sqlite")];
if (!values["no-postgres"]) results.push(await run("postgres"));
const after = limit();
const bound = before.encrypt >= after.encrypt ? before : after;
if (values.json) {
  console.log(JSON.stringify({ subscriptions: N, results, limit: bound }));
  process.exit(0);
}
console.log(`push fan-out to ${N.toLocaleString("en")} subscriptions (local ${values.http1 ? "HTTPS/1.1" : "HTTP/2"} push service in another process):`);
for (const r of results) {
  console.log(
    `  ${r.kind.padEnd(9)} publish to last push ${r.seconds.toFixed(1)} s, ${Math.round(r.perSecond)} pushes/s, ` +
      `${Math.round(r.perCpuSecond)} pushes per CPU second, peak memory +${Math.round(r.peakMb)} MB, heap retained +${r.retainedMb.toFixed(1)} MB` +
        (r.peakSplitMb ? ` (peaks: ${JSON.stringify(r.peakSplitMb)})` : ""),
  );
}
console.log(`  limit: encryption alone ${Math.round(bound.encrypt)} messages per CPU second; with a VAPID signature per push ${Math.round(bound.encryptAndSign)}`);
