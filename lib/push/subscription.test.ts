import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE, POST } from "@/app/api/push/subscriptions/route";
import { getStore } from "@/lib/store/open-store";
import { browserSubscription } from "./push-service.fixture";
import { pushServiceHosts } from "@/lib/config";
import { isPushServiceHost, MAX_ENDPOINT_LENGTH, parseSubscription, parseUnsubscribe } from "./subscription";

const endpoint = "https://fcm.googleapis.com/fcm/send/abc123:APA91b-token";
const browser = () => {
  const { record } = browserSubscription(endpoint);
  return { endpoint, expirationTime: null, keys: record.keys };
};

function field(body: unknown): string | undefined {
  const result = parseSubscription(body);
  if (result.ok) throw new Error("expected a refusal");
  // Messages are Arabic, prefixed with the English field name.
  expect(result.error).toMatch(/[\u0600-\u06FF]/);
  if (result.field) expect(result.error.startsWith(`${result.field}: `)).toBe(true);
  return result.field;
}

describe("parseSubscription", () => {
  it("accepts PushSubscription.toJSON() and keeps endpoint and keys", () => {
    const body = browser();
    expect(parseSubscription(body)).toEqual({ ok: true, value: { endpoint, keys: body.keys } });
  });

  it("accepts https on loopback when PUSH_SERVICE_HOSTS allows it, padded base64url, and drops unknown keys", () => {
    const body = browser();
    vi.stubEnv("PUSH_SERVICE_HOSTS", "127.0.0.1");
    const result = parseSubscription({
      ...body,
      endpoint: "https://127.0.0.1/push/1",
      expirationTime: 1_900_000_000_000,
      keys: { p256dh: `${body.keys.p256dh}=`, auth: `${body.keys.auth}==` },
      extra: true,
    });
    expect(result).toEqual({ ok: true, value: { endpoint: "https://127.0.0.1/push/1", keys: body.keys } });
    vi.unstubAllEnvs();
  });

  it.each([
    ["https://fcm.googleapis.com:8443/fcm/send/x", "another port"],
    ["https://fcm.googleapis.com:80/fcm/send/x", "port 80"],
    ["https://fcm.googleapis.com:0/fcm/send/x", "port 0"],
  ])("refuses %s (%s) even on an allowed host", (url) => {
    expect(field({ ...browser(), endpoint: url })).toBe("endpoint");
  });

  it.each([
    ["https://fcm.googleapis.com:443/fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://FCM.GoogleAPIs.com/fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://fcm.googleapis.com./fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://fcm\u3002googleapis\u3002com/fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://fcm\uFF0Egoogleapis\uFF61com/fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://\uFF46\uFF43\uFF4D.googleapis.com/fcm/send/x", "https://fcm.googleapis.com/fcm/send/x"],
    ["https://web.push.apple.com\u3002/x", "https://web.push.apple.com/x"],
    // A backslash is a slash to the URL parser: what follows is path, and the stored form says so to web-push too.
    ["https://fcm.googleapis.com\\@evil.example/x", "https://fcm.googleapis.com/@evil.example/x"],
  ])("stores %j as the host it really names, %s", (url, stored) => {
    expect(parseSubscription({ ...browser(), endpoint: url })).toMatchObject({ ok: true, value: { endpoint: stored } });
  });

  it.each([
    ["https://evil.example\u3002fcm.googleapis.com.evil.example/x", "a dot lookalike inside another host"],
    ["https://fcm.googleapis.com\uFF0Eevil.example/x", "an allowed name followed by a full-width dot and another domain"],
    ["https://xn--fcm-googleapis-com.example/x", "punycode of some other name"],
    ["https://fcm.googleapis.com..evil/x", "an empty label"],
  ])("refuses %j (%s)", (url) => {
    expect(field({ ...browser(), endpoint: url })).toBe("endpoint");
  });

  it("normalises the hosts in PUSH_SERVICE_HOSTS the same way", () => {
    expect(isPushServiceHost("push.example", pushServiceHosts({ PUSH_SERVICE_HOSTS: " PUSH.Example. " }))).toBe(true);
    expect(isPushServiceHost("a.push.example", pushServiceHosts({ PUSH_SERVICE_HOSTS: "push\u3002example" }))).toBe(true);
    expect(isPushServiceHost("bücher.example", pushServiceHosts({ PUSH_SERVICE_HOSTS: "xn--bcher-kva.example" }))).toBe(true);
    expect(isPushServiceHost("push.example.evil", pushServiceHosts({ PUSH_SERVICE_HOSTS: "push.example" }))).toBe(false);
  });

  it.each([
    ["https://fcm.googleapis.com/fcm/send/x", true],
    ["https://updates.push.services.mozilla.com/wpush/v2/x", true],
    ["https://wns2-par02p.notify.windows.com/w/?token=x", true],
    ["https://web.push.apple.com/x", true],
    ["https://127.0.0.1/push", false],
    ["https://intranet.local/admin", false],
    ["https://evilfcm.googleapis.com.example/x", false],
  ])("stores %s only if it is a browser push service (%s)", (url, allowed) => {
    const result = parseSubscription({ ...browser(), endpoint: url });
    expect(result.ok).toBe(allowed);
  });

  it.each([
    ["http://push.example/send/1", "plain http"],
    ["http://127.0.0.1:8080/push", "plain http even on loopback: web-push only speaks https"],
    ["ftp://push.example/1", "another scheme"],
    ["https://user:secret@push.example/1", "credentials in the URL"],
    ["not a url", "not a URL"],
    [`https://push.example/${"a".repeat(MAX_ENDPOINT_LENGTH)}`, "too long"],
    ["", "empty"],
    [42, "not a string"],
  ])("refuses endpoint %j (%s)", (value: unknown, _why: string) => {
    expect(field({ ...browser(), endpoint: value })).toBe("endpoint");
  });

  it("refuses a p256dh that is not an uncompressed point on P-256", () => {
    // A key whose standard base64 differs from its base64url: about one random key in sixteen has neither "+" nor "/".
    let keys = browser().keys;
    while (!/[+/]/.test(Buffer.from(keys.p256dh, "base64url").toString("base64"))) keys = browser().keys;
    const raw = Buffer.from(keys.p256dh, "base64url");
    const offCurve = Buffer.from(raw);
    offCurve[64] = offCurve[64]! ^ 1;
    const compressed = Buffer.concat([Buffer.from([2 + (raw[64]! & 1)]), raw.subarray(1, 33)]);
    for (const p256dh of [
      offCurve.toString("base64url"),
      compressed.toString("base64url"),
      raw.subarray(0, 64).toString("base64url"),
      raw.toString("base64"),
      "",
    ]) {
      expect(field({ ...browser(), keys: { ...keys, p256dh } })).toBe("keys.p256dh");
    }
  });

  it("refuses an auth secret that is not 16 bytes of base64url", () => {
    const { keys } = browser();
    for (const auth of ["c2hvcnQ", Buffer.alloc(17).toString("base64url"), "not base64url!!!!!!!!!", ""]) {
      expect(field({ ...browser(), keys: { ...keys, auth } })).toBe("keys.auth");
    }
  });

  it("names the missing or mistyped field", () => {
    const { keys, expirationTime } = browser();
    expect(field({ keys, expirationTime })).toBe("endpoint");
    expect(field({ endpoint })).toBe("keys");
    expect(field({ endpoint, keys: { auth: keys.auth } })).toBe("keys.p256dh");
    expect(field({ ...browser(), expirationTime: "tomorrow" })).toBe("expirationTime");
    expect(field("not an object")).toBeUndefined();
    expect(field(null)).toBeUndefined();
  });
});

