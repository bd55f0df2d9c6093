// Push fan-out as durable jobs, on both stores, against a local HTTPS push
// service that decrypts what it receives, with in-process workers. The worker
// killed mid-fan-out is in fanout-restart.test.ts.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { publishArticle, publishRequest, withdrawArticle } from "@/lib/publish/publish";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import type { FanoutConfig } from "./fanout";
import { ANNOUNCE_QUEUE, BATCH_QUEUE, fanoutConfig } from "./fanout";
import type { PushPayload } from "./notify";
import { pushPayloadFor } from "./notify";
import type { BrowserSubscription, LocalPushService, PushHandler, PushResponse, PushServiceOptions, ReceivedPush } from "./push-service.fixture";
import { browserSubscription, decryptPush, startPushService, verifyVapid } from "./push-service.fixture";
import type { PushWorker } from "./worker";
import { startPushWorker } from "./worker";

interface Place {
  name: string;
  env: Record<string, string>;
  store: ArticleStore;
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const kinds = [
  {
    name: "sqlite",
    place: async (): Promise<Place> => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "fanout-"));
      const env = { DATA_DIR: dir, DATABASE_URL: "" };
      const store = openSqliteStore(dir);
      cleanups.push(() => store.close());
      return { name: "sqlite", env, store };
    },
  },
  {
    name: "postgres",
    place: async (): Promise<Place> => {
      const db: TestDatabase = await createTestDatabase("fanout");
      cleanups.push(() => db.drop());
      const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "fanout-")), DATABASE_URL: db.url };
      const store = await openPgStore(db.url, { maxConnections: 3 });
      cleanups.push(() => store.close());
      return { name: "postgres", env, store };
    },
  },
];

const VAPID = { VAPID_SUBJECT: "mailto:desk@example.org", VAPID_PUBLIC_KEY: "", VAPID_PRIVATE_KEY: "" };

async function pushService(routes: Record<string, PushHandler> = {}, options: PushServiceOptions = {}): Promise<LocalPushService> {
  const service = await startPushService(routes, options);
  cleanups.push(() => service.close());
  return service;
}

/** `count` subscriptions at `service`, endpoints sorted as the store reads them. */
async function subscribe(store: ArticleStore, service: LocalPushService, count: number, prefix = "sub"): Promise<BrowserSubscription[]> {
  const subs = Array.from({ length: count }, (_, n) => browserSubscription(`${service.origin}/${prefix}-${String(n).padStart(3, "0")}`));
  for (const s of subs) await store.saveSubscription(s.record);
  return subs;
}

/** Waits for `condition`, looking every 25 ms, failing after `timeoutMs` with what `state` says then. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, state?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `: ${await state()}` : ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const config = (overrides: Partial<FanoutConfig> = {}): FanoutConfig => ({
  ...fanoutConfig({}),
  batchSize: 4,
  concurrency: 3,
  retryDelayMs: 200,
  ...overrides,
});

async function inProcessWorker(place: Place, service: LocalPushService, overrides: Partial<FanoutConfig> = {}): Promise<PushWorker> {
  for (const [k, v] of Object.entries({ ...place.env, ...VAPID })) vi.stubEnv(k, v);
  const worker = await startPushWorker(place.store, { config: config(overrides), agent: service.agent });
  cleanups.push(() => worker.stop());
  return worker;
}

const article = { title: "مقال تجريبي للإشعارات", body: "نص تجريبي." };

/** Every queue and the outbox are empty: nothing more will be sent. */
async function drained(place: Place, worker: PushWorker): Promise<boolean> {
  return (
    (await place.store.pendingAnnouncements(1)).length === 0 &&
    (await worker.queue.unfinished(ANNOUNCE_QUEUE)) === 0 &&
    (await worker.queue.unfinished(BATCH_QUEUE)) === 0
  );
}

const byPath = (received: ReceivedPush[]) => {
  const counts = new Map<string, number>();
  for (const push of received) counts.set(push.path, (counts.get(push.path) ?? 0) + 1);
  return counts;
};

