// Sitemaps against a real SQLite store: the split at 50,000 articles, and the
// Google News window, read back as XML.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { DATABASE_FILE, openSqliteStore } from "@/lib/store/sqlite-store";
import { ARTICLES_PER_SITEMAP, newsSitemapXml, sitemapEntries, sitemapIds, sitemapIndexXml } from "./sitemaps";

let store: ArticleStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
  vi.unstubAllEnvs();
});

const para = [{ type: "paragraph" as const, children: [{ type: "text" as const, value: "نص تجريبي." }] }];

describe("sitemaps", () => {
  it("split every live article into files of 50,000, oldest first, after a file of the site's pages", async () => {
    vi.stubEnv("SITE_URL", "https://akhbar.example");
    const dir = mkdtempSync(path.join(os.tmpdir(), "sitemaps-"));
    await openSqliteStore(dir).close();
    // Written straight into the file: 50,001 publishes through the store would take minutes.
    const db = new Database(path.join(dir, DATABASE_FILE));
    const insert = db.prepare(
      `INSERT INTO articles (id, slug, title, section, blocks, lede, published_at, updated_at, revision, seq)
       VALUES (?, ?, ?, ?, '[]', '', ?, ?, 1, ?)`,
    );
    const at = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
    db.transaction(() => {
      for (let i = 1; i <= ARTICLES_PER_SITEMAP + 1; i++) insert.run(`id-${i}`, `test-${i}`, `مقال تجريبي ${i}`, i % 2 ? "اقتصاد" : null, at(i), at(i), i);
    })();
    db.close();
    store = openSqliteStore(dir);

    expect(await sitemapIds(store)).toEqual([0, 1, 2]);
    const pages = await sitemapEntries(store, 0);
    expect(pages.map((e) => e.url)).toEqual(["https://akhbar.example/", "https://akhbar.example/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"]);
    const first = await sitemapEntries(store, 1);
    expect(first).toHaveLength(ARTICLES_PER_SITEMAP);
    expect(first[0]).toEqual({ url: "https://akhbar.example/articles/test-1", lastModified: at(1) });
    expect(first.at(-1)?.url).toBe(`https://akhbar.example/articles/test-${ARTICLES_PER_SITEMAP}`);
    expect(await sitemapEntries(store, 2)).toEqual([{ url: `https://akhbar.example/articles/test-${ARTICLES_PER_SITEMAP + 1}`, lastModified: at(ARTICLES_PER_SITEMAP + 1) }]);
    expect(await sitemapEntries(store, 3)).toEqual([]);

    const index = new XMLParser({ isArray: (name) => name === "sitemap" }).parse(sitemapIndexXml(await sitemapIds(store))) as {
      sitemapindex: { sitemap: { loc: string }[] };
    };
    expect(index.sitemapindex.sitemap.map((s) => s.loc)).toEqual([0, 1, 2].map((id) => `https://akhbar.example/sitemap/${id}.xml`));
  });

  it("list in the news sitemap only the last 48 hours' live articles, titles escaped and read back intact", async () => {
    vi.stubEnv("SITE_URL", "https://akhbar.example");
    store = openSqliteStore(mkdtempSync(path.join(os.tmpdir(), "sitemaps-")));
    const now = new Date("2026-11-30T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
    await store.create({ slug: "test-old", title: "مقال تجريبي قديم", blocks: para, publishedAt: hoursAgo(49) });
    await store.create({ slug: "test-edge", title: "مقال تجريبي على الحد", blocks: para, publishedAt: hoursAgo(48) });
    await store.create({ slug: "test-new", title: `مقال تجريبي & <جديد> "مقتبس"`, blocks: para, publishedAt: hoursAgo(1) });
    const gone = await store.create({ slug: "test-gone", title: "مقال تجريبي مسحوب", blocks: para, publishedAt: hoursAgo(2) });
    await store.withdraw(gone.id);

    const doc = new XMLParser({ isArray: (name) => name === "url" }).parse(await newsSitemapXml(store, now)) as {
      urlset: { url: { loc: string; "news:news": Record<string, unknown> }[] };
    };
    expect(doc.urlset.url.map((u) => u.loc)).toEqual(["https://akhbar.example/articles/test-new", "https://akhbar.example/articles/test-edge"]);
    expect(doc.urlset.url[0]!["news:news"]).toEqual({
      "news:publication": { "news:name": "الأخبار", "news:language": "ar" },
      "news:publication_date": hoursAgo(1),
      "news:title": `مقال تجريبي & <جديد> "مقتبس"`,
    });
  });
});
