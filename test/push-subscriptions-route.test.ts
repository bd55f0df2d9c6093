/**
 * The subscription route handler against a real SQLite store in a temporary
 * DATA_DIR, with the list capped at one subscription.
 */
import { createECDH, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/push/subscriptions/route";
import { getStore } from "@/lib/store/open-store";

/** A subscription as a browser's `toJSON()` gives it, with fresh keys. */
function subscription(endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } };
}

let client = 0;
/** Each request from its own address, so the per-address limit is not what answers. */
const subscribe = (body: unknown) =>
  POST(
    new Request("http://localhost/api/push/subscriptions", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${++client}` },
      body: JSON.stringify(body),
    }),
  );

beforeEach(() => {
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "push-route-"));
  process.env.PUSH_MAX_SUBSCRIPTIONS = "1";
});

afterEach(() => {
  delete process.env.PUSH_MAX_SUBSCRIPTIONS;
});

describe("POST /api/push/subscriptions when the list is full", () => {
  it("still takes a stored browser's new keys, and refuses a new browser 503", async () => {
    const endpoint = "https://fcm.googleapis.com/fcm/send/route-test-stored";
    expect((await subscribe(subscription(endpoint))).status).toBe(201);
    // The browser's keys changed (pushsubscriptionchange, a cleared site): the same endpoint again.
    const renewed = subscription(endpoint);
    expect((await subscribe(renewed)).status).toBe(201);
    const stored = await (await getStore()).subscriptionsByEndpoint([endpoint]);
    expect(stored.map((s) => s.keys)).toEqual([{ p256dh: renewed.keys.p256dh, auth: renewed.keys.auth }]);

    const other = await subscribe(subscription("https://fcm.googleapis.com/fcm/send/route-test-other"));
    expect(other.status).toBe(503);
    expect(((await other.json()) as { error: string }).error).toMatch(/\p{Script=Arabic}/u);
    expect(await (await getStore()).countSubscriptions()).toBe(1);
  });
});