describe("parseUnsubscribe", () => {
  it("takes the endpoint to forget", () => {
    expect(parseUnsubscribe({ endpoint })).toEqual({ ok: true, value: endpoint });
    expect(parseUnsubscribe({})).toMatchObject({ ok: false, field: "endpoint" });
  });
});

describe("/api/push/subscriptions", () => {
  beforeEach(() => vi.stubEnv("DATA_DIR", mkdtempSync(path.join(os.tmpdir(), "push-route-test-"))));
  afterEach(() => vi.unstubAllEnvs());

  // Each test its own client address, as Next reports it, so the per-address limit of one never meets another.
  let address = "";
  let tests = 0;
  beforeEach(() => (address = `198.51.100.${++tests}`));
  const request = (method: string, body: string, type = "application/json", from = address) =>
    new Request("http://localhost/api/push/subscriptions", { method, body, headers: { "Content-Type": type, "X-Forwarded-For": from } });

  it("stores with 201, forgets with 204, then answers 404", async () => {
    const body = browser();
    const created = await POST(request("POST", JSON.stringify(body)));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ ok: true });
    expect(await (await getStore()).listSubscriptions()).toEqual([{ endpoint, keys: body.keys }]);

    expect((await DELETE(request("DELETE", JSON.stringify({ endpoint })))).status).toBe(204);
    expect(await (await getStore()).listSubscriptions()).toEqual([]);
    const missing = await DELETE(request("DELETE", JSON.stringify({ endpoint })));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ field: "endpoint" });
  });

  it("answers 400 naming the field, 413 past 8 KB, 415 for another content type", async () => {
    const bad = await POST(request("POST", JSON.stringify({ ...browser(), endpoint: "http://push.example/1" })));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "endpoint" });
    expect((await POST(request("POST", "{not json"))).status).toBe(400);
    expect((await POST(request("POST", JSON.stringify({ ...browser(), pad: "x".repeat(9000) })))).status).toBe(413);
    expect((await POST(request("POST", JSON.stringify(browser()), "text/plain"))).status).toBe(415);
    expect(await (await getStore()).listSubscriptions()).toEqual([]);
  });

  it("answers 429 with Retry-After in Arabic once one address has sent ten, and another address still subscribes", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let n = 0; n < 30; n++) {
      const res = await POST(request("POST", JSON.stringify({ ...browser(), endpoint: `${endpoint}-${n}` }), "application/json", "203.0.113.5"));
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(20).fill(429)]);
    expect(Number(refused?.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers.get("Retry-After"))).toBeLessThanOrEqual(6);
    expect((await refused?.json()) as unknown).toEqual({ error: expect.stringMatching(/^طلبات اشتراك كثيرة في وقت قصير\. حاول مجددًا بعد /) });
    expect(await (await getStore()).countSubscriptions()).toBe(10);
    // Unsubscribing from the same address is limited too; another address is not.
    expect((await DELETE(request("DELETE", JSON.stringify({ endpoint: `${endpoint}-0` }), "application/json", "203.0.113.5"))).status).toBe(429);
    expect((await POST(request("POST", JSON.stringify(browser()), "application/json", "203.0.113.6"))).status).toBe(201);
  });

  it("answers 503 in Arabic once PUSH_MAX_SUBSCRIPTIONS are stored, and stores no more", async () => {
    vi.stubEnv("PUSH_MAX_SUBSCRIPTIONS", "2");
    const post = (n: number) => POST(request("POST", JSON.stringify({ ...browser(), endpoint: `${endpoint}-full-${n}` }), "application/json", `192.0.2.${n + 1}`));
    expect((await post(1)).status).toBe(201);
    expect((await post(2)).status).toBe(201);
    const full = await post(3);
    expect(full.status).toBe(503);
    expect(await full.json()).toEqual({ error: "بلغت اشتراكات التنبيهات حدّها الأقصى، فلا نقبل اشتراكات جديدة الآن. حاول لاحقًا." });
    expect(await (await getStore()).countSubscriptions()).toBe(2);
    // Room again once one is forgotten.
    expect((await DELETE(request("DELETE", JSON.stringify({ endpoint: `${endpoint}-full-1` })))).status).toBe(204);
    expect((await post(3)).status).toBe(201);
  });

  it("forgets a subscription by the endpoint the browser holds, even when it was stored normalised", async () => {
    const created = await POST(request("POST", JSON.stringify({ ...browser(), endpoint: "https://FCM.googleapis.com./fcm/send/abc" })));
    expect(created.status).toBe(201);
    expect((await (await getStore()).listSubscriptions()).map((s) => s.endpoint)).toEqual(["https://fcm.googleapis.com/fcm/send/abc"]);
    expect((await DELETE(request("DELETE", JSON.stringify({ endpoint: "https://FCM.googleapis.com./fcm/send/abc" })))).status).toBe(204);
    expect(await (await getStore()).countSubscriptions()).toBe(0);
  });
});
