import { existsSync, mkdtempSync } from "node:fs";
import type { ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import type { PushPayload } from "./notify";
import { notifySubscribers, PushSender, pushPayloadFor, retryAfterMs } from "./notify";
import type { LocalPushService } from "./push-service.fixture";
import { browserSubscription, decryptPush, startPushService, verifyVapid } from "./push-service.fixture";
import { VAPID_FILE, vapidKeys } from "./vapid";

const article = { id: "0b6f3c1e-8f9d-4c1a-9a57-3e2d7c5b1a00", slug: "2025-01-01-a1b2c3", title: "مقال تجريبي للإشعارات" };
const payload: PushPayload = pushPayloadFor(article);

let stores: ArticleStore[] = [];
let services: LocalPushService[] = [];
let dataDir = "";

async function fixture(routes: Parameters<typeof startPushService>[0] = {}) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "push-test-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("VAPID_PUBLIC_KEY", "");
  vi.stubEnv("VAPID_PRIVATE_KEY", "");
  vi.stubEnv("VAPID_SUBJECT", "mailto:desk@example.org");
  const store = openSqliteStore(dataDir);
  const service = await startPushService(routes);
  stores.push(store);
  services.push(service);
  return { store, service };
}

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await Promise.all(services.map((s) => s.close()));
  await Promise.all(stores.map((s) => s.close()));
  services = [];
  stores = [];
});

describe("pushPayloadFor", () => {
  it("announces an article by id, slug, title and its site-relative URL", () => {
    expect(payload).toEqual({ type: "article", ...article, url: "/articles/2025-01-01-a1b2c3" });
  });
});

describe("notifySubscribers", () => {
  it("sends the payload encrypted for the subscription, signed with the kept VAPID key", async () => {
    const { store, service } = await fixture();
    const reader = browserSubscription(`${service.origin}/push/reader-1`);
    await store.saveSubscription(reader.record);

    const result = await notifySubscribers(store, payload, { agent: service.agent });

    expect(result).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(service.received).toHaveLength(1);
    const push = service.received[0]!;
    expect(push.path).toBe("/push/reader-1");
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBe(String(24 * 3600));
    expect(push.headers.urgency).toBe("normal");
    expect(push.headers.topic).toMatch(/^[\w-]{1,32}$/);
    // The body is ciphertext: the title must not travel in clear.
    expect(push.body.includes(Buffer.from(article.title))).toBe(false);
    expect(JSON.parse(decryptPush(push.body, reader))).toEqual(payload);

    const { publicKey, claims } = verifyVapid(push.headers.authorization);
    expect(publicKey).toBe(vapidKeys(dataDir).publicKey);
    expect(claims.aud).toBe(service.origin);
    expect(claims.sub).toBe("mailto:desk@example.org");
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    expect(claims.exp).toBeLessThanOrEqual(Date.now() / 1000 + 24 * 3600);
  });

  it("removes subscriptions answered 410 or 404, keeps one answered 500 and counts it failed", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture({
      "/gone": (_, res) => res.writeHead(410).end(),
      "/unknown": (_, res) => res.writeHead(404).end(),
      "/broken": (_, res) => res.writeHead(500).end("push service trouble"),
    });
    const ok = browserSubscription(`${service.origin}/ok`);
    const broken = browserSubscription(`${service.origin}/broken`);
    for (const sub of [ok, browserSubscription(`${service.origin}/gone`), browserSubscription(`${service.origin}/unknown`), broken]) {
      await store.saveSubscription(sub.record);
    }

    const result = await notifySubscribers(store, payload, { agent: service.agent });

    expect(result).toEqual({ sent: 1, removed: 2, failed: 1 });
    expect((await store.listSubscriptions()).map((s) => s.endpoint).sort()).toEqual([broken.record.endpoint, ok.record.endpoint].sort());
    expect(service.received).toHaveLength(4);
    // One line per failure, naming the service but never the endpoint's path (the subscription's secret).
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toContain(service.origin);
    expect(line).toContain("500");
    expect(line).not.toContain("/broken");
  });

  it("gives up on a push service that never answers, within the timeout", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture({ "/hang": () => {} });
    await store.saveSubscription(browserSubscription(`${service.origin}/hang`).record);
    await store.saveSubscription(browserSubscription(`${service.origin}/ok`).record);

    const started = performance.now();
    const result = await notifySubscribers(store, payload, { agent: service.agent, timeoutMs: 300 });
    const elapsed = performance.now() - started;

    expect(result).toEqual({ sent: 1, removed: 0, failed: 1 });
    expect(elapsed).toBeLessThan(300 + 1000);
    expect(await store.listSubscriptions()).toHaveLength(2);
  });

  it("stops at the deadline, leaving the store alone afterwards", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture({ "/hang": () => {} });
    await store.saveSubscription(browserSubscription(`${service.origin}/hang`).record);

    const started = performance.now();
    const result = await notifySubscribers(store, payload, { agent: service.agent, timeoutMs: 10_000, deadlineMs: 200 });

    expect(performance.now() - started).toBeLessThan(200 + 1000);
    expect(result).toEqual({ sent: 0, removed: 0, failed: 1 });
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const paths = Array.from({ length: 6 }, (_, n) => `/slow/${n}`);
    const slow = (_: unknown, res: ServerResponse) => setTimeout(() => res.writeHead(201).end(), 50);
    const { store, service } = await fixture(Object.fromEntries(paths.map((p) => [p, slow])));
    for (const p of paths) await store.saveSubscription(browserSubscription(`${service.origin}${p}`).record);

    const result = await notifySubscribers(store, payload, { agent: service.agent, concurrency: 2 });

    expect(result).toEqual({ sent: 6, removed: 0, failed: 0 });
    expect(service.maxInFlight()).toBe(2);
  });

  it("counts an unreachable push service as failed without throwing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture();
    const origin = service.origin;
    await service.close();
    services = [];
    await store.saveSubscription(browserSubscription(`${origin}/ok`).record);

    expect(await notifySubscribers(store, payload, { agent: service.agent, timeoutMs: 1000 })).toEqual({ sent: 0, removed: 0, failed: 1 });
  });

  it("sends nothing, and creates no VAPID key, when there are no subscribers", async () => {
    const { store, service } = await fixture();
    expect(await notifySubscribers(store, payload, { agent: service.agent })).toEqual({ sent: 0, removed: 0, failed: 0 });
    expect(service.received).toHaveLength(0);
    expect(existsSync(path.join(dataDir, VAPID_FILE))).toBe(false);
  });

  it("shortens a title too long for a push message", async () => {
    const { store, service } = await fixture();
    const reader = browserSubscription(`${service.origin}/ok`);
    await store.saveSubscription(reader.record);
    const long = pushPayloadFor({ ...article, title: "عنوان طويل جدًا ".repeat(400) });

    expect(await notifySubscribers(store, long, { agent: service.agent })).toEqual({ sent: 1, removed: 0, failed: 0 });
    const received = JSON.parse(decryptPush(service.received[0]!.body, reader)) as PushPayload;
    expect(received.title.endsWith("…")).toBe(true);
    expect(long.title.startsWith(received.title.slice(0, -1))).toBe(true);
    expect({ ...received, title: long.title }).toEqual(long);
  });
});

