// Bylines, author pages, corrections, the time of day and JSON-LD, read back
// from the real server's HTML and, offline, from the real service worker.
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { syntheticPhoto } from "../test/support/synthetic-photo.mjs";
import { formatArabicDateTime } from "../lib/arabic/date";
import { expect, test } from "./support/fixtures";
import { AppServer, PUBLISH_TOKEN } from "./support/server";
import { libraryContents, waitForLibrary } from "./support/worker";

interface FeedArticle {
  id: string;
  title: string;
  authors?: string[];
  corrections?: { note: string; at: string }[];
  publishedAt: string;
  updatedAt: string;
}

/** The article as the change feed sends it to phones, read page by page until found. */
async function fromFeed(server: AppServer, id: string): Promise<FeedArticle> {
  let url = `${server.url}/api/articles?limit=500`;
  for (;;) {
    const page = (await (await fetch(url)).json()) as { articles: FeedArticle[]; cursor: string; hasMore: boolean };
    const found = page.articles.findLast((a) => a.id === id);
    if (found && !page.hasMore) return found;
    if (!page.hasMore) throw new Error(`article ${id} is not in the feed`);
    url = `${server.url}/api/articles?limit=500&since=${encodeURIComponent(page.cursor)}`;
  }
}

/** Every JSON-LD block in a page's HTML, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
}

/** Console errors and CSP violations the page reports. */
function problems(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") seen.push(m.text());
  });
  page.on("pageerror", (e) => seen.push(e.message));
  return seen;
}

const author = (tag: string) => `كاتبة تجريبية ${tag}`;

test("a byline under the headline links to the author's page, which lists their articles newest first, a page at a time", async ({ page, server, request }) => {
  const tag = "بلال";
  const name = author(tag);
  const first = await server.publish({ title: "مقال تجريبي بتوقيع أول", body: "نص تجريبي.", authors: [name, "كاتب تجريبي ثانٍ"], publishedAt: "2024-12-08T09:30:00+03:00" });
  const html = await (await request.get(first.url)).text();
  // The masthead credits stay above the headline; the byline goes under it.
  expect(html.indexOf("سراب حسان غانم")).toBeLessThan(html.indexOf("<h1"));
  await page.goto(first.url);
  const byline = page.locator("[data-byline]");
  await expect(byline).toHaveText(`بقلم ${name} وكاتب تجريبي ثانٍ`);
  await expect(page.locator("header time").first()).toHaveText("8 كانون الأول 2024، 09:30");
  const bylineBox = await byline.boundingBox();
  const headlineBox = await page.getByRole("heading", { level: 1 }).boundingBox();
  expect(bylineBox!.y).toBeGreaterThan(headlineBox!.y + headlineBox!.height - 1);

  await byline.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/authors/${encodeURIComponent(name.replace(/ /g, "-"))}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقالات ${name}`);
  await expect(page.locator("li[data-article-id]")).toHaveCount(1);
  await page.getByRole("link", { name: "مقال تجريبي بتوقيع أول" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقال تجريبي بتوقيع أول");

  // Fifty-one more: the author's page pages like the archive, newest first.
  for (let n = 1; n <= 51; n++) {
    const publishedAt = new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString();
    await server.publish({ title: `مقال تجريبي للكاتبة ${n}`, body: "نص تجريبي.", authors: [name], publishedAt });
  }
  const path = `/authors/${encodeURIComponent(name.replace(/ /g, "-"))}`;
  const served = await request.get(path);
  // Served like the archive: server HTML without Next's client runtime.
  expect(await served.text()).not.toMatch(/<script[^>]+src="\/_next\//);
  await page.goto(path);
  const titles = await page.locator("li[data-article-id] h2").allTextContents();
  expect(titles).toHaveLength(50);
  expect(titles[0]).toBe("مقال تجريبي للكاتبة 51");
  await expect(page.locator('a[rel="next"]')).toHaveAttribute("href", `${path}?page=2`);
  await page.locator('a[rel="next"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقالات ${name}: الصفحة 2`);
  expect(await page.locator("li[data-article-id] h2").allTextContents()).toEqual(["مقال تجريبي للكاتبة 1", "مقال تجريبي بتوقيع أول"]);
  await expect(page.locator('a[rel="prev"]')).toHaveAttribute("href", path);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

  // Another spelling of the name is sent to the one address; what no name makes is a 404.
  const spaced = await request.get(`/authors/${encodeURIComponent(`  ${name}`)}?page=2`, { maxRedirects: 0 });
  expect(spaced.status()).toBe(308);
  expect(new URL(spaced.headers().location!, server.url).pathname + new URL(spaced.headers().location!, server.url).search).toBe(`${path}?page=2`);
  expect((await request.get(`/authors/${encodeURIComponent("لا-أحد-بهذا-الاسم")}`)).status()).toBe(404);
  expect((await request.get("/authors/%3Cscript%3E")).status()).toBe(404);
  expect((await request.get("/authors/%E0%A4%A")).status()).toBe(404);
  expect((await request.get(`${path}?page=3`)).status()).toBe(404);
});

