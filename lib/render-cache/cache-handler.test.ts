import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase } from "@/test/support/postgres";
import { listDeclaration, type ListFilter } from "./list-declaration";

interface Handler {
  get(key: string, ctx?: { softTags?: string[] }): Promise<{ value: unknown } | null>;
  set(key: string, data: unknown, ctx?: { tags?: string[]; cacheControl?: { revalidate?: number } }): Promise<void>;
}

let handler: Handler;
beforeAll(() => {
  // No store in this DATA_DIR: every entry carries the same "no store" mark, so only eviction removes one.
  vi.stubEnv("DATA_DIR", mkdtempSync(path.join(os.tmpdir(), "cache-handler-test-")));
  const Handler = createRequire(import.meta.url)("./cache-handler.cjs") as new () => Handler;
  handler = new Handler();
});
afterAll(() => vi.unstubAllEnvs());

const page = (status: number | undefined, html: string) => ({ kind: "APP_PAGE", html, rscData: undefined, headers: {}, status });

describe("the rendered-page cache", () => {
  it("keeps rendered pages and serves them back", async () => {
    await handler.set("/articles/kept", page(200, "<p>kept</p>"));
    await handler.set("/", page(undefined, "<p>home</p>"));
    expect((await handler.get("/articles/kept"))?.value).toMatchObject({ html: "<p>kept</p>" });
    expect((await handler.get("/"))?.value).toMatchObject({ html: "<p>home</p>" });
  });

  it("never keeps a 404, so unknown slugs neither grow it nor push real pages out", async () => {
    await handler.set("/articles/real", page(200, "<p>real</p>"));
    for (let n = 0; n < 2500; n++) await handler.set(`/articles/unknown-${n}`, page(404, "<p>not found</p>"));
    expect(await handler.get("/articles/unknown-0")).toBeNull();
    expect(await handler.get("/articles/unknown-2499")).toBeNull();
    expect((await handler.get("/articles/real"))?.value).toMatchObject({ html: "<p>real</p>" });
  });

  it("keeps a page with the urgent banner only until the banner's time, in HTML or RSC payload alike", async () => {
    const soon = new Date(Date.now() + 400).toISOString();
    const later = new Date(Date.now() + 3600_000).toISOString();
    await handler.set("/urgent", page(200, `<aside data-urgent-banner data-urgent-until="${soon}">عاجل</aside>`));
    await handler.set("/urgent-later", page(200, `<aside data-urgent-until="${later}">عاجل</aside>`));
    await handler.set("/urgent-rsc", { kind: "APP_PAGE", html: undefined, rscData: Buffer.from(`data-urgent-until="${soon}"`), status: 200 });
    // Written by an author, the attribute arrives escaped and sets no time.
    await handler.set("/forged", page(200, `<p>data-urgent-until=&quot;${soon}&quot;</p>`));
    expect(await handler.get("/urgent")).not.toBeNull();
    vi.useFakeTimers({ now: Date.parse(soon), toFake: ["Date"] });
    try {
      expect(await handler.get("/urgent")).toBeNull();
      expect(await handler.get("/urgent-rsc")).toBeNull();
      expect(await handler.get("/urgent-later")).not.toBeNull();
      expect(await handler.get("/forged")).not.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops what it held when the same key renders as an error", async () => {
    await handler.set("/articles/later-gone", page(200, "<p>here</p>"));
    await handler.set("/articles/later-gone", page(404, "<p>not found</p>"));
    expect(await handler.get("/articles/later-gone")).toBeNull();
  });
});

const para = (text: string) => [{ type: "paragraph" as const, children: [{ type: "text" as const, value: text }] }];
const draft = (slug: string) => ({ slug, title: "مقال تجريبي", blocks: para("نص تجريبي"), publishedAt: "2025-01-01T10:00:00+03:00" });

describe.each([
  {
    name: "SQLite in DATA_DIR",
    open: async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "cache-handler-store-"));
      vi.stubEnv("DATA_DIR", dir);
      vi.stubEnv("DATABASE_URL", "");
      return { store: openSqliteStore(dir), drop: async () => {} };
    },
  },
  {
    name: "PostgreSQL at DATABASE_URL",
    open: async () => {
      const db = await createTestDatabase("cache");
      vi.stubEnv("DATABASE_URL", db.url);
      return { store: await openPgStore(db.url, { maxConnections: 2 }), drop: () => db.drop() };
    },
  },
])("the rendered-page cache on $name", ({ name, open }) => {
  let store: ArticleStore;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ store, drop } = await open());
  });
  afterEach(async () => {
    await store.close();
    await drop();
    vi.unstubAllEnvs();
  });

  it("serves a page until the store's sequence moves, whoever moved it", async () => {
    await store.create(draft("first"));
    expect(await handler.get("/")).toBeNull();
    await handler.set("/", page(200, "<p>one article</p>"));
    expect((await handler.get("/"))?.value).toMatchObject({ html: "<p>one article</p>" });
    await store.create(draft("second"));
    expect(await handler.get("/")).toBeNull();
    await handler.set("/", page(200, "<p>two articles</p>"));
    expect((await handler.get("/"))?.value).toMatchObject({ html: "<p>two articles</p>" });
  });

  it("does not keep, as new, a page whose render a publish overtook", async () => {
    await store.create(draft("first"));
    // The miss starts a render; the publish lands while it runs; the render finishes with the old list.
    expect(await handler.get("/archive")).toBeNull();
    await store.create(draft("during-render"));
    await handler.set("/archive", page(200, "<p>without the new article</p>"));
    expect(await handler.get("/archive")).toBeNull();
    await handler.set("/archive", page(200, "<p>with it</p>"));
    expect((await handler.get("/archive"))?.value).toMatchObject({ html: "<p>with it</p>" });
  });
  const inSection = (slug: string, section: string, hour: number) => ({ ...draft(slug), section, publishedAt: `2025-01-01T${String(hour).padStart(2, "0")}:00:00+03:00` });
  const articlePage = (id: string, related: string[]) =>
    page(200, `<article class="pbs-6" data-article-id="${id}" data-related-ids="${related.join(" ")}" data-related-limit="2"><p>${id}</p></article>`);
  /** Renders (sets) a page the way Next does: after a miss. */
  const render = async (key: string, data: ReturnType<typeof page>) => {
    expect(await handler.get(key)).toBeNull();
    await handler.set(key, data);
    expect((await handler.get(key))?.value).toMatchObject({ html: data.html });
  };

  it("keeps an article page no change can reach, and drops those a change reaches", async () => {
    const a = await store.create(inSection("a", "سياسة", 9));
    const b = await store.create(inSection("b", "سياسة", 8));
    const c = await store.create(inSection("c", "سياسة", 7));
    const d = await store.create(inSection("d", "اقتصاد", 9));
    const e = await store.create(inSection("e", "اقتصاد", 8));
    const f = await store.create(inSection("f", "اقتصاد", 7));
    await render("/articles/a", articlePage(a.id, [b.id, c.id]));
    await render("/articles/d", articlePage(d.id, [e.id, f.id]));
    await render("/", page(200, "<p>home</p>"));

    // A new politics article joins a's related list; d's list is full from its own section.
    await store.create(inSection("g", "سياسة", 10));
    expect(await handler.get("/articles/a")).toBeNull();
    expect(await handler.get("/")).toBeNull();
    expect((await handler.get("/articles/d"))?.value).toMatchObject({ html: expect.stringContaining(d.id) });

    // Withdrawing an article d does not show leaves it; editing one it shows does not.
    await store.withdraw(c.id);
    expect((await handler.get("/articles/d"))?.value).toMatchObject({ html: expect.stringContaining(d.id) });
    await store.revise(e.id, { ...inSection("e", "اقتصاد", 8), title: "مقال تجريبي معدّل" });
    expect(await handler.get("/articles/d")).toBeNull();
  });

  it("drops every article page when the header's sections change", async () => {
    const d = await store.create(inSection("d", "اقتصاد", 9));
    const e = await store.create(inSection("e", "اقتصاد", 8));
    const f = await store.create(inSection("f", "اقتصاد", 7));
    await render("/articles/d", articlePage(d.id, [e.id, f.id]));
    // Older than everything d shows and in another section, yet the header now names «رياضة».
    await store.create(inSection("old", "رياضة", 1));
    expect(await handler.get("/articles/d")).toBeNull();
  });

  it("drops every article page when the urgent articles the banner may show change", async () => {
    const d = await store.create(inSection("d", "اقتصاد", 9));
    const e = await store.create(inSection("e", "اقتصاد", 8));
    const f = await store.create(inSection("f", "اقتصاد", 7));
    await store.create(inSection("sport", "رياضة", 1));
    await render("/articles/d", articlePage(d.id, [e.id, f.id]));
    // In a section the header names already, and after all d shows (its list is full from its own section):
    // only the banner can change.
    const recent = (slug: string) => ({ ...inSection(slug, "رياضة", 1), publishedAt: new Date(Date.now() - 60_000).toISOString() });
    await store.create(recent("plain"));
    expect(await handler.get("/articles/d")).not.toBeNull();
    const urgent = await store.create({ ...recent("urgent"), urgent: true });
    expect(await handler.get("/articles/d")).toBeNull();
    await render("/articles/d", articlePage(d.id, [e.id, f.id]));
    // An edit of the urgent article (its headline is in the banner), and one dropping its mark, reach every page too.
    await store.revise(urgent.id, { ...recent("urgent"), title: "مقال تجريبي عاجل معدّل", urgent: true });
    expect(await handler.get("/articles/d")).toBeNull();
    await render("/articles/d", articlePage(d.id, [e.id, f.id]));
    await store.revise(urgent.id, recent("urgent"));
    expect(await handler.get("/articles/d")).toBeNull();
  });

  it("does not trust what a page declares when a change landed during its render", async () => {
    const d = await store.create(inSection("d", "اقتصاد", 9));
    const e = await store.create(inSection("e", "اقتصاد", 8));
    const f = await store.create(inSection("f", "اقتصاد", 7));
    expect(await handler.get("/articles/d")).toBeNull();
    await store.create(inSection("during", "اقتصاد", 1));
    await handler.set("/articles/d", articlePage(d.id, [e.id, f.id]));
    expect(await handler.get("/articles/d")).toBeNull();
  });
  it("keeps what a page declares through Next's background render past its revalidate time, unless a change landed during it", async () => {
    const d = await store.create(inSection("d", "اقتصاد", 9));
    const e = await store.create(inSection("e", "اقتصاد", 8));
    const f = await store.create(inSection("f", "اقتصاد", 7));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const html = articlePage(d.id, [e.id, f.id]);
      expect(await handler.get("/articles/d")).toBeNull();
      await handler.set("/articles/d", html, { cacheControl: { revalidate: 60 } });
      vi.setSystemTime(Date.now() + 61_000);
      // Served stale while Next renders again in the background; nothing changes meanwhile.
      expect(await handler.get("/articles/d")).not.toBeNull();
      await handler.set("/articles/d", html, { cacheControl: { revalidate: 60 } });
      await store.create(inSection("older", "اقتصاد", 1));
      expect((await handler.get("/articles/d"))?.value).toMatchObject({ html: html.html });

      vi.setSystemTime(Date.now() + 61_000);
      expect(await handler.get("/articles/d")).not.toBeNull();
      // A change lands during that background render: the page it stores may show either side of it.
      await store.create(inSection("during", "اقتصاد", 2));
      await handler.set("/articles/d", html, { cacheControl: { revalidate: 60 } });
      await store.create(inSection("later", "اقتصاد", 3));
      expect(await handler.get("/articles/d")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  // Entries outlive a test and a new store's sequences repeat the last one's: keys of their own per store.
  const k = (path: string) => `${path}#${name}`;
  /** A list page as the list routes render it: `read` is its window and the one after, in a page of `size`. */
  const listPage = (filter: ListFilter, offset: number, read: { id: string }[], size = 2) => {
    const attributes = Object.entries(listDeclaration(filter, offset, read, size + 1))
      .map(([name, value]) => `${name}="${value}"`)
      .join(" ");
    return page(200, `<div ${attributes}><ul>${read.slice(0, size).map((a) => `<li data-article-id="${a.id}"></li>`).join("")}</ul></div>`);
  };
  const byline = (slug: string, section: string, hour: number, authors: string[]) => ({ ...inSection(slug, section, hour), authors });

  it("keeps the lists a publish cannot reach: another section's page, another author's; drops home, its section's and its author's", async () => {
    const a1 = await store.create(byline("a1", "سياسة", 9, ["سعاد"]));
    const a2 = await store.create(byline("a2", "سياسة", 8, ["سعاد"]));
    const b1 = await store.create(byline("b1", "اقتصاد", 9, ["رامي"]));
    const b2 = await store.create(byline("b2", "اقتصاد", 8, ["رامي"]));
    const b3 = await store.create(byline("b3", "اقتصاد", 7, ["رامي"]));
    await render(k("/"), listPage({ kind: "all" }, 0, [a1, b1, a2]));
    await render(k("/sections/politics"), listPage({ kind: "section", section: "سياسة" }, 0, [a1, a2]));
    await render(k("/sections/economy"), listPage({ kind: "section", section: "اقتصاد" }, 0, [b1, b2, b3]));
    await render(k("/authors/suad"), listPage({ kind: "author", author: "سعاد" }, 0, [a1, a2]));
    await render(k("/authors/rami"), listPage({ kind: "author", author: "رامي" }, 0, [b1, b2, b3]));

    // Older than everything, in politics, by سعاد: politics' list and hers were short, so it joins them.
    await store.create(byline("a3", "سياسة", 1, ["سعاد"]));
    expect(await handler.get(k("/sections/politics"))).toBeNull();
    expect(await handler.get(k("/authors/suad"))).toBeNull();
    expect((await handler.get(k("/sections/economy")))?.value).toMatchObject({ html: expect.stringContaining(b3.id) });
    expect((await handler.get(k("/authors/rami")))?.value).toMatchObject({ html: expect.stringContaining(b3.id) });
    // Home read three of five: the new one sorts after its third, so home stays too.
    expect(await handler.get(k("/"))).not.toBeNull();
    await store.create(byline("a4", "سياسة", 10, ["سعاد"]));
    expect(await handler.get(k("/"))).toBeNull();
    expect(await handler.get(k("/authors/rami"))).not.toBeNull();
    // An edit giving رامي a byline on a politics article reaches his page.
    await store.revise(a1.id, byline("a1", "سياسة", 9, ["سعاد", "رامي"]));
    expect(await handler.get(k("/authors/rami"))).toBeNull();
    expect(await handler.get(k("/sections/economy"))).not.toBeNull();
  });

  it("drops a section's second page when an edit moves an article before it to another section, or to a date after it", async () => {
    const x: Awaited<ReturnType<ArticleStore["create"]>>[] = [];
    for (let h = 9; h >= 4; h--) x.push(await store.create(byline(`x${h}`, "سياسة", h, ["سعاد"])));
    const y = await store.create(byline("y", "اقتصاد", 9, ["رامي"]));
    // Page 2 of size 2: the third to fifth newest of politics (and the one after).
    const second = () => listPage({ kind: "section", section: "سياسة" }, 2, x.slice(2, 5));
    const authorSecond = () => listPage({ kind: "author", author: "سعاد" }, 2, x.slice(2, 5));
    await render(k("/sections/politics?page=2"), second());
    await render(k("/authors/suad?page=2"), authorSecond());

    // A change elsewhere, and one in politics after the window: kept.
    await store.revise(y.id, { ...byline("y", "اقتصاد", 9, ["رامي"]), title: "مقال تجريبي معدّل" });
    await store.create(byline("old", "سياسة", 1, ["سعاد"]));
    expect(await handler.get(k("/sections/politics?page=2"))).not.toBeNull();
    expect(await handler.get(k("/authors/suad?page=2"))).not.toBeNull();

    // The newest politics article goes to economy: the change row says economy, and page 2 now starts one later.
    await store.revise(x[0]!.id, byline("x9", "اقتصاد", 9, ["سعاد"]));
    expect(await handler.get(k("/sections/politics?page=2"))).toBeNull();
    // The same edit leaves سعاد's page 2 as it was.
    expect(await handler.get(k("/authors/suad?page=2"))).not.toBeNull();

    await render(k("/sections/politics?page=2"), listPage({ kind: "section", section: "سياسة" }, 2, x.slice(3, 6)));
    // The second newest stays in politics but moves to a day before everything: its row sorts after the window.
    await store.revise(x[1]!.id, { ...byline("x8", "سياسة", 8, ["سعاد"]), publishedAt: "2024-01-01T10:00:00+03:00" });
    expect(await handler.get(k("/sections/politics?page=2"))).toBeNull();
    expect(await handler.get(k("/authors/suad?page=2"))).toBeNull();
  });

  it("does not trust what a list declares when a change landed during its render", async () => {
    const b: Awaited<ReturnType<ArticleStore["create"]>>[] = [];
    for (const h of [9, 8, 7]) b.push(await store.create(byline(`b${h}`, "اقتصاد", h, ["رامي"])));
    expect(await handler.get(k("/sections/economy"))).toBeNull();
    // After the window, so the rule alone would keep the page: only the render's own mark drops it.
    await store.create(byline("during", "اقتصاد", 1, ["رامي"]));
    await handler.set(k("/sections/economy"), listPage({ kind: "section", section: "اقتصاد" }, 0, b));
    expect(await handler.get(k("/sections/economy"))).toBeNull();
    // Rendered again with nothing landing meanwhile, the same change no longer reaches it.
    await handler.set(k("/sections/economy"), listPage({ kind: "section", section: "اقتصاد" }, 0, b));
    await store.create(byline("later", "اقتصاد", 2, ["رامي"]));
    expect(await handler.get(k("/sections/economy"))).not.toBeNull();
  });
});
