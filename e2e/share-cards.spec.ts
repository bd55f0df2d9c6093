import sharp from "sharp";
import { syntheticPhoto } from "../test/support/synthetic-photo.mjs";
import { expect, test } from "./support/fixtures";
import { PUBLISH_TOKEN, type AppServer } from "./support/server";

/** The page's Open Graph and Twitter tags as a crawler reads them: from the server's HTML, no script run. */
async function shareTags(server: AppServer, path: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  const head = (await res.text()).split("</head>")[0]!;
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const tags: Record<string, string> = {};
  for (const [, key, content] of head.matchAll(/<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"/g)) {
    // The first of a repeated tag (og:image:width…) belongs to the first image, the one platforms take.
    tags[key!] ??= decode(content!);
  }
  return tags;
}

async function fetchCard(url: string) {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, meta: res.ok ? await sharp(bytes).metadata() : undefined };
}

test("an article without a photo links a 1200×630 card of its headline, cached for a year, gone when withdrawn", async ({ server }, testInfo) => {
  const title = "مقال تجريبي: بطاقة مشاركة لمقال بلا صورة";
  const article = await server.publish({ title, body: "فقرة تجريبية لا صورة فيها." });
  const tags = await shareTags(server, article.url);
  expect(tags["og:url"]).toBe(`${server.url}${article.url}`);
  expect(tags["og:image"]).toMatch(new RegExp(`^${server.url}/cards/${article.id}-1-[0-9a-f]{12}\\.png$`));
  expect([tags["og:image:width"], tags["og:image:height"], tags["og:image:type"], tags["og:image:alt"]]).toEqual(["1200", "630", "image/png", title]);
  expect(tags["twitter:card"]).toBe("summary_large_image");
  expect(tags["twitter:image"]).toBe(tags["og:image"]);
  expect(tags["twitter:image:alt"]).toBe(title);

  const { res, bytes, meta } = await fetchCard(tags["og:image"]!);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/png");
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect([meta?.format, meta?.width, meta?.height]).toEqual(["png", 1200, 630]);
  await testInfo.attach("card.png", { body: bytes, contentType: "image/png" });
  // Drawn once: the second answer is the same bytes, from DATA_DIR/cards.
  expect((await fetchCard(tags["og:image"]!)).bytes.equals(bytes)).toBe(true);

  // An edit gives a new card URL; the old one leads to it.
  const revision = await server.revise(article.id, { title: "مقال تجريبي: عنوان بعد التعديل", body: "فقرة تجريبية." });
  const edited = await shareTags(server, article.url);
  expect(edited["og:image"]).toMatch(new RegExp(`/cards/${article.id}-${revision}-[0-9a-f]{12}\\.png$`));
  const old = await fetch(tags["og:image"]!, { redirect: "manual" });
  expect(old.status).toBe(307);
  expect(new URL(old.headers.get("location")!, server.url).href).toBe(edited["og:image"]);

  await server.withdraw(article.id);
  const gone = await fetchCard(edited["og:image"]!);
  expect(gone.res.status).toBe(404);
  expect(gone.res.headers.get("cache-control")).toBe("no-store");
  // Names that are no card: 404, never a server error.
  for (const bad of ["x.png", "..%2Farticles.sqlite", `${article.id}-1.png`, "site-zz.png"]) {
    expect((await fetch(`${server.url}/cards/${bad}`)).status, bad).toBe(404);
  }
});

test("an article with a photo links its photo, and the home page its own card", async ({ server }) => {
  const upload = await fetch(`${server.url}/api/media`, {
    method: "POST",
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: new Blob([new Uint8Array(await syntheticPhoto({ width: 1600, height: 900, seed: 57 }))]),
  });
  expect(upload.status).toBe(201);
  const photo = (await upload.json()) as { url: string };
  const article = await server.publish({ title: "مقال تجريبي بصورة اصطناعية للمشاركة", body: `![صورة اصطناعية للاختبار](${photo.url})\n\nفقرة تجريبية.` });
  const tags = await shareTags(server, article.url);
  expect(tags["og:url"]).toBe(`${server.url}${article.url}`);
  expect(tags["og:image"]).toBe(`${server.url}${photo.url}/1600.jpg`);
  expect([tags["og:image:width"], tags["og:image:height"], tags["og:image:type"], tags["og:image:alt"]]).toEqual(["1600", "900", "image/jpeg", "صورة اصطناعية للاختبار"]);
  expect([tags["twitter:card"], tags["twitter:image"]]).toEqual(["summary_large_image", tags["og:image"]]);

  const home = await shareTags(server, "/");
  // Next writes the root without its slash.
  expect(new URL(home["og:url"]!).href).toBe(`${server.url}/`);
  expect(home["og:type"]).toBe("website");
  expect(home["og:image"]).toMatch(new RegExp(`^${server.url}/cards/site-[0-9a-f]{12}\\.png$`));
  expect([home["og:image:width"], home["og:image:height"], home["og:image:type"]]).toEqual(["1200", "630", "image/png"]);
  expect(home["og:image:alt"]).toMatch(/^الأخبار: /);
  expect([home["twitter:card"], home["twitter:image"]]).toEqual(["summary_large_image", home["og:image"]]);
  const card = await fetchCard(home["og:image"]!);
  expect(card.res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect([card.meta?.format, card.meta?.width, card.meta?.height]).toEqual(["png", 1200, 630]);
});