test("the API refuses a bad byline and a correction on a first publish, in Arabic, naming the field", async ({ server }) => {
  for (const [body, field] of [
    [{ title: "مقال تجريبي", body: "نص", authors: "اسم واحد" }, "authors"],
    [{ title: "مقال تجريبي", body: "نص", authors: ["سعاد/الأحمد"] }, "authors"],
    [{ title: "مقال تجريبي", body: "نص", correction: "تصحيح تجريبي" }, "correction"],
  ] as const) {
    const res = await fetch(`${server.url}/api/articles`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; field: string };
    expect(answer.field).toBe(field);
    expect(answer.error).toMatch(new RegExp(`^${field}: \\p{Script=Arabic}`, "u"));
  }
});

test("every article page carries NewsArticle JSON-LD that matches the article, kept through the page's CSP", async ({ page, server, request }) => {
  const photo = await syntheticPhoto({ width: 1600, height: 1000, seed: 61 });
  const upload = await fetch(`${server.url}/api/media`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: new Blob([new Uint8Array(photo)]),
  });
  expect(upload.status).toBe(201);
  const { url: src } = (await upload.json()) as { url: string };
  const title = "مقال تجريبي </script><script>window.injected=1</script> للبيانات المنظمة";
  const created = await server.publish({
    title,
    summary: "ملخص تجريبي للبيانات المنظمة",
    section: "اختبارات",
    authors: [author("جود")],
    body: `![صورة مولّدة للاختبار](${src})\n\nنص تجريبي.`,
    publishedAt: "2024-12-08T09:30:00+03:00",
  });
  await server.revise(created.id, { title, summary: "ملخص تجريبي للبيانات المنظمة", section: "اختبارات", authors: [author("جود")], body: `![صورة مولّدة للاختبار](${src})\n\nنص تجريبي معدّل.`, publishedAt: "2024-12-08T09:30:00+03:00" });
  const article = await fromFeed(server, created.id);

  const res = await request.get(created.url);
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')+(;|$)/);
  expect(csp).not.toContain("unsafe-inline");
  const html = await res.text();
  expect(html).not.toContain("window.injected=1</script>");
  const [data, ...others] = jsonLd(html);
  expect(others).toEqual([]);
  const base = new URL(server.url);
  const articleUrl = new URL(created.url, base).href;
  expect(data).toMatchObject({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: title,
    description: "ملخص تجريبي للبيانات المنظمة",
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    inLanguage: "ar",
    articleSection: "اختبارات",
    author: [{ "@type": "Person", name: author("جود"), url: new URL(`/authors/${encodeURIComponent(author("جود").replace(/ /g, "-"))}`, base).href }],
    mainEntityOfPage: { "@type": "WebPage", "@id": articleUrl },
    publisher: { "@type": "NewsMediaOrganization", name: expect.any(String), logo: { "@type": "ImageObject", url: new URL("/icons/icon-512.png", base).href } },
  });
  expect(article.updatedAt > article.publishedAt).toBe(true);

  // The picture is a JPEG at least 1200 px wide, as the data says.
  const image = (data!.image as { url: string; width: string; height: string }[])[0]!;
  const bytes = await request.get(image.url);
  expect(bytes.headers()["content-type"]).toBe("image/jpeg");
  const meta = await sharp(await bytes.body()).metadata();
  expect(meta.width).toBeGreaterThanOrEqual(1200);
  expect([String(meta.width), String(meta.height)]).toEqual([image.width, image.height]);
  const logo = await request.get((data!.publisher as { logo: { url: string } }).logo.url);
  expect(logo.status()).toBe(200);

  // In the browser the data stays data: nothing of it runs, and the policy reports nothing.
  const seen = problems(page);
  await page.goto(created.url);
  expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  expect(seen.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);

  // An article the masthead alone signs credits the newspaper.
  const unsigned = jsonLd(await (await request.get("/articles/khitam-ahd-al-nizam-al-bayed")).text())[0]!;
  expect(unsigned.author).toEqual([expect.objectContaining({ "@type": "NewsMediaOrganization", url: new URL("/", base).href })]);
  expect(unsigned).not.toHaveProperty("image");

  // The home page names the site and the newspaper.
  const home = jsonLd(await (await request.get("/")).text())[0] as { "@graph": { "@type": string; url: string; inLanguage?: string }[] };
  expect(home["@graph"].map((n) => n["@type"])).toEqual(["NewsMediaOrganization", "WebSite"]);
  expect(home["@graph"][1]).toMatchObject({ url: new URL("/", base).href, inLanguage: "ar" });
});

