// Several app servers on one PostgreSQL database (DATABASE_URL), each with its
// own DATA_DIR: a publish through one is on the other's pages at its very next
// request, and a phone's cursor from one continues on the other.
import { expect, test } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "../test/support/postgres";
import { AppServer } from "./support/server";
import { libraryContents, waitForLibrary } from "./support/worker";

const SEED = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";

let db: TestDatabase;
let a: AppServer;
let b: AppServer;
test.beforeAll(async () => {
  db = await createTestDatabase("e2e");
  // Started together on an empty database: one migrates and seeds it, the other waits for the lock.
  [a, b] = await Promise.all([
    new AppServer({ env: { DATABASE_URL: db.url } }).start(),
    new AppServer({ env: { DATABASE_URL: db.url } }).start(),
  ]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

test("both servers report one PostgreSQL store, at one sequence, and their queue healthy", async () => {
  const [ra, rb] = await Promise.all([fetch(`${a.url}/api/health`), fetch(`${b.url}/api/health`)]);
  const [ha, hb] = await Promise.all([ra.json(), rb.json()]);
  expect([ra.status, rb.status], JSON.stringify([ha, hb])).toEqual([200, 200]);
  for (const h of [ha, hb]) expect(h).toMatchObject({ healthy: true, store: { kind: "postgresql", reachable: true }, queue: { reachable: true, workerRunning: true } });
  expect(hb.store.seq).toBe(ha.store.seq);
});

interface FeedPage {
  articles: { id: string; title: string }[];
  cursor: string;
  hasMore: boolean;
}

test("a publish through one server is on the other's pages at once, and a phone syncs from either", async ({ page }) => {
  // B renders and keeps its home page before the publish.
  await page.goto(`${b.url}/`);
  await expect(page.getByRole("link", { name: SEED })).toBeVisible();
  await waitForLibrary(page, 1);
  const before = (await (await fetch(`${a.url}/api/articles`)).json()) as FeedPage;

  const title = "مقال نُشر عبر الخادم الأول";
  const created = await a.publish({ title, body: "نص تجريبي نُشر عبر خادم وقُرئ من آخر." });
  const published = performance.now();
  // B's very next request shows it: no waiting for a cache to expire.
  const html = await (await fetch(`${b.url}/`)).text();
  const elapsed = performance.now() - published;
  expect(html).toContain(title);
  expect(elapsed).toBeLessThan(1000);
  test.info().annotations.push({ type: "publish reached the other server", description: `${Math.round(elapsed)} ms` });

  await page.reload();
  // The article's own heading on the list (the phone's arrival notice may link it too).
  const listed = page.getByRole("heading", { name: title }).getByRole("link");
  await expect(listed).toBeVisible();
  await listed.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // A cursor A gave continues on B: one store identity, one sequence.
  const next = await fetch(`${b.url}/api/articles?since=${before.cursor}`);
  expect(next.status).toBe(200);
  expect(((await next.json()) as FeedPage).articles.map((x) => x.id)).toEqual([created.id]);
  // And the phone that synced from B holds it after its next sync.
  await page.goto(`${b.url}/`);
  await expect.poll(async () => Object.keys(await libraryContents(page)), { timeout: 15_000 }).toContain(created.id);
});
