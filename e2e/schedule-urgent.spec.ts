// Scheduled and urgent news against real server processes: a scheduled article
// is invisible (404, on no list or feed) until its time and then appears without
// a restart, released by the server's own push worker; the «عاجل» banner shows
// online and, from the phone's library, with the server stopped; it comes down
// at its time on a cached page and an open one; the push of urgent news goes out
// with Urgency: high and shows a notification of its own.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { browserSubscription, decryptPush, startPushService } from "../lib/push/push-service.fixture";
import { openSqliteStore } from "../lib/store/sqlite-store";
import { expect, test } from "./support/fixtures";
import { AppServer, PUBLISH_TOKEN } from "./support/server";
import { shownNotifications, waitForLibrary, workerSession } from "./support/worker";

const auth = { Authorization: `Bearer ${PUBLISH_TOKEN}`, "Content-Type": "application/json" };

async function publish(base: string, body: Record<string, unknown>) {
  const res = await fetch(`${base}/api/articles`, { method: "POST", headers: auth, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; slug: string; url: string; scheduled?: boolean; publishedAt?: string };
}

async function feedIds(base: string): Promise<string[]> {
  const ids: string[] = [];
  for (let since = ""; ; ) {
    const page = (await (await fetch(`${base}/api/articles?limit=500${since}`)).json()) as { articles: { id: string }[]; cursor: string; hasMore: boolean };
    ids.push(...page.articles.map((a) => a.id));
    if (!page.hasMore) return ids;
    since = `&since=${page.cursor}`;
  }
}

test("a scheduled article is nowhere until its time, then everywhere, without a restart", async ({ server }) => {
  const title = `مقال تجريبي مجدول ${Date.now()}`;
  const due = new Date(Date.now() + 8000).toISOString();
  const created = await publish(server.url, { title, body: "نص تجريبي مجدول.", publishedAt: due });
  expect(created).toMatchObject({ scheduled: true, publishedAt: due, url: `/articles/${created.slug}` });

  // Before its time: 404, not on the home page, not in the feed; the newsroom sees it waiting.
  expect((await fetch(`${server.url}${created.url}`)).status).toBe(404);
  expect(await (await fetch(`${server.url}/`)).text()).not.toContain(title);
  expect(await feedIds(server.url)).not.toContain(created.id);
  const waiting = (await (await fetch(`${server.url}/api/articles/scheduled`, { headers: auth })).json()) as { articles: { id: string }[] };
  expect(waiting.articles.map((a) => a.id)).toContain(created.id);
  expect((await fetch(`${server.url}/api/articles/scheduled`)).status).toBe(401);
  expect(Date.now()).toBeLessThan(Date.parse(due));

  await expect.poll(async () => (await fetch(`${server.url}${created.url}`)).status, { timeout: 30_000, intervals: [50] }).toBe(200);
  const late = Date.now() - Date.parse(due);
  test.info().annotations.push({ type: "due time to first 200", description: `${late} ms` });
  expect(late).toBeGreaterThanOrEqual(0);
  expect(await (await fetch(`${server.url}/`)).text()).toContain(title);
  expect(await feedIds(server.url)).toContain(created.id);
  const after = (await (await fetch(`${server.url}/api/articles/scheduled`, { headers: auth })).json()) as { articles: { id: string }[] };
  expect(after.articles.map((a) => a.id)).not.toContain(created.id);
});

test("a scheduled article survives a restart and is released by the next server, even when its time passed while none ran", async () => {
  test.setTimeout(90_000);
  const first = await new AppServer().start();
  let second: AppServer | undefined;
  try {
    const due = new Date(Date.now() + 3000).toISOString();
    const created = await publish(first.url, { title: "مقال تجريبي مجدول قبل إعادة التشغيل", body: "نص تجريبي.", publishedAt: due });
    expect(created.scheduled).toBe(true);
    await first.stop();
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(Date.parse(due));
    second = await new AppServer({ dataDir: first.dataDir }).start();
    await expect.poll(async () => (await fetch(`${second!.url}${created.url}`)).status, { timeout: 30_000 }).toBe(200);
    expect(await feedIds(second.url)).toContain(created.id);
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test("the «عاجل» banner links to the urgent article online and, with the server stopped, offline", async ({ page }) => {
  test.setTimeout(90_000);
  const server = await new AppServer().start();
  try {
    const title = "مقال تجريبي عاجل";
    const created = await publish(server.url, { title, body: "نص تجريبي عاجل.", urgent: true, section: "قسم تجريبي", authors: ["كاتب تجريبي"] });
    await publish(server.url, { title: "مقال تجريبي عادي بعده", body: "نص تجريبي." });

    const banner = page.locator("[data-urgent-banner]");
    await page.goto(`${server.url}/`);
    await expect(banner).toHaveCount(1);
    await expect(banner.getByRole("link")).toHaveAttribute("href", created.url);
    await expect(banner).toContainText(`عاجل${title}`);
    await waitForLibrary(page, 3);
    await page.goto(`${server.url}/articles/${created.slug}`);
    await expect(banner.getByRole("link")).toHaveAttribute("href", created.url);
    // Every list carries it: a section's page and an author's page too.
    for (const list of [`/sections/${encodeURIComponent("قسم تجريبي")}`, `/authors/${encodeURIComponent("كاتب-تجريبي")}`]) {
      await page.goto(`${server.url}${list}`);
      await expect(page.getByRole("heading", { level: 1 }), list).toContainText(list.startsWith("/sections") ? "قسم تجريبي" : "كاتب تجريبي");
      await expect(banner.getByRole("link"), list).toHaveAttribute("href", created.url);
    }
    // A page built from the library (precached whole) fills its slot from the library.
    await page.goto(`${server.url}/saved`);
    await expect(banner.getByRole("link")).toHaveAttribute("href", created.url);

    await server.stop();
    for (const url of ["/", `/articles/${created.slug}`]) {
      const res = await page.goto(`${server.url}${url}`);
      expect(res?.headers()["x-served-by"], url).toBe("service-worker");
      await expect(banner.getByRole("link"), url).toHaveAttribute("href", created.url);
      await expect(banner, url).toContainText(title);
    }
    // The search page, precached whole, fills its slot from the library.
    expect((await page.goto(`${server.url}/search`))?.ok()).toBe(true);
    await expect(banner.getByRole("link")).toHaveAttribute("href", created.url);
  } finally {
    await server.stop();
  }
});

test("the banner comes down at its time: a cached page is rendered again without it, and an open page drops it", async ({ page }) => {
  test.setTimeout(90_000);
  // A window of 20 seconds (URGENT_HOURS may be a fraction).
  const server = await new AppServer({ env: { URGENT_HOURS: String(20 / 3600) } }).start();
  try {
    await publish(server.url, { title: "مقال تجريبي عاجل قصير", body: "نص تجريبي.", urgent: true });
    await page.goto(`${server.url}/`);
    const banner = page.locator("[data-urgent-banner]");
    await expect(banner).toHaveCount(1);
    const until = Date.parse((await banner.getAttribute("data-urgent-until")) ?? "");
    // The same page from the render cache, twice, until the time: nothing was published in between.
    expect(await (await fetch(`${server.url}/`)).text()).toContain("data-urgent-banner");
    expect(Date.now()).toBeLessThan(until);

    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain("data-urgent-banner");
  } finally {
    await server.stop();
  }
});

test("urgent news is pushed with Urgency: high and shown as «عاجل», kept until the reader acts", async ({ page, context }) => {
  test.setTimeout(90_000);
  const service = await startPushService();
  const certFile = path.join(mkdtempSync(path.join(os.tmpdir(), "urgent-e2e-")), "push-service.pem");
  writeFileSync(certFile, service.cert);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "urgent-e2e-data-"));
  const store = openSqliteStore(dataDir);
  const reader = browserSubscription(`${service.origin}/reader`);
  await store.saveSubscription(reader.record);
  await store.close();
  const server = await new AppServer({ dataDir, env: { NODE_EXTRA_CA_CERTS: certFile } }).start();
  try {
    await context.grantPermissions(["notifications"], { origin: server.url });
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 1);
    const { cdp, registrationId } = await workerSession(context, page, server.url);

    const title = "مقال تجريبي عاجل للإشعار";
    const created = await publish(server.url, { title, body: "نص تجريبي.", urgent: true });
    await expect.poll(() => service.received.length, { timeout: 15_000 }).toBe(1);
    const push = service.received[0]!;
    expect(push.headers.urgency).toBe("high");
    const payload = decryptPush(push.body, reader);
    expect(JSON.parse(payload)).toMatchObject({ id: created.id, title, urgent: true });

    // The same message delivered to the phone's worker.
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId, data: payload });
    await expect.poll(() => shownNotifications(page), { timeout: 15_000 }).toEqual([`عاجل: ${title}`]);
    const options = await page.evaluate(async () => {
      const [n] = await (await navigator.serviceWorker.ready).getNotifications();
      return { tag: n?.tag, requireInteraction: n?.requireInteraction };
    });
    expect(options).toEqual({ tag: `urgent-${created.id}`, requireInteraction: true });
  } finally {
    await server.stop();
    await service.close();
  }
});