test("a correction shows under the article with its time, stays through a later edit, and reads offline", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    const name = author("ريم");
    const body = { title: "مقال تجريبي للتصحيح", body: "نص تجريبي للتصحيح.", authors: [name] };
    const created = await server.publish(body);
    await page.goto(`${server.url}/`);
    await waitForLibrary(page, 2);

    await server.revise(created.id, { ...body, body: "نص تجريبي مصحّح.", correction: "صُحّح اسم المدينة في الفقرة الأولى" });
    // A later edit without a correction keeps the first.
    expect(await server.revise(created.id, { ...body, body: "نص تجريبي مصحّح ومعدّل." })).toBe(3);
    const article = await fromFeed(server, created.id);
    expect(article.corrections?.map((c) => c.note)).toEqual(["صُحّح اسم المدينة في الفقرة الأولى"]);
    const correctedAt = formatArabicDateTime(article.corrections![0]!.at, "Asia/Damascus");

    await page.goto(`${server.url}${created.url}`);
    const correction = page.locator("[data-correction]");
    await expect(correction).toHaveText(`تصحيح: صُحّح اسم المدينة في الفقرة الأولى (${correctedAt})`);
    await expect(page.getByText("نص تجريبي مصحّح ومعدّل.")).toBeVisible();

    // The phone takes the edit, and the worker shows the same page with the server gone.
    await expect.poll(async () => (await libraryContents(page))[created.id]?.revision, { timeout: 15_000 }).toBe(3);
    await server.stop();
    const res = await page.goto(`${server.url}${created.url}`);
    expect(res?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.locator("[data-correction]")).toHaveText(`تصحيح: صُحّح اسم المدينة في الفقرة الأولى (${correctedAt})`);
    await expect(page.locator("[data-byline]")).toHaveText(`بقلم ${name}`);
    await expect(page.locator("[data-byline] a")).toHaveAttribute("href", `/authors/${encodeURIComponent(name.replace(/ /g, "-"))}`);
    await expect(page.locator("header time").first()).toHaveText(/^\d{1,2} \p{Script=Arabic}+( \p{Script=Arabic}+)? \d{4}، \d{2}:\d{2}$/u);

    // The author's page too, from the phone's library.
    await page.locator("[data-byline] a").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقالات ${name}`);
    await expect(page.locator("li[data-article-id]")).toHaveCount(1);
    await expect(page.getByRole("link", { name: body.title })).toBeVisible();
  } finally {
    await server.stop();
  }
});