describe("notifySubscribers when things go wrong", () => {
  it("swallows a store that cannot be read", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store } = await fixture();
    await store.close();
    stores = [];
    await expect(notifySubscribers(store, payload)).resolves.toEqual({ sent: 0, removed: 0, failed: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("swallows bad VAPID configuration, counting the subscribers it could not reach", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture();
    await store.saveSubscription(browserSubscription(`${service.origin}/ok`).record);
    vi.stubEnv("VAPID_PUBLIC_KEY", "only-one-half");
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "push-test-"));
    vi.stubEnv("DATA_DIR", elsewhere);
    await expect(notifySubscribers(store, payload, { agent: service.agent })).resolves.toEqual({ sent: 0, removed: 0, failed: 1 });
    expect(service.received).toHaveLength(0);
  });
});

describe("PushSender", () => {
  it("signs one VAPID token per push service origin and reuses it for every push to it", async () => {
    const { store, service } = await fixture();
    const other = await startPushService();
    services.push(other);
    const readers = [`${service.origin}/a`, `${service.origin}/b`, `${service.origin}/c`].map(browserSubscription);
    for (const r of readers) await store.saveSubscription(r.record);
    const elsewhere = browserSubscription(`${other.origin}/x`);
    await store.saveSubscription(elsewhere.record);
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    for (const r of readers) expect(await sender.send(r.record, JSON.stringify(payload), "t", 60)).toEqual({ kind: "sent" });
    const tokens = new Set(service.received.map((p) => p.headers.authorization));
    expect(tokens.size).toBe(1);
    expect(verifyVapid([...tokens][0]).claims.aud).toBe(service.origin);
    // Another origin gets a token of its own (its audience), through an agent that trusts it.
    const otherSender = new PushSender(vapidKeys(dataDir), 5000, other.agent);
    expect(await otherSender.send(elsewhere.record, JSON.stringify(payload), "t", 60)).toEqual({ kind: "sent" });
    expect(verifyVapid(other.received[0]!.headers.authorization).claims.aud).toBe(other.origin);
    expect(JSON.parse(decryptPush(service.received[2]!.body, readers[2]!))).toEqual(payload);
  });

  it("tells a busy or failing service (retry, with its Retry-After) from a refusal (give up) and a gone subscription", async () => {
    const { service } = await fixture({
      "/busy": (_, res) => res.writeHead(429, { "Retry-After": "120" }).end(),
      "/down": (_, res) => res.writeHead(503).end(),
      "/refused": (_, res) => res.writeHead(400).end("bad request"),
      "/gone": (_, res) => res.writeHead(410).end(),
    });
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    const send = (p: string) => sender.send(browserSubscription(`${service.origin}${p}`).record, "{}", "t", 60);
    expect(await send("/busy")).toEqual({ kind: "retry", reason: "answered 429", retryAfterMs: 120_000 });
    expect(await send("/down")).toEqual({ kind: "retry", reason: "answered 503" });
    expect(await send("/refused")).toEqual({ kind: "failed", reason: "answered 400" });
    expect(await send("/gone")).toEqual({ kind: "gone" });
    expect(service.received.map((p) => p.headers.ttl)).toEqual(["60", "60", "60", "60"]);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds or an HTTP date, and nothing else", () => {
    const now = Date.parse("2025-01-01T10:00:00Z");
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 01 Jan 2025 10:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("Wed, 01 Jan 2025 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
