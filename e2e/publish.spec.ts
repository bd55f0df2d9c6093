import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./support/fixtures";
import { PUBLISH_TOKEN } from "./support/server";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function feedIds(url: string): Promise<string[]> {
  // The store as readers see it: every article on the home page.
  const html = await (await fetch(`${url}/`)).text();
  return [...html.matchAll(/data-article-id="([^"]+)"/g)].map((m) => m[1] ?? "");
}

test("publishing over HTTP answers 201 and the article reads at its URL", async ({ server, page }) => {
  const res = await fetch(`${server.url}/api/articles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: JSON.stringify({
      title: "مقال تجريبي: نشر عبر الواجهة",
      summary: "ملخص تجريبي",
      section: "اختبارات",
      body: "فقرة أولى **تجريبية** فيها [رابط](https://example.org/x).\n\n## عنوان فرعي تجريبي\n\n> اقتباس تجريبي\n\n- بند أول\n- بند ثانٍ",
    }),
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; slug: string; url: string };
  expect(created.url).toBe(`/articles/${created.slug}`);
  expect(created.id).toBeTruthy();

  await page.goto(created.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي: نشر عبر الواجهة");
  await expect(page.getByRole("heading", { level: 2, name: "عنوان فرعي تجريبي" })).toBeVisible();
  await expect(page.locator(".article-body strong")).toHaveText("تجريبية");
  await expect(page.locator(".article-body blockquote")).toContainText("اقتباس تجريبي");
  await expect(page.locator(".article-body li")).toHaveCount(2);
  // The seed is now related to it, and the home page lists it first.
  await expect(page.getByRole("complementary", { name: "مقالات ذات صلة" })).toBeVisible();
  await page.goto("/");
  await expect(page.locator("li[data-article-id] h2").first()).toHaveText("مقال تجريبي: نشر عبر الواجهة");
});

test("publishing from the command line prints the URL of an article that reads", async ({ server, page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "publish-cli-"));
  const md = path.join(dir, "article.md");
  writeFileSync(md, `---\ntitle: "مقال تجريبي من سطر الأوامر"\nsection: اختبارات\n---\n\nنص تجريبي منشور بالأمر.\n`);
  const env = { ...process.env, DATA_DIR: server.dataDir, PORT: String(server.port) };
  const { stdout } = await run("npm", ["run", "--silent", "publish", "--", md], { cwd: root, env });
  const url = stdout.trim().split("\n").at(-1) ?? "";
  expect(url).toMatch(new RegExp(`^http://localhost:${server.port}/articles/[a-z0-9-]+$`));
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي من سطر الأوامر");
  await expect(page.getByText("نص تجريبي منشور بالأمر.")).toBeVisible();
  // The home page, cached before, shows it at once.
  await page.goto("/");
  await expect(page.getByRole("link", { name: "مقال تجريبي من سطر الأوامر" })).toBeVisible();

  const txt = path.join(dir, "page.txt");
  writeFileSync(txt, "رئيس التحرير: اسم تجريبي\n\nمقال تجريبي بتنسيق الصحيفة\n\nشارك\n\nفقرة تجريبية أولى.\n\nعنوان تجريبي\n\nفقرة تجريبية ثانية.\n\nمقالات ذات صلة\n");
  const out = await run("npm", ["run", "--silent", "publish", "--", txt, "--slug", "cli-seed-layout-test"], { cwd: root, env });
  expect(out.stdout.trim()).toBe(`http://localhost:${server.port}/articles/cli-seed-layout-test`);
  await page.goto("/articles/cli-seed-layout-test");
  await expect(page.getByRole("heading", { level: 2, name: "عنوان تجريبي" })).toBeVisible();

  const bad = run("npm", ["run", "--silent", "publish", "--", path.join(dir, "missing.md")], { cwd: root, env });
  await expect(bad).rejects.toMatchObject({ code: 1 });
});

test("bad publish requests get clear errors and change nothing", async ({ server }) => {
  const before = await feedIds(server.url);
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/articles`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}`, ...headers },
      body,
    });

  const noToken = await post(JSON.stringify({ title: "مقال تجريبي", body: "نص" }), { Authorization: "" });
  expect(noToken.status).toBe(401);
  const wrongToken = await post(JSON.stringify({ title: "مقال تجريبي", body: "نص" }), { Authorization: "Bearer nope" });
  expect(wrongToken.status).toBe(401);

  const malformed = await post('{"title": "مقال تجريبي", ');
  expect(malformed.status).toBe(400);
  expect((await malformed.json()).error).toMatch(/JSON/);

  const noTitle = await post(JSON.stringify({ body: "نص تجريبي" }));
  expect(noTitle.status).toBe(400);
  expect(await noTitle.json()).toMatchObject({ field: "title" });

  const emptyBody = await post(JSON.stringify({ title: "مقال تجريبي", body: "   \n " }));
  expect(emptyBody.status).toBe(400);
  expect(await emptyBody.json()).toMatchObject({ field: "body" });

  const onlyHtml = await post(JSON.stringify({ title: "مقال تجريبي", body: "<script>alert(1)</script>" }));
  expect(onlyHtml.status).toBe(400);
  expect(await onlyHtml.json()).toMatchObject({ field: "body" });

  const huge = await post(JSON.stringify({ title: "مقال تجريبي", body: "ن".repeat(1_100_000) }));
  expect(huge.status).toBe(413);

  const badDate = await post(JSON.stringify({ title: "مقال تجريبي", body: "نص", publishedAt: "yesterday" }));
  expect(badDate.status).toBe(400);
  expect(await badDate.json()).toMatchObject({ field: "publishedAt" });

  const unknownField = await post(JSON.stringify({ title: "مقال تجريبي", body: "نص", author: "x" }));
  expect(unknownField.status).toBe(400);
  expect(await unknownField.json()).toMatchObject({ field: "author" });

  expect(await feedIds(server.url)).toEqual(before);
});

