import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import type { PushPayload } from "./notify";
import { notifySubscribers, PushSender, pushPayloadFor, retryAfterMs } from "./notify";
import type { LocalPushService, PushResponse } from "./push-service.fixture";
import { browserSubscription, decryptPush, startPushService, verifyVapid } from "./push-service.fixture";
import { VAPID_FILE, vapidKeys } from "./vapid";
import { startTsx } from "@/test/support/tsx-child";

const article = { id: "0b6f3c1e-8f9d-4c1a-9a57-3e2d7c5b1a00", slug: "2025-01-01-a1b2c3", title: "مقال تجريبي للإشعارات" };
const payload: PushPayload = pushPayloadFor(article);

let stores: ArticleStore[] = [];
let services: LocalPushService[] = [];
let dataDir = "";

async function fixture(routes: Parameters<typeof startPushService>[0] = {}, options: Parameters<typeof startPushService>[1] = {}) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "push-test-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("VAPID_PUBLIC_KEY", "");
  vi.stubEnv("VAPID_PRIVATE_KEY", "");
  vi.stubEnv("VAPID_SUBJECT", "mailto:desk@example.org");
  const store = openSqliteStore(dataDir);
  const service = await startPushService(routes, options);
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
    const slow = (_: unknown, res: PushResponse) => setTimeout(() => res.writeHead(201).end(), 50);
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

  it.for([
    { protocol: "HTTP/2", http1Only: false, httpVersion: "2.0" },
    { protocol: "HTTP/1.1", http1Only: true, httpVersion: "1.1" },
  ])("over $protocol, tells a busy or failing service (retry, with its Retry-After) from a refusal (give up) and a gone subscription", async ({ http1Only, httpVersion }) => {
    const { service } = await fixture(
      {
        "/busy": (_, res) => res.writeHead(429, { "Retry-After": "120" }).end(),
        "/busy-until": (_, res) => res.writeHead(503, { "Retry-After": new Date(Date.now() + 60_000).toUTCString() }).end(),
        "/down": (_, res) => res.writeHead(503).end(),
        "/refused": (_, res) => res.writeHead(400).end("bad request"),
        "/too-big": (_, res) => res.writeHead(413).end(),
        "/gone": (_, res) => res.writeHead(410).end(),
        "/unknown": (_, res) => res.writeHead(404).end(),
        "/accepted": (_, res) => res.writeHead(202).end(),
      },
      { http1Only },
    );
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    const send = (p: string) => sender.send(browserSubscription(`${service.origin}${p}`).record, "{}", "t", 60);
    expect(await send("/busy")).toEqual({ kind: "retry", reason: "answered 429", retryAfterMs: 120_000 });
    const until = await send("/busy-until");
    expect(until).toMatchObject({ kind: "retry", reason: "answered 503" });
    expect(until.kind === "retry" && until.retryAfterMs).toBeGreaterThan(55_000);
    expect(await send("/down")).toEqual({ kind: "retry", reason: "answered 503" });
    expect(await send("/refused")).toEqual({ kind: "failed", reason: "answered 400" });
    expect(await send("/too-big")).toEqual({ kind: "failed", reason: "answered 413" });
    expect(await send("/gone")).toEqual({ kind: "gone" });
    expect(await send("/unknown")).toEqual({ kind: "gone" });
    expect(await send("/accepted")).toEqual({ kind: "sent" });
    sender.close();
    expect(service.received.map((p) => p.headers.ttl)).toEqual(Array(8).fill("60"));
    expect(new Set(service.received.map((p) => p.httpVersion))).toEqual(new Set([httpVersion]));
  });
});

