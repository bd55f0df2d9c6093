import { expect, test } from "./support/fixtures";

/**
 * After a publish, Next renders again only the cached pages it changes
 * (lib/render-cache/page-deps.cjs). Whether Next rendered a page for a request
 * is its own `x-nextjs-cache` header (MISS: rendered now; HIT: from the render
 * cache), read by asking Next directly with the proxy's inner-request header;
 * what readers get is checked in the browser, through the proxy.
 */
const INNER = { "x-akhbar-inner": "1" };

async function renderCache(url: string): Promise<string | null> {
  const res = await fetch(url, { headers: INNER });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
  return res.headers.get("x-nextjs-cache");
}

test("a publish renders again the home page and the article pages whose related list it joins, not an unrelated one", async ({ server, page }) => {
  // Sections of this test alone: four articles each fill every related list (four) from their own section,
  // so nothing another test publishes can reach them, and the publish below names no new section.
  // Dated before the seed article, so they push nothing off the home page another test looks for.
  const tag = Date.now().toString(36);
  const near = `قسم تجريبي أ ${tag}`;
  const far = `قسم تجريبي ب ${tag}`;
  const publish = (n: number, section: string, hour: number) =>
    server.publish({ title: `مقال تجريبي ${tag} رقم ${n}`, section, body: `نص تجريبي للمقال رقم ${n}.`, publishedAt: `2020-02-01T0${hour}:00:00+03:00` });
  const nearOnes = [];
  const farOnes = [];
  for (let n = 0; n < 5; n++) {
    nearOnes.push(await publish(n, near, n));
    farOnes.push(await publish(10 + n, far, n));
  }
  const related = nearOnes[0]!;
  const unrelated = farOnes[0]!;

  // Rendered once, then served from the render cache; readers' copies kept by the proxy (lib/http/sent-pages.ts).
  for (const url of ["/", related.url, unrelated.url]) {
    await renderCache(server.url + url);
    expect(await renderCache(server.url + url)).toBe("HIT");
    await (await fetch(server.url + url)).arrayBuffer();
  }

  const fresh = await server.publish({
    title: `مقال تجريبي ${tag} جديد في القسم`,
    section: near,
    body: "نص تجريبي جديد.",
  });

  expect(await renderCache(server.url + unrelated.url)).toBe("HIT");
  expect(await renderCache(server.url + related.url)).toBe("MISS");
  expect(await renderCache(server.url + "/")).toBe("MISS");

  // The proxy's kept copy of the unrelated page is renewed by Next's 304 (no x-nextjs-cache: not fetched again),
  // while the related page's is replaced.
  const unrelatedSent = await fetch(server.url + unrelated.url);
  expect(unrelatedSent.headers.get("x-nextjs-cache")).toBeNull();
  expect(await unrelatedSent.text()).toContain(`مقال تجريبي ${tag} رقم 14`);
  expect(await (await fetch(server.url + related.url)).text()).toContain(`مقال تجريبي ${tag} جديد في القسم`);

  // And each shows what the store holds now, as readers get it.
  await page.goto(unrelated.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقال تجريبي ${tag} رقم 10`);
  const farRelated = page.locator('[aria-labelledby="related-heading"] h2 a');
  await expect(farRelated).toHaveText([14, 13, 12, 11].map((n) => `مقال تجريبي ${tag} رقم ${n}`));

  await page.goto(related.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقال تجريبي ${tag} رقم 0`);
  await expect(page.locator('[aria-labelledby="related-heading"] h2 a').first()).toHaveText(`مقال تجريبي ${tag} جديد في القسم`);
  await expect(page.locator('[aria-labelledby="related-heading"] h2 a')).toHaveCount(4);

  await page.goto("/");
  await expect(page.locator(`li[data-article-id="${fresh.id}"]`)).toContainText(`مقال تجريبي ${tag} جديد في القسم`);
  // The section's own page lists it first.
  await page.goto(`/sections/${encodeURIComponent(near)}`);
  await expect(page.locator("main li[data-article-id]").first()).toHaveAttribute("data-article-id", fresh.id);
});

