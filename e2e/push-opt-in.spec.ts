import { createECDH, randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { PER_ADDRESS } from "../lib/push/limits";
import { expect, test } from "./support/fixtures";
import { AppServer } from "./support/server";
import { waitForWorker } from "./support/worker";

/** What `PushSubscription.toJSON()` gives, with real key material and a push service the server accepts. */
function subscriptionJson(endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    endpoint,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  };
}

/** Endpoints the server's store holds, read from its SQLite file. */
function storedEndpoints(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, "articles.sqlite"), { readonly: true });
  try {
    return (db.prepare("SELECT endpoint FROM push_subscriptions ORDER BY endpoint").all() as { endpoint: string }[]).map((r) => r.endpoint);
  } finally {
    db.close();
  }
}

/**
 * The vendor's push service is the one part a test cannot run (and this machine cannot reach):
 * pushManager.subscribe() answers as the browser would, with a subscription or with the error
 * Chromium gives when its push service is unavailable. Everything after it is real.
 */
async function stubPushService(page: Page, outcome: { endpoint: string } | "unavailable"): Promise<void> {
  const subscription = outcome === "unavailable" ? null : subscriptionJson(outcome.endpoint);
  await page.addInitScript((sub) => {
    PushManager.prototype.getSubscription = async () => null;
    PushManager.prototype.subscribe = async () => {
      if (!sub) throw new DOMException("Registration failed - push service not available", "AbortError");
      return { toJSON: () => sub } as unknown as PushSubscription;
    };
  }, subscription);
}

async function accept(page: Page, origin: string): Promise<ReturnType<Page["locator"]>> {
  await page.goto(`${origin}/`);
  await waitForWorker(page);
  const control = page.locator("[data-push-opt-in]");
  await expect(control).toBeVisible();
  await page.context().grantPermissions(["notifications"], { origin });
  await control.getByRole("button", { name: "فعّل التنبيهات" }).click();
  return control;
}

test("the notifications control never prompts on load, and a decline is remembered", async ({ page }) => {
  await page.goto("/");
  await waitForWorker(page);
  const control = page.locator("[data-push-opt-in]");
  await expect(control).toBeVisible();
  await expect(control.getByRole("button", { name: "فعّل التنبيهات" })).toBeVisible();
  // Nothing asked the browser for permission by itself.
  expect(await page.evaluate(() => Notification.permission)).toBe("default");

  await control.getByRole("button", { name: "لا، شكرًا" }).click();
  await expect(control).toBeHidden();
  await page.reload();
  await waitForWorker(page);
  await expect(control).toBeHidden();
});

test("accepting subscribes after the tap: the server stores the subscription and the reader is told in Arabic", async ({ page, server }) => {
  const endpoint = `https://fcm.googleapis.com/fcm/send/e2e-accepted-${Date.now()}`;
  await stubPushService(page, { endpoint });
  const control = await accept(page, server.url);
  await expect(control.locator("[data-push-status]")).toHaveText("ستصلك التنبيهات بالأخبار الجديدة.");
  await expect(control.getByRole("button", { name: "فعّل التنبيهات" })).toHaveCount(0);
  expect(storedEndpoints(server.dataDir)).toContain(endpoint);
});

test("when the push service cannot be reached, the reader is told so in Arabic and nothing is stored", async ({ page, server }) => {
  const before = storedEndpoints(server.dataDir);
  await stubPushService(page, "unavailable");
  const control = await accept(page, server.url);
  await expect(control.locator("[data-push-status]")).toHaveText("تعذّر تفعيل التنبيهات الآن؛ تحقّق من اتصالك وحاول لاحقًا.");
  await expect(control.getByRole("button", { name: "فعّل التنبيهات" })).toBeVisible();
  expect(storedEndpoints(server.dataDir)).toEqual(before);
});

test("when the server takes no more subscribers, the reader reads its reason", async ({ page }) => {
  const full = await new AppServer({ env: { PUSH_MAX_SUBSCRIPTIONS: "0" } }).start();
  try {
    await stubPushService(page, { endpoint: "https://fcm.googleapis.com/fcm/send/e2e-full" });
    const control = await accept(page, full.url);
    await expect(control.locator("[data-push-status]")).toHaveText(
      "بلغت اشتراكات التنبيهات حدّها الأقصى، فلا نقبل اشتراكات جديدة الآن. حاول لاحقًا.",
    );
    expect(storedEndpoints(full.dataDir)).toEqual([]);
  } finally {
    await full.stop();
  }
});

test("the subscription API validates what the browser sends", async ({ server }) => {
  const post = (body: unknown) =>
    fetch(`${server.url}/api/push/subscriptions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const key = (await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string };
  expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  const valid = subscriptionJson("https://fcm.googleapis.com/fcm/send/e2e-validation");

  const badEndpoint = await post({ ...valid, endpoint: "javascript:alert(1)" });
  expect(badEndpoint.status).toBe(400);
  expect(await badEndpoint.json()).toMatchObject({ field: "endpoint" });
  const otherPort = await post({ ...valid, endpoint: "https://fcm.googleapis.com:8443/fcm/send/x" });
  expect(otherPort.status).toBe(400);
  expect(await otherPort.json()).toMatchObject({ field: "endpoint" });
  const badKey = await post({ ...valid, keys: { ...valid.keys, p256dh: "x" } });
  expect(badKey.status).toBe(400);
  expect(await badKey.json()).toMatchObject({ field: "keys.p256dh" });
  const badAuth = await post({ ...valid, keys: { ...valid.keys, auth: "y" } });
  expect(badAuth.status).toBe(400);
  expect(await badAuth.json()).toMatchObject({ field: "keys.auth" });
  expect(storedEndpoints(server.dataDir)).not.toContain(valid.endpoint);

  const missing = await fetch(`${server.url}/api/push/subscriptions`, {
    method: "DELETE",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ endpoint: "https://push.example.invalid/nothing" }),
  });
  expect(missing.status).toBe(404);
});

test("one client cannot flood the subscription list: of 2,000 requests only its allowance is stored, the rest get 429 with Retry-After", async () => {
  const server = await new AppServer().start();
  try {
    const post = (n: number, host = "127.0.0.1") =>
      fetch(`http://${host}:${server.port}/api/push/subscriptions`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(subscriptionJson(`https://fcm.googleapis.com/fcm/send/flood-${n}`)),
      });
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 2000) {
          const res = await post(next++);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 429) retryAfter = res.headers.get("retry-after");
          await res.arrayBuffer();
        }
      }),
    );
    // The burst, plus one for each refill interval the flood lasted.
    const allowed = PER_ADDRESS.burst + Math.floor(((performance.now() - started) / 1000) * PER_ADDRESS.perSecond);
    const accepted = statuses.get(201) ?? 0;
    expect(accepted).toBeGreaterThanOrEqual(PER_ADDRESS.burst);
    expect(accepted).toBeLessThanOrEqual(allowed);
    expect(statuses.get(429)).toBe(2000 - accepted);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(storedEndpoints(server.dataDir)).toHaveLength(accepted);
    // The limit is the client's own, keyed on the address Next saw: the same machine over IPv6 is another client.
    const other = await post(2001, "[::1]");
    expect(other.status).toBe(201);
  } finally {
    await server.stop();
  }
});
