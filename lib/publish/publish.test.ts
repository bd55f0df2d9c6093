import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { PublishError } from "./errors";
import { publishArticle, publishMarkdownDocument, publishSeedText } from "./publish";
import { SEED_FILE, SEED_META, seedIfEmpty } from "./seed";

let store: ArticleStore;
afterEach(async () => store?.close());
function fresh(): ArticleStore {
  store = openSqliteStore(mkdtempSync(path.join(os.tmpdir(), "publish-test-")));
  return store;
}

async function rejection(p: Promise<unknown>): Promise<PublishError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

describe("publish", () => {
  it("publishes Markdown with a generated dated slug", async () => {
    const s = fresh();
    const a = await publishArticle(s, { title: " مقال تجريبي ", body: "نص **تجريبي**", publishedAt: "2025-03-01T23:30:00Z" });
    expect(a.title).toBe("مقال تجريبي");
    // 23:30 UTC is already 2 March in Damascus.
    expect(a.slug).toMatch(/^2025-03-02-[0-9a-f]{6}$/);
    expect(a.blocks).toEqual([
      { type: "paragraph", children: [{ type: "text", value: "نص " }, { type: "strong", children: [{ type: "text", value: "تجريبي" }] }] },
    ]);
  });

  it.each([
    [{ body: "نص" }, 400, "title"],
    [{ title: "", body: "نص" }, 400, "title"],
    [{ title: "مقال تجريبي" }, 400, "body"],
    [{ title: "مقال تجريبي", body: "  " }, 400, "body"],
    [{ title: "مقال تجريبي", body: "<div>html only</div>" }, 400, "body"],
    [{ title: "مقال تجريبي", body: "نص", slug: "Not A Slug" }, 400, "slug"],
    [{ title: "مقال تجريبي", body: "نص", publishedAt: "2025-13-01" }, 400, "publishedAt"],
    [{ title: "مقال تجريبي", body: "نص", extra: 1 }, 400, "extra"],
    [{ title: "مقال تجريبي", body: "ن".repeat(1024 * 1024) }, 413, "body"],
    ["not an object", 400, undefined],
  ])("refuses %j with %i naming %s, writing nothing", async (input, status, field) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, input));
    expect(error.status).toBe(status);
    expect(error.field).toBe(field);
    expect(await s.currentSeq()).toBe(0);
  });

  it("answers 409 for a slug in use", async () => {
    const s = fresh();
    await publishArticle(s, { title: "مقال تجريبي", body: "نص", slug: "taken" });
    const error = await rejection(publishArticle(s, { title: "مقال تجريبي آخر", body: "نص", slug: "taken" }));
    expect(error.status).toBe(409);
    expect(await s.count()).toBe(1);
  });

  it("reads title and metadata from a Markdown document's front matter", async () => {
    const s = fresh();
    const a = await publishMarkdownDocument(
      s,
      "---\ntitle: مقال تجريبي\nsummary: ملخص\nsection: رياضة\npublishedAt: 2025-02-01T08:00:00+03:00\nslug: md-doc\n---\n\nنص تجريبي.\n",
    );
    expect(a).toMatchObject({ title: "مقال تجريبي", summary: "ملخص", section: "رياضة", slug: "md-doc", publishedAt: "2025-02-01T05:00:00.000Z" });
    const bad = await rejection(publishMarkdownDocument(s, "---\ntitle: [unclosed\n---\n\nنص"));
    expect(bad.status).toBe(400);
  });

  it("publishes the newspaper's text layout", async () => {
    const s = fresh();
    const a = await publishSeedText(s, "رئيس التحرير: اسم\n\nمقال تجريبي\n\nشارك\n\nفقرة تجريبية.\n\nمقالات ذات صلة\n", { slug: "txt" });
    expect(a.title).toBe("مقال تجريبي");
    expect(a.blocks).toHaveLength(1);
  });

  it("seeds an empty store once, and never again after the seed is withdrawn", async () => {
    const s = fresh();
    await seedIfEmpty(s);
    await seedIfEmpty(s);
    const seed = await s.getBySlug(SEED_META.slug);
    expect(seed?.title).toBe("ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق");
    expect(seed?.publishedAt).toBe("2024-12-08T09:00:00.000Z");
    expect(await s.count()).toBe(1);
    await s.withdraw(seed!.id);
    await seedIfEmpty(s);
    expect(await s.count()).toBe(0);
    expect(SEED_FILE).toMatch(/content\/seed-article\.txt$/);
  });
});