test("an edit renders again the pages that show the article; a withdrawal those it leaves", async ({ server, page }) => {
  const tag = Date.now().toString(36);
  const section = `قسم تجريبي ج ${tag}`;
  const other = `قسم تجريبي د ${tag}`;
  const made = [];
  for (let n = 0; n < 5; n++) {
    made.push(await server.publish({ title: `مقال تجريبي ${tag} رقم ${n}`, section, body: "نص تجريبي.", publishedAt: `2020-03-01T0${n}:00:00+03:00` }));
  }
  const elsewhere = [];
  for (let n = 0; n < 5; n++) {
    elsewhere.push(await server.publish({ title: `مقال تجريبي ${tag} آخر ${n}`, section: other, body: "نص تجريبي.", publishedAt: `2020-03-01T0${n}:00:00+03:00` }));
  }
  const [edited, peer] = [made[4]!, made[0]!];
  const unrelated = elsewhere[0]!;
  for (const url of [peer.url, unrelated.url]) {
    await renderCache(server.url + url);
    expect(await renderCache(server.url + url)).toBe("HIT");
  }

  await server.revise(edited.id, { title: `مقال تجريبي ${tag} معدّل`, section, body: "نص تجريبي.", publishedAt: "2020-03-01T04:00:00+03:00" });
  expect(await renderCache(server.url + unrelated.url)).toBe("HIT");
  expect(await renderCache(server.url + peer.url)).toBe("MISS");
  await page.goto(peer.url);
  await expect(page.locator('[aria-labelledby="related-heading"] h2 a').first()).toHaveText(`مقال تجريبي ${tag} معدّل`);

  await server.withdraw(made[3]!.id);
  expect(await renderCache(server.url + unrelated.url)).toBe("HIT");
  expect(await renderCache(server.url + peer.url)).toBe("MISS");
  await page.goto(peer.url);
  // Three of its section are left, so the fourth place goes to the newest of the rest.
  await expect(page.locator('[aria-labelledby="related-heading"] h2 a')).toHaveCount(4);
  await expect(page.locator('[aria-labelledby="related-heading"]')).not.toContainText(`مقال تجريبي ${tag} رقم 3`);
  await page.goto(unrelated.url);
  await expect(page.locator('[aria-labelledby="related-heading"] h2 a')).toHaveText([4, 3, 2, 1].map((n) => `مقال تجريبي ${tag} آخر ${n}`));
});

test("a publish in one section renders again home, that section's page and its author's, not another section's or author's", async ({ server, page }) => {
  // Sections and authors of this test alone, dated long ago, so nothing another test publishes sorts into their lists.
  const tag = Date.now().toString(36);
  const near = `قسم تجريبي هـ ${tag}`;
  const far = `قسم تجريبي و ${tag}`;
  const writer = `كاتب تجريبي ${tag}`;
  const other = `كاتبة تجريبية ${tag}`;
  const authorUrl = (name: string) => `/authors/${encodeURIComponent(name.replace(/ /g, "-"))}`;
  const sectionUrl = (name: string) => `/sections/${encodeURIComponent(name)}`;
  const titles = { near: [] as string[], far: [] as string[] };
  for (let n = 0; n < 2; n++) {
    titles.near.push(`مقال تجريبي ${tag} قريب ${n}`);
    titles.far.push(`مقال تجريبي ${tag} بعيد ${n}`);
    await server.publish({ title: titles.near[n], section: near, authors: [writer], body: "نص تجريبي.", publishedAt: `2020-04-01T0${n}:00:00+03:00` });
    await server.publish({ title: titles.far[n], section: far, authors: [other], body: "نص تجريبي.", publishedAt: `2020-04-01T0${n}:00:00+03:00` });
  }
  const lists = ["/", sectionUrl(near), sectionUrl(far), authorUrl(writer), authorUrl(other)];
  for (const url of lists) {
    await renderCache(server.url + url);
    expect(await renderCache(server.url + url), url).toBe("HIT");
    await (await fetch(server.url + url)).arrayBuffer();
  }

  const freshTitle = `مقال تجريبي ${tag} جديد`;
  const fresh = await server.publish({ title: freshTitle, section: near, authors: [writer], body: "نص تجريبي جديد." });

  expect(await renderCache(server.url + sectionUrl(far))).toBe("HIT");
  expect(await renderCache(server.url + authorUrl(other))).toBe("HIT");
  expect(await renderCache(server.url + sectionUrl(near))).toBe("MISS");
  expect(await renderCache(server.url + authorUrl(writer))).toBe("MISS");
  expect(await renderCache(server.url + "/")).toBe("MISS");

  // What readers get: the kept pages still read right, the others show the new article first.
  const headlines = page.locator("main li[data-article-id] h2 a");
  await page.goto(sectionUrl(far));
  await expect(headlines).toHaveText([...titles.far].reverse());
  await page.goto(authorUrl(other));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`مقالات ${other}`);
  await expect(headlines).toHaveText([...titles.far].reverse());
  await page.goto(sectionUrl(near));
  await expect(headlines).toHaveText([freshTitle, ...[...titles.near].reverse()]);
  await page.goto(authorUrl(writer));
  await expect(headlines).toHaveText([freshTitle, ...[...titles.near].reverse()]);
  await page.goto("/");
  await expect(page.locator(`li[data-article-id="${fresh.id}"]`)).toContainText(freshTitle);

  // Past the last page, and the routes' own addresses, are not pages.
  expect((await fetch(`${server.url}${sectionUrl(far)}?page=2`)).status).toBe(404);
  expect((await fetch(`${server.url}${sectionUrl(far)}/1`)).status).toBe(404);
  expect((await fetch(`${server.url}/archive/2`)).status).toBe(404);
});
