import { expect, test } from "./support/fixtures";
import { waitForWorker } from "./support/worker";

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

test("accepting asks for permission only after the tap, and says so in Arabic when the push service cannot be reached", async ({ page, context, server }) => {
  await page.goto("/");
  await waitForWorker(page);
  const control = page.locator("[data-push-opt-in]");
  await expect(control).toBeVisible();
  await context.grantPermissions(["notifications"], { origin: server.url });
  await control.getByRole("button", { name: "فعّل التنبيهات" }).click();
  // No vendor push service is reachable here, so subscribing fails or times out: the reader is told.
  await expect(control.locator("[data-push-status]")).toHaveText(/تعذّر تفعيل التنبيهات|ستصلك التنبيهات/, { timeout: 20_000 });
});

test("the subscription API validates what the browser sends", async ({ server }) => {
  const post = (body: unknown) =>
    fetch(`${server.url}/api/push/subscriptions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const key = (await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string };
  expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  const bad = await post({ endpoint: "javascript:alert(1)", keys: { p256dh: "x", auth: "y" } });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ field: expect.stringMatching(/endpoint|keys/) });
  const missing = await fetch(`${server.url}/api/push/subscriptions`, {
    method: "DELETE",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ endpoint: "https://push.example.invalid/nothing" }),
  });
  expect(missing.status).toBe(404);
});