test("a server without PUBLISH_TOKEN refuses to publish over HTTP and says why", async () => {
  const { AppServer } = await import("./support/server");
  const server = await new AppServer({ env: { PUBLISH_TOKEN: "" } }).start();
  try {
    const res = await fetch(`${server.url}/api/articles`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer anything" },
      body: JSON.stringify({ title: "مقال تجريبي", body: "نص" }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toContain("PUBLISH_TOKEN");
  } finally {
    await server.stop();
  }
});

test("script an author writes never runs on a reader's phone", async ({ server, page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const created = await server.publish({
    title: "مقال تجريبي <img src=x onerror=alert(1)>",
    summary: "<script>alert('summary')</script>",
    body: [
      "فقرة تجريبية <script>alert('raw')</script> <img src=x onerror=\"alert('img')\">",
      "[رابط خبيث](javascript:alert('link')) و[آخر](JaVaScRiPt:alert('case'))",
      '<a href="javascript:alert(\'html\')">رابط</a>',
      '"><svg onload=alert(\'svg\')>',
    ].join("\n\n"),
  });
  // A picture may only be the site's own: a script URL as one refuses the whole article.
  const image = await fetch(`${server.url}/api/articles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: JSON.stringify({ title: "مقال تجريبي", body: "نص.\n\n![صورة](javascript:alert('image'))" }),
  });
  expect([image.status, ((await image.json()) as { field: string }).field]).toEqual([400, "body"]);
  await page.goto(created.url);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("مقال تجريبي");
  // An article page allows no inline script but our hashed boot scripts, so no javascript: URL runs on it at
  // all: a link of our own, clicked after the article's, is refused by the policy (and the browser says so).
  const refused = await page.locator(".article-body a").evaluateAll(
    (links) =>
      new Promise<string[]>((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve([e.effectiveDirective, e.blockedURI]), { once: true });
        const sentinel = document.createElement("a");
        sentinel.href = "javascript:alert('sentinel')";
        document.body.append(sentinel);
        for (const a of [...links, sentinel]) (a as HTMLElement).click();
      }),
  );
  expect(refused).toEqual(["script-src-elem", "inline"]);
  expect(dialogs).toEqual([]);
  // Whatever the author wrote is text now: no script elements, no handlers, no script URLs.
  const unsafe = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src]):not([id]):not([type]), .article-body *, li[data-article-id] *")].flatMap((el) =>
      [...el.attributes]
        .filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))
        .map((a) => `${el.tagName}[${a.name}=${a.value}]`),
    ),
  );
  expect(unsafe).toEqual([]);
  expect(await page.locator(".article-body script, .article-body svg, .article-body img").count()).toBe(0);
  await expect(page.locator(".article-body")).toContainText("<svg onload=alert('svg')>");
  await page.goto("/");
  expect(dialogs).toEqual([]);
});
