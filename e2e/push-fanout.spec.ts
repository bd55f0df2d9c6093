// A publish over HTTP reaches push subscribers through the push queue: from the
// server's own worker by default, or from `npm run worker` when the server runs
// with WORKER=off. A local HTTPS push service decrypts what it receives.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { BrowserSubscription, LocalPushService } from "../lib/push/push-service.fixture";
import { browserSubscription, decryptPush, startPushService } from "../lib/push/push-service.fixture";
import { openSqliteStore } from "../lib/store/sqlite-store";
import { AppServer } from "./support/server";

const ROOT = path.resolve(import.meta.dirname, "..");

let service: LocalPushService;
let certFile: string;
test.beforeEach(async () => {
  service = await startPushService();
  certFile = path.join(mkdtempSync(path.join(os.tmpdir(), "push-e2e-")), "push-service.pem");
  writeFileSync(certFile, service.cert);
});
test.afterEach(async () => {
  await service.close();
});

/** A DATA_DIR whose store already holds one subscription at the local push service. */
async function dataDirWithSubscriber(): Promise<{ dataDir: string; reader: BrowserSubscription }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "push-e2e-data-"));
  const store = openSqliteStore(dataDir);
  const reader = browserSubscription(`${service.origin}/reader`);
  await store.saveSubscription(reader.record);
  await store.close();
  return { dataDir, reader };
}

test("the server's own worker announces an HTTP publish to subscribers", async () => {
  const { dataDir, reader } = await dataDirWithSubscriber();
  const server = await new AppServer({ dataDir, env: { NODE_EXTRA_CA_CERTS: certFile } }).start();
  try {
    const created = await server.publish({ title: "مقال يصل إشعاره", body: "نص تجريبي." });
    const published = performance.now();
    await expect.poll(() => service.received.length, { timeout: 15_000 }).toBe(1);
    test.info().annotations.push({ type: "publish to first push", description: `${Math.round(performance.now() - published)} ms` });
    expect(JSON.parse(decryptPush(service.received[0]!.body, reader))).toEqual({
      type: "article",
      id: created.id,
      slug: created.slug,
      title: "مقال يصل إشعاره",
      url: created.url,
    });
    // Over HTTP/2, as to a real push service, trusting it through NODE_EXTRA_CA_CERTS.
    expect(service.received[0]!.httpVersion).toBe("2.0");
  } finally {
    await server.stop();
  }
});

test("with WORKER=off the announcement waits in the outbox until `npm run worker` sends it", async () => {
  const { dataDir, reader } = await dataDirWithSubscriber();
  const env = { NODE_EXTRA_CA_CERTS: certFile, WORKER: "off" };
  const server = await new AppServer({ dataDir, env }).start();
  let worker: ReturnType<typeof spawn> | undefined;
  try {
    const created = await server.publish({ title: "مقال ينتظر العامل", body: "نص تجريبي." });
    const store = openSqliteStore(dataDir);
    const pending = await store.pendingAnnouncements(10);
    await store.close();
    expect(pending.map((a) => a.articleId)).toEqual([created.id]);

    worker = spawn("npm", ["run", "--silent", "worker"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env, DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    let output = "";
    worker.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    worker.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await expect.poll(() => service.received.length, { timeout: 30_000, message: output }).toBe(1);
    expect(JSON.parse(decryptPush(service.received[0]!.body, reader))).toMatchObject({ id: created.id, title: "مقال ينتظر العامل" });
    expect(output).toContain("عامل الإشعارات يعمل.");
  } finally {
    if (worker?.pid) process.kill(-worker.pid, "SIGKILL");
    await server.stop();
  }
});