/** Another store on the same data, as a second server would open it. */
async function secondStore(place: Place): Promise<ArticleStore> {
  const store = place.env.DATABASE_URL ? await openPgStore(place.env.DATABASE_URL, { maxConnections: 3 }) : openSqliteStore(place.env.DATA_DIR!);
  cleanups.push(() => store.close());
  return store;
}

describe.each(kinds)("push fan-out on $name", (kind) => {
  it("releases a scheduled urgent article at its time through two racing workers, announced once with Urgency: high", async () => {
    const place = await kind.place();
    const service = await pushService();
    const readers = await subscribe(place.store, service, 3);
    const due = new Date(Date.now() + 1500).toISOString();
    const { article: waiting, scheduled } = await publishRequest(place.store, { ...article, urgent: true, publishedAt: due }, { announce: true });
    expect(scheduled).toBe(true);
    // Two servers' workers on one store: both poll, one releases.
    const workers = [await inProcessWorker(place, service), await inProcessWorker({ ...place, store: await secondStore(place) }, service)];
    expect(await place.store.getById(waiting.id)).toBeUndefined();
    await until(async () => (await place.store.getById(waiting.id)) !== undefined, 15_000, "the release");
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(due));
    await until(() => service.received.length >= 3, 15_000, "3 pushes");
    for (const worker of workers) await until(() => drained(place, worker), 15_000, "the queue to drain");
    expect([...byPath(service.received).values()]).toEqual([1, 1, 1]);
    const released = (await place.store.getById(waiting.id))!;
    expect(released.urgent).toBe(true);
    for (const reader of readers) {
      const push = service.received.find((p) => p.path === new URL(reader.record.endpoint).pathname)!;
      expect(push.headers.urgency).toBe("high");
      expect(JSON.parse(decryptPush(push.body, reader))).toEqual({ ...pushPayloadFor(released), urgent: true });
    }
  }, 40_000);

  it("announces a publish to every subscription in batches, encrypted and signed, once each", async () => {
    const place = await kind.place();
    const service = await pushService();
    const readers = await subscribe(place.store, service, 11);
    const worker = await inProcessWorker(place, service);

    const created = await publishArticle(place.store, article, { announce: true });
    worker.wake();
    await until(() => service.received.length >= 11, 15_000, "11 pushes");
    await until(() => drained(place, worker), 15_000, "the queue to drain");

    expect([...byPath(service.received).values()]).toEqual(Array(11).fill(1));
    const expected: PushPayload = pushPayloadFor(created);
    for (const reader of readers) {
      const push = service.received.find((p) => p.path === new URL(reader.record.endpoint).pathname)!;
      expect(JSON.parse(decryptPush(push.body, reader))).toEqual(expected);
      expect(verifyVapid(push.headers.authorization).claims.aud).toBe(service.origin);
    }
    expect(new Set(service.received.map((p) => p.headers.topic)).size).toBe(1);
    // Signed once for the push service's origin and reused by every batch (ES256 signatures differ each time).
    expect(new Set(service.received.map((p) => p.headers.authorization)).size).toBe(1);
    // An unannounced write (an edit, the seed) sends nothing more.
    await publishArticle(place.store, { ...article, title: "بلا إشعار" }, { announce: false });
    worker.wake();
    await until(() => drained(place, worker), 15_000, "the queue to drain");
    expect(service.received).toHaveLength(11);
  }, 40_000);

  it("over HTTP/2, reaches every subscription through a GOAWAY and a dropped connection mid-run, and closes its session when stopped", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const place = await kind.place();
    let drops = 0;
    // The 12th push arrives and the service drops every connection before answering it; later sessions see GOAWAY after 7 streams.
    const service = await pushService(
      new Proxy({} as Record<string, PushHandler>, {
        get: () => (_: ReceivedPush, res: PushResponse) => {
          if (service.received.length === 12 && drops++ === 0) return void service.dropConnections();
          res.writeHead(201).end();
        },
      }),
      { goawayAfter: 7 },
    );
    const readers = await subscribe(place.store, service, 30);
    const worker = await inProcessWorker(place, service, { batchSize: 10, concurrency: 4, batches: 2 });
    const created = await publishArticle(place.store, article, { announce: true });
    worker.wake();
    await until(() => byPath(service.received).size === 30, 20_000, "every subscription reached");
    await until(() => drained(place, worker), 15_000, "the queue to drain");

    expect(drops).toBe(1);
    expect(service.connections().http1).toBe(0);
    expect(service.connections().h2).toBeGreaterThanOrEqual(5);
    // At least once: only pushes in flight when the connection dropped (2 batches × 4) may arrive twice.
    const repeats = [...byPath(service.received).values()].filter((n) => n > 1).length;
    expect(repeats).toBeLessThanOrEqual(8);
    expect(Math.max(...byPath(service.received).values())).toBe(repeats > 0 ? 2 : 1);
    for (const reader of readers) {
      const push = service.received.find((p) => p.path === new URL(reader.record.endpoint).pathname)!;
      expect(push.httpVersion).toBe("2.0");
      expect(JSON.parse(decryptPush(push.body, reader))).toEqual(pushPayloadFor(created));
    }
    await worker.stop();
    await until(() => service.openConnections() === 0, 5000, "the worker's session to close");
  }, 40_000);

  it("prunes 404 and 410, retries 5xx and 429 after its Retry-After, and gives up on a refusal", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const seen = new Map<string, number>();
    const once = (status: number, headers: Record<string, string> = {}): PushHandler => (push, res: PushResponse) => {
      const n = (seen.get(push.path) ?? 0) + 1;
      seen.set(push.path, n);
      res.writeHead(n === 1 ? status : 201, headers).end();
    };
    const service = await pushService({
      "/gone": (_, res) => res.writeHead(410).end(),
      "/unknown": (_, res) => res.writeHead(404).end(),
      "/flaky": once(503),
      "/busy": once(429, { "Retry-After": "1" }),
      "/refused": (_, res) => res.writeHead(400).end(),
    });
    const place = await kind.place();
    for (const p of ["/gone", "/unknown", "/flaky", "/busy", "/refused", "/ok"]) {
      await place.store.saveSubscription(browserSubscription(`${service.origin}${p}`).record);
    }
    const worker = await inProcessWorker(place, service);
    await publishArticle(place.store, article, { announce: true });
    worker.wake();
    await until(() => (seen.get("/busy") ?? 0) >= 2 && (seen.get("/flaky") ?? 0) >= 2, 20_000, "the retries");
    await until(() => drained(place, worker), 15_000, "the queue to drain");

    expect(Object.fromEntries(byPath(service.received))).toEqual({ "/gone": 1, "/unknown": 1, "/flaky": 2, "/busy": 2, "/refused": 1, "/ok": 1 });
    const busy = service.received.filter((p) => p.path === "/busy");
    expect(busy).toHaveLength(2);
    expect((await place.store.listSubscriptions()).map((s) => new URL(s.endpoint).pathname).sort()).toEqual(["/busy", "/flaky", "/ok", "/refused"]);
  }, 40_000);

  it("waits at least the service's Retry-After before trying again", async () => {
    const times: number[] = [];
    const service = await pushService({
      "/busy": (_, res) => {
        times.push(Date.now());
        res.writeHead(times.length === 1 ? 429 : 201, times.length === 1 ? { "Retry-After": "1" } : {}).end();
      },
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const place = await kind.place();
    await place.store.saveSubscription(browserSubscription(`${service.origin}/busy`).record);
    const worker = await inProcessWorker(place, service);
    await publishArticle(place.store, article, { announce: true });
    worker.wake();
    await until(() => times.length === 2, 20_000, "the second try");
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  }, 40_000);

  it("drops an announcement past its TTL, and one whose article was withdrawn first, sending nothing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const service = await pushService();
    const place = await kind.place();
    await subscribe(place.store, service, 3);
    const gone = await publishArticle(place.store, article, { announce: true });
    await withdrawArticle(place.store, gone.id);
    const stale = await inProcessWorker(place, service, { ttlMs: 0 });
    await publishArticle(place.store, { ...article, title: "خبر قديم" }, { announce: true });
    stale.wake();
    await until(() => drained(place, stale), 15_000, "the queue to drain");
    expect(service.received).toEqual([]);
  }, 40_000);
});
