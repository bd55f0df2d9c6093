// Feeds, sitemaps, robots.txt and section pages, read from a real server the
// way feed readers and crawlers read them: feeds through a real feed parser,
// sitemaps as XML.
import { randomBytes } from "node:crypto";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser } from "fast-xml-parser";
import { syntheticPhoto } from "../test/support/synthetic-photo.mjs";
import { expect, test } from "./support/fixtures";
import { type AppServer, PUBLISH_TOKEN } from "./support/server";

const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["url", "sitemap"].includes(name) });

/** A section of this test's own (a shared server holds other tests' articles), with characters a path must escape. */
const testSection = () => `قسم تجريبي/100% ${randomBytes(3).toString("hex")}`;
const encoded = (section: string) => `/sections/${encodeURIComponent(section)}`;

async function uploadPhoto(server: AppServer): Promise<string> {
  const res = await fetch(`${server.url}/api/media`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: new Blob([new Uint8Array(await syntheticPhoto({ width: 1200, height: 800, seed: 15 }))]),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url;
}

async function text(server: AppServer, path: string, expectedType: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type"), path).toContain(expectedType);
  return res.text();
}

test("RSS and Atom carry the newest articles with absolute links, Arabic text intact and the lead picture, site-wide and per section", async ({ server }) => {
  const section = testSection();
  const photo = await uploadPhoto(server);
  const title = `مقال تجريبي للتغذية & <عناوين> "مقتبسة" ${section}`;
  const summary = "ملخص تجريبي: «نص» & <وسم> لا يُفسَّر";
  const withPhoto = await server.publish({ title, summary, section, body: `![صورة مولّدة للاختبار](${photo})\n\nنص تجريبي.` });
  const other = await server.publish({ title: `مقال تجريبي آخر ${section}`, body: "نص تجريبي بلا صورة.", section: `${section} ب` });
  const origin = server.url;
  const mediaId = photo.split("/").at(-1);

  for (const [path, type] of [
    ["/feed.xml", "application/rss+xml"],
    ["/atom.xml", "application/atom+xml"],
  ] as const) {
    const feed = parseFeed(await text(server, path, type));
    expect(feed.language, path).toBe("ar");
    expect(feed.url, path).toBe(`${origin}/`);
    expect(feed.items.length, path).toBeLessThanOrEqual(50);
    for (const item of feed.items) expect(item.url, path).toMatch(new RegExp(`^${origin}/articles/[a-z0-9-]+$`));
    const published = feed.items.map((i) => i.published!.getTime());
    expect(published, `${path} newest first`).toEqual([...published].sort((a, b) => b - a));
    const item = feed.items.find((i) => i.url === `${origin}${withPhoto.url}`);
    expect(item, path).toBeDefined();
    expect(item!.title, path).toBe(title);
    expect(item!.description, path).toBe(summary);
    expect(item!.categories.map((c) => c.term), path).toEqual([section]);
    // The widest JPEG of a 1200 px upload is the upload's own width.
    expect(item!.media.map((m) => [m.url, m.mimeType]), path).toEqual([[`${origin}/media/${mediaId}/1200.jpg`, "image/jpeg"]]);
    expect(feed.items.find((i) => i.url === `${origin}${other.url}`)?.media, path).toEqual([]);
  }
  const image = await fetch(`${origin}/media/${mediaId}/1200.jpg`);
  expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/jpeg"]);

  // A section's feeds hold that section's articles only.
  for (const [file, type] of [
    ["feed.xml", "application/rss+xml"],
    ["atom.xml", "application/atom+xml"],
  ] as const) {
    const feed = parseFeed(await text(server, `${encoded(section)}/${file}`, type));
    expect(feed.title).toContain(section);
    expect(feed.url).toBe(`${origin}${encoded(section)}`);
    expect(feed.items.map((i) => i.url)).toEqual([`${origin}${withPhoto.url}`]);
  }
  expect((await fetch(`${origin}${encoded(`${section} لا يوجد`)}/feed.xml`)).status).toBe(404);

  // Cacheable for a few minutes, and a reader holding the same bytes gets 304.
  const first = await fetch(`${origin}/feed.xml`);
  expect(first.headers.get("cache-control")).toBe("public, max-age=300");
  const etag = first.headers.get("etag")!;
  expect(etag).toMatch(/^".+"$/);
  expect((await fetch(`${origin}/feed.xml`, { headers: { "If-None-Match": etag } })).status).toBe(304);
  await server.publish({ title: `مقال تجريبي يغيّر التغذية ${section}`, body: "نص تجريبي." });
  expect((await fetch(`${origin}/feed.xml`, { headers: { "If-None-Match": etag } })).status).toBe(200);
});

test("the head names the feeds: the site's on every page, a section's on its page", async ({ server, page }) => {
  const section = testSection();
  const article = await server.publish({ title: `مقال تجريبي للروابط ${section}`, body: "نص تجريبي.", section });
  const alternates = () =>
    page.locator('head link[rel="alternate"][type$="xml"]').evaluateAll((links) => links.map((l) => [l.getAttribute("type"), l.getAttribute("href")]));
  const site = [
    ["application/rss+xml", `${server.url}/feed.xml`],
    ["application/atom+xml", `${server.url}/atom.xml`],
  ];
  for (const path of ["/", article.url, "/search"]) {
    await page.goto(path);
    expect(await alternates(), path).toEqual(site);
  }
  await page.goto(encoded(section));
  expect((await alternates()).sort()).toEqual(
    [
      ...site,
      ["application/rss+xml", `${server.url}${encoded(section)}/feed.xml`],
      ["application/atom+xml", `${server.url}${encoded(section)}/atom.xml`],
    ].sort(),
  );
  for (const [, href] of await alternates()) expect((await fetch(href!)).status, href!).toBe(200);
});

test("robots.txt names the sitemap index and the news sitemap; every article is in a sitemap, the last 48 hours' in the news one", async ({ server }) => {
  const section = testSection();
  const fresh = await server.publish({ title: `مقال تجريبي حديث & ${section}`, body: "نص تجريبي.", section });
  const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
  const older = await server.publish({ title: `مقال تجريبي أقدم ${section}`, body: "نص تجريبي.", publishedAt: threeDaysAgo });
  const origin = server.url;

  const robots = await text(server, "/robots.txt", "text/plain");
  const sitemaps = [...robots.matchAll(/^Sitemap: (.+)$/gm)].map((m) => m[1]);
  expect(sitemaps).toEqual([`${origin}/sitemap.xml`, `${origin}/news-sitemap.xml`]);
  expect(robots).toMatch(/^Disallow: \/api\/$/m);

  const index = xml.parse(await text(server, "/sitemap.xml", "application/xml")) as { sitemapindex: { sitemap: { loc: string }[] } };
  const files = index.sitemapindex.sitemap.map((s) => s.loc);
  expect(files[0]).toBe(`${origin}/sitemap/0.xml`);
  const listed = new Map<string, string | undefined>();
  for (const file of files) {
    expect(file).toMatch(new RegExp(`^${origin}/sitemap/\\d+\\.xml$`));
    const doc = xml.parse(await text(server, new URL(file).pathname, "application/xml")) as { urlset: { url: { loc: string; lastmod?: string }[] } };
    for (const u of doc.urlset.url) listed.set(u.loc, u.lastmod);
  }
  expect(listed.has(`${origin}/`)).toBe(true);
  expect(listed.get(`${origin}${encoded(section)}`)).toBeDefined();
  for (const a of [fresh, older]) expect(listed.get(`${origin}${a.url}`), a.url).toMatch(/^\d{4}-\d\d-\d\dT/);

  type NewsUrl = { loc: string; "news:news": { "news:publication": { "news:name": string; "news:language": string }; "news:publication_date": string; "news:title": string } };
  const news = xml.parse(await text(server, "/news-sitemap.xml", "application/xml")) as { urlset: { "@_xmlns:news": string; url?: NewsUrl[] } };
  expect(news.urlset["@_xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
  const entries = news.urlset.url ?? [];
  const entry = entries.find((u) => u.loc === `${origin}${fresh.url}`);
  expect(entry?.["news:news"]["news:publication"]).toEqual({ "news:name": "الأخبار", "news:language": "ar" });
  expect(entry?.["news:news"]["news:title"]).toBe(`مقال تجريبي حديث & ${section}`);
  expect(Date.now() - Date.parse(entry!["news:news"]["news:publication_date"])).toBeLessThan(60 * 60 * 1000);
  expect(entries.some((u) => u.loc === `${origin}${older.url}`)).toBe(false);
  for (const u of entries) expect(Date.now() - Date.parse(u["news:news"]["news:publication_date"])).toBeLessThanOrEqual(48 * 3600 * 1000);
});

test("a section's page lists its articles newest first, fifty a page with «المزيد», linked from its articles and the header", async ({ server, page }) => {
  const section = testSection();
  const published: { url: string; title: string }[] = [];
  for (let n = 1; n <= 51; n++) {
    const title = `مقال تجريبي ${n} في القسم ${section}`;
    const base = Date.now() - (60 - n) * 60_000;
    published.push({ ...(await server.publish({ title, body: "نص تجريبي.", section, publishedAt: new Date(base).toISOString() })), title });
  }
  await server.publish({ title: `مقال تجريبي خارج القسم ${section}`, body: "نص تجريبي.", section: `${section} آخر` });

  // Served like the archive: server HTML without Next's runtime.
  const html = await text(server, encoded(section), "text/html");
  expect(html).not.toMatch(/<script[^>]+src="\/_next\//);
  expect(html).toContain('src="/page.js"');

  await page.goto(encoded(section));
  await expect(page.locator("main h1")).toHaveText(section);
  await expect(page).toHaveTitle(`${section} | الأخبار`);
  const headlines = page.locator("main article h2 a");
  await expect(headlines).toHaveCount(50);
  expect(await headlines.allTextContents()).toEqual(published.slice(1).reverse().map((a) => a.title));
  expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(`${server.url}${encoded(section)}`);

  await page.locator('main a[rel="next"]', { hasText: "المزيد" }).click();
  await expect(page).toHaveURL(`${server.url}${encoded(section)}?page=2`);
  await expect(page.locator("main h1")).toHaveText(`${section}: الصفحة 2`);
  expect(await headlines.allTextContents()).toEqual([published[0]!.title]);
  await expect(page.locator('main a[rel="next"]')).toHaveCount(0);
  await page.locator('main a[rel="prev"]').click();
  await expect(page).toHaveURL(`${server.url}${encoded(section)}`);
  expect((await fetch(`${server.url}${encoded(section)}?page=3`)).status).toBe(404);

  // The article names its section as a link there, and the header lists the section.
  await page.goto(published[10]!.url);
  await page.locator("main header a", { hasText: section }).click();
  await expect(page).toHaveURL(`${server.url}${encoded(section)}`);
  const nav = page.getByRole("navigation", { name: "الأقسام" });
  await expect(nav.getByRole("link", { name: section, exact: true })).toHaveAttribute("href", encoded(section));
  await expect(nav.getByRole("link", { name: `${section} آخر`, exact: true })).toHaveAttribute("href", encoded(`${section} آخر`));
});

test("addresses no section can have, and sections with no live article, are 404", async ({ server }) => {
  const section = testSection();
  const only = await server.publish({ title: `مقال تجريبي وحيد ${section}`, body: "نص تجريبي.", section });
  expect((await fetch(`${server.url}${encoded(section)}`)).status).toBe(200);
  await server.withdraw(only.id);
  for (const path of [
    encoded(section),
    `${encoded(section)}/feed.xml`,
    "/sections/%E0%A4%A",
    `/sections/${encodeURIComponent(" مسافة")}`,
    `/sections/${encodeURIComponent("ا".repeat(61))}`,
    `${encoded(section)}/other`,
    `${encoded(section)}?page=0`,
  ]) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(404);
  }
});