describe("PushSender over HTTP/2", () => {
  it("sends many pushes as streams of one session, decrypted like a phone would", async () => {
    const { store, service } = await fixture();
    const readers = Array.from({ length: 40 }, (_, n) => browserSubscription(`${service.origin}/push/${n}`));
    for (const r of readers) await store.saveSubscription(r.record);

    expect(await notifySubscribers(store, payload, { agent: service.agent, concurrency: 8 })).toEqual({ sent: 40, removed: 0, failed: 0 });

    expect(service.connections()).toEqual({ h2: 1, http1: 0 });
    expect(service.received).toHaveLength(40);
    for (const reader of readers) {
      const push = service.received.find((p) => p.path === new URL(reader.record.endpoint).pathname)!;
      expect(push.httpVersion).toBe("2.0");
      expect(push.headers["content-encoding"]).toBe("aes128gcm");
      expect(push.headers.urgency).toBe("normal");
      expect(push.headers.ttl).toBe(String(24 * 3600));
      expect(JSON.parse(decryptPush(push.body, reader))).toEqual(payload);
    }
    expect(new Set(service.received.map((p) => p.headers.authorization)).size).toBe(1);
    // The run's end closes the session.
    await until(() => service.openConnections() === 0, "the session to close");
  });

  it("falls back to HTTPS/1.1 for a push service that does not speak HTTP/2, and remembers it", async () => {
    const { store, service } = await fixture({}, { http1Only: true });
    const readers = Array.from({ length: 5 }, (_, n) => browserSubscription(`${service.origin}/push/${n}`));
    for (const r of readers) await store.saveSubscription(r.record);
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    const origin = new URL(service.origin).origin;

    for (const r of readers) expect(await sender.send(r.record, JSON.stringify(payload), "t", 60)).toEqual({ kind: "sent" });
    sender.close();

    expect(sender.h2?.prefersHttp1(origin)).toBe(true);
    // One connection asked for h2 and got HTTP/1.1; it is not asked again.
    expect(sender.h2?.opened).toBe(0);
    expect(service.received.map((p) => p.httpVersion)).toEqual(Array(5).fill("1.1"));
    readers.forEach((r, n) => expect(JSON.parse(decryptPush(service.received[n]!.body, r))).toEqual(payload));
  });

  it("sends a push encrypted ahead by prepare() as is, decrypted by the reader; an origin on HTTP/1.1 is left to send()", async () => {
    const { service } = await fixture();
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    const readers = [`${service.origin}/push/a`, `${service.origin}/push/b`].map(browserSubscription);
    const body = JSON.stringify(payload);
    const prepared = readers.map((r) => sender.prepare(r.record, body, "topic-1", 60, "high"));
    expect(prepared.map((p) => p?.endpoint)).toEqual(readers.map((r) => r.record.endpoint));
    // The body is what goes out: the reader decrypts the very bytes prepared, with the push's headers.
    for (const [n, r] of readers.entries()) expect(await sender.send(r.record, body, "topic-1", 60, "high", prepared[n])).toEqual({ kind: "sent" });
    expect(service.received.map((p) => p.body)).toEqual(prepared.map((p) => p?.body));
    for (const [n, r] of readers.entries()) {
      const push = service.received[n]!;
      expect(JSON.parse(decryptPush(push.body, r))).toEqual(payload);
      expect(push.headers).toMatchObject({ topic: "topic-1", urgency: "high", ttl: "60" });
      expect(push.httpVersion).toBe("2.0");
    }
    // A push prepared for one subscription is never sent to another: that one is encrypted for its own keys.
    expect(await sender.send(readers[1]!.record, body, "topic-1", 60, "high", prepared[0])).toEqual({ kind: "sent" });
    expect(JSON.parse(decryptPush(service.received[2]!.body, readers[1]!))).toEqual(payload);
    sender.close();

    const { service: old } = await fixture({}, { http1Only: true });
    const oldSender = new PushSender(vapidKeys(dataDir), 5000, old.agent);
    const reader = browserSubscription(`${old.origin}/push/c`);
    expect(await oldSender.send(reader.record, body, "t", 60)).toEqual({ kind: "sent" });
    expect(oldSender.prepare(reader.record, body, "t", 60)).toBeUndefined();
    expect(await oldSender.send(reader.record, body, "t", 60, "normal", undefined)).toEqual({ kind: "sent" });
    expect(JSON.parse(decryptPush(old.received[1]!.body, reader))).toEqual(payload);
    oldSender.close();
  });

  it("keeps within the peer's limit on concurrent streams", async () => {
    const paths = Array.from({ length: 6 }, (_, n) => `/slow/${n}`);
    const slow = (_: unknown, res: PushResponse) => setTimeout(() => res.writeHead(201).end(), 50);
    const { service } = await fixture(Object.fromEntries(paths.map((p) => [p, slow])), { maxConcurrentStreams: 2 });
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);

    const outcomes = await Promise.all(paths.map((p) => sender.send(browserSubscription(`${service.origin}${p}`).record, "{}", "t", 60)));
    sender.close();

    expect(outcomes).toEqual(Array(6).fill({ kind: "sent" }));
    expect(service.maxInFlight()).toBe(2);
    // Waited for a slot rather than opening streams the service would refuse.
    expect(sender.h2?.resent).toBe(0);
    expect(service.connections()).toEqual({ h2: 1, http1: 0 });
  });

  it.for([{ limit: "no" }, { limit: "a 2-stream", maxConcurrentStreams: 2 }])(
    "after a GOAWAY, with $limit stream limit, sends the refused and waiting streams again on a new session: none lost, none twice",
    async ({ maxConcurrentStreams }) => {
      const { store, service } = await fixture({}, { goawayAfter: 5, ...(maxConcurrentStreams ? { maxConcurrentStreams } : {}) });
      const readers = Array.from({ length: 23 }, (_, n) => browserSubscription(`${service.origin}/push/${String(n).padStart(2, "0")}`));
      for (const r of readers) await store.saveSubscription(r.record);

      expect(await notifySubscribers(store, payload, { agent: service.agent, concurrency: 4 })).toEqual({ sent: 23, removed: 0, failed: 0 });

      expect(service.connections().h2).toBeGreaterThanOrEqual(5);
      expect(service.connections().http1).toBe(0);
      expect(service.received.map((p) => p.path).sort()).toEqual(readers.map((r) => new URL(r.record.endpoint).pathname));
      readers.forEach((r, n) => expect(JSON.parse(decryptPush(service.received.find((p) => p.path === `/push/${String(n).padStart(2, "0")}`)!.body, r))).toEqual(payload));
    },
  );

  it("connects again after the push service drops the connection", async () => {
    const { service } = await fixture();
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent);
    const send = () => sender.send(browserSubscription(`${service.origin}/ok`).record, "{}", "t", 60);
    expect(await send()).toEqual({ kind: "sent" });
    service.dropConnections();
    await until(() => service.openConnections() === 0, "the connection to drop");
    // Whether or not the sender has seen the close yet, the next push goes through a new session.
    expect(await send()).toEqual({ kind: "sent" });
    expect(await send()).toEqual({ kind: "sent" });
    sender.close();
    expect(service.connections()).toEqual({ h2: 2, http1: 0 });
  });

  it("gives up on a stalled stream at the timeout, and the session carries on", async () => {
    const { service } = await fixture({ "/hang": () => {} });
    const sender = new PushSender(vapidKeys(dataDir), 300, service.agent);
    const started = performance.now();
    expect(await sender.send(browserSubscription(`${service.origin}/hang`).record, "{}", "t", 60)).toEqual({ kind: "retry", reason: "no answer within 300 ms" });
    expect(performance.now() - started).toBeLessThan(300 + 1000);
    expect(await sender.send(browserSubscription(`${service.origin}/ok`).record, "{}", "t", 60)).toEqual({ kind: "sent" });
    sender.close();
    expect(service.connections()).toEqual({ h2: 1, http1: 0 });
    expect(service.received.map((p) => p.httpVersion)).toEqual(["2.0", "2.0"]);
  });

  it("never keeps a process alive with a session it keeps open", async () => {
    const { service } = await fixture();
    const certFile = path.join(dataDir, "push-service.pem");
    writeFileSync(certFile, service.cert);
    const child = startTsx("lib/push/send-once.fixture.ts", [], { env: { PUSH_ENDPOINT: `${service.origin}/ok`, DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: certFile } });
    const started = performance.now();
    const { code, stdout } = await child.done;
    expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: "sent over HTTP/2" });
    // Its session would stay open for a minute were it not unref'd.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(service.received.map((p) => p.httpVersion)).toEqual(["2.0"]);
  }, 40_000);

  it("gives up within the timeout on a push service that accepts the connection but never shakes hands", async () => {
    const { service } = await fixture();
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const sockets = new Set<net.Socket>();
    silent.on("connection", (socket) => sockets.add(socket));
    try {
      const sender = new PushSender(vapidKeys(dataDir), 300, service.agent);
      const { port } = silent.address() as net.AddressInfo;
      // The HTTP/2 set-up takes the whole time; none is left to try HTTP/1.1 as well.
      expect(await sender.send(browserSubscription(`https://127.0.0.1:${port}/x`).record, "{}", "t", 60)).toEqual({ kind: "retry", reason: "no answer within 300 ms" });
      sender.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("keeps sessions to a bounded number of origins, closing the one connected longest ago", async () => {
    const { service } = await fixture();
    const other = await startPushService();
    services.push(other);
    // Both test certificates are self-signed for the same name, which one trust store cannot tell apart: trust any here.
    const trustBoth = new https.Agent({ rejectUnauthorized: false });
    const sender = new PushSender(vapidKeys(dataDir), 5000, trustBoth, { http2: { maxOrigins: 1 } });
    expect(await sender.send(browserSubscription(`${service.origin}/a`).record, "{}", "t", 60)).toEqual({ kind: "sent" });
    expect(await sender.send(browserSubscription(`${other.origin}/b`).record, "{}", "t", 60)).toEqual({ kind: "sent" });
    await until(() => service.openConnections() === 0, "the first origin's session to close");
    expect(other.openConnections()).toBe(1);
    sender.close();
    trustBoth.destroy();
    expect([service.received[0]?.httpVersion, other.received[0]?.httpVersion]).toEqual(["2.0", "2.0"]);
  });

  it("closes a session left idle", async () => {
    const { service } = await fixture();
    const sender = new PushSender(vapidKeys(dataDir), 5000, service.agent, { http2: { idleMs: 200 } });
    expect(await sender.send(browserSubscription(`${service.origin}/ok`).record, "{}", "t", 60)).toEqual({ kind: "sent" });
    expect(service.openConnections()).toBe(1);
    await until(() => service.openConnections() === 0, "the idle session to close");
    expect(await sender.send(browserSubscription(`${service.origin}/ok`).record, "{}", "t", 60)).toEqual({ kind: "sent" });
    sender.close();
    expect(service.connections()).toEqual({ h2: 2, http1: 0 });
  });
});

/** Waits for `condition`, looking every 10 ms, failing after 5 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
