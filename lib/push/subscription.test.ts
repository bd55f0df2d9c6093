import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE, POST } from "@/app/api/push/subscriptions/route";
import { getStore } from "@/lib/store/open-store";
import { browserSubscription } from "./push-service.fixture";
import { MAX_ENDPOINT_LENGTH, parseSubscription, parseUnsubscribe } from "./subscription";

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
      endpoint: "https://127.0.0.1:8443/push/1",
      expirationTime: 1_900_000_000_000,
      keys: { p256dh: `${body.keys.p256dh}=`, auth: `${body.keys.auth}==` },
      extra: true,
    });
    expect(result).toEqual({ ok: true, value: { endpoint: "https://127.0.0.1:8443/push/1", keys: body.keys } });
    vi.unstubAllEnvs();
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
    const { keys } = browser();
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

  const request = (method: string, body: string, type = "application/json") =>
    new Request("http://localhost/api/push/subscriptions", { method, body, headers: { "Content-Type": type } });

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
});
