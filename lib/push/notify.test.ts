import { existsSync, mkdtempSync } from "node:fs";
import type { ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import type { PushPayload } from "./notify";
import { announceArticle, notifySubscribers, pushPayloadFor } from "./notify";
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

describe("announceArticle", () => {
  it("announces to every subscriber", async () => {
    const { store, service } = await fixture();
    const reader = browserSubscription(`${service.origin}/ok`);
    await store.saveSubscription(reader.record);
    expect(await announceArticle(store, article, { agent: service.agent })).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(JSON.parse(decryptPush(service.received[0]!.body, reader))).toEqual(payload);
  });

  it("swallows a store that cannot be read", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store } = await fixture();
    await store.close();
    stores = [];
    await expect(announceArticle(store, article)).resolves.toEqual({ sent: 0, removed: 0, failed: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("swallows bad VAPID configuration, counting the subscribers it could not reach", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { store, service } = await fixture();
    await store.saveSubscription(browserSubscription(`${service.origin}/ok`).record);
    vi.stubEnv("VAPID_PUBLIC_KEY", "only-one-half");
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "push-test-"));
    vi.stubEnv("DATA_DIR", elsewhere);
    await expect(announceArticle(store, article, { agent: service.agent })).resolves.toEqual({ sent: 0, removed: 0, failed: 1 });
    expect(service.received).toHaveLength(0);
  });
});
