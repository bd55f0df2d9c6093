import { expect, test } from "@playwright/test";
import { AppServer } from "./support/server";
import { waitForLibrary } from "./support/worker";

interface Page {
  articles: { id: string; revision: number; title: string }[];
  deleted: string[];
  cursor: string;
  hasMore: boolean;
}

let server: AppServer;
test.beforeEach(async () => {
  server = await new AppServer().start();
});
test.afterEach(async () => {
  await server.stop();
});

const feed = async (query = "", headers: Record<string, string> = {}) => fetch(`${server.url}/api/articles${query}`, { headers });

test("the delta feed pages by cursor, reports edits and withdrawals, and answers 304 when nothing changed", async () => {
  const first = await feed();
  expect(first.status).toBe(200);
  const all = (await first.json()) as Page;
  expect(all.articles.map((a) => a.title)).toEqual(["ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق"]);
  expect(all).toMatchObject({ deleted: [], hasMore: false });

  const etag = first.headers.get("etag")!;
  expect((await feed("", { "If-None-Match": etag })).status).toBe(304);

  const a = await server.publish({ title: "مقال تجريبي للتغذية 1", body: "نص تجريبي." });
  const b = await server.publish({ title: "مقال تجريبي للتغذية 2", body: "نص تجريبي." });
  expect((await feed("", { "If-None-Match": etag })).status).toBe(200);

  const p1 = (await (await feed(`?since=${all.cursor}&limit=1`)).json()) as Page;
  expect(p1.articles.map((x) => x.id)).toEqual([a.id]);
  expect(p1.hasMore).toBe(true);
  const p2 = (await (await feed(`?since=${p1.cursor}&limit=1`)).json()) as Page;
  expect(p2.articles.map((x) => x.id)).toEqual([b.id]);
  expect(p2.hasMore).toBe(false);

  await server.revise(a.id, { title: "مقال تجريبي للتغذية 1 معدّل", body: "نص تجريبي معدّل." });
  await server.withdraw(b.id);
  const changes = (await (await feed(`?since=${p2.cursor}`)).json()) as Page;
  expect(changes.articles.map((x) => [x.id, x.revision, x.title])).toEqual([[a.id, 2, "مقال تجريبي للتغذية 1 معدّل"]]);
  expect(changes.deleted).toEqual([b.id]);
  const nothing = (await (await feed(`?since=${changes.cursor}`)).json()) as Page;
  expect(nothing).toEqual({ articles: [], deleted: [], cursor: changes.cursor, hasMore: false });
});

test("an invalid cursor or limit is answered 400 naming the parameter", async () => {
  for (const [query, field] of [
    ["?since=not-a-cursor", "since"],
    ["?since=", "since"],
    ["?limit=0", "limit"],
    ["?limit=abc", "limit"],
    ["?limit=100000", "limit"],
    ["?limit=1.5", "limit"],
  ] as const) {
    const res = await feed(query);
    expect(res.status, query).toBe(400);
    expect(await res.json(), query).toMatchObject({ field });
  }
});

test("offline, an App Router RSC request gets a plain 503 so Next falls back to a full navigation", async ({ page }) => {
  await page.goto(`${server.url}/`);
  await waitForLibrary(page, 1);
  await server.stop();
  const status = await page.evaluate(async () => (await fetch("/articles/khitam-ahd-al-nizam-al-bayed", { headers: { RSC: "1" } })).status);
  expect(status).toBe(503);
});
