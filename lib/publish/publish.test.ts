import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MediaInfo, MediaStore } from "@/lib/media/media-store";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { PublishError } from "./errors";
import { publishArticle, publishMarkdownDocument, publishRequest, publishSeedText, reviseArticle, withdrawArticle } from "./publish";
import { MAX_AUTHOR_CHARS, MAX_AUTHORS, MAX_CORRECTION_CHARS } from "./request";
import { authorKey, authorPath } from "@/lib/article/model";
import { readAuthorSegment } from "@/lib/authors";
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

  const year = new Date().getUTCFullYear();
  it.each([
    ["0000-01-01T00:00:00+03:00"],
    ["9999-12-31T23:59:59-12:00"],
    ["1899-12-31T23:59:59Z"],
    // 1900 on the wall clock, 1899 in UTC.
    ["1900-01-01T00:30:00+01:00"],
    [`${year + 101}-01-01T00:00:00Z`],
  ])("refuses publishedAt %s, whose UTC year is outside 1900..now+100, naming the field", async (publishedAt) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, { title: "مقال تجريبي", body: "نص", publishedAt }));
    expect(error.status).toBe(400);
    expect(error.field).toBe("publishedAt");
    expect(error.message).toBe(`publishedAt: سنة تاريخ النشر (بتوقيت غرينتش) بين 1900 و${year + 100}`);
    expect(await s.currentSeq()).toBe(0);
  });

  it("accepts publishedAt at both ends of the range", async () => {
    const s = fresh();
    const first = await publishArticle(s, { title: "مقال قديم", body: "نص", publishedAt: "1900-01-01T00:00:00Z" });
    const last = await publishArticle(s, { title: "مقال آت", body: "نص", publishedAt: `${year + 100}-12-31T23:59:59+00:00` });
    expect(first.publishedAt).toBe("1900-01-01T00:00:00.000Z");
    expect(last.publishedAt).toBe(`${year + 100}-12-31T23:59:59.000Z`);
  });

  it.each([
    // YAML's own timestamp type would read the year 0000 as 1900; the text as written is what is judged.
    ["publishedAt: !!timestamp 0000-01-01", "publishedAt"],
    ["publishedAt: !!timestamp 9999-12-31T23:59:59-12:00", "publishedAt"],
    ["publishedAt: 0000-01-01T00:00:00+03:00", "publishedAt"],
    ["publishedAt: 2024-12-08", "publishedAt"],
    ["body: نص آخر", "body"],
  ])("refuses front matter `%s` naming %s", async (line, field) => {
    const s = fresh();
    const error = await rejection(publishMarkdownDocument(s, `---\ntitle: مقال تجريبي\n${line}\n---\n\nنص.\n`));
    expect(error.status).toBe(400);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field}: \\p{Script=Arabic}`, "u"));
    expect(await s.currentSeq()).toBe(0);
  });

  it("reads a YAML date in range as the publication instant", async () => {
    const s = fresh();
    const a = await publishMarkdownDocument(s, "---\ntitle: مقال تجريبي\npublishedAt: !!timestamp 2024-12-08T09:00:00+03:00\n---\n\nنص.\n");
    expect(a.publishedAt).toBe("2024-12-08T06:00:00.000Z");
  });

  const ok = { title: "مقال تجريبي", body: "نص" };
  it.each([
    ["a 100,000-character title", { ...ok, title: "ع".repeat(100_000) }, "title", "title: العنوان أطول من 300 حرف"],
    ["a 301-character title", { ...ok, title: "ع".repeat(301) }, "title", "title: العنوان أطول من 300 حرف"],
    ["a title of invisible characters", { ...ok, title: "\u200B\u202E\u2060\uFEFF\u00AD \t" }, "title", "title: العنوان مطلوب ولا يكون فارغًا"],
    ["a title with a line break inside", { ...ok, title: "سطر\nآخر" }, "title", "title: لا يحتوي محارف تحكّم (مثل سطر جديد أو جدولة)"],
    ["a title with a NUL", { ...ok, title: "عنوان\u0000" }, "title", "title: لا يحتوي محارف تحكّم (مثل سطر جديد أو جدولة)"],
    ["a title with a lone surrogate", { ...ok, title: "عنوان \uD800" }, "title", "title: فيه محرف غير صالح في ترميز يونيكود (نصف زوج بديل منفرد)"],
    ["a title that is not text", { ...ok, title: 42 }, "title", "title: العنوان نص"],
    ["a 1,001-character summary", { ...ok, summary: "ع".repeat(1001) }, "summary", "summary: الملخص أطول من 1000 حرف"],
    ["a summary with a bell", { ...ok, summary: "ملخص\u0007" }, "summary", "summary: لا يحتوي محارف تحكّم (مثل سطر جديد أو جدولة)"],
    ["a summary with a lone surrogate", { ...ok, summary: "\uDC00ملخص" }, "summary", "summary: فيه محرف غير صالح في ترميز يونيكود (نصف زوج بديل منفرد)"],
    ["a 61-character section", { ...ok, section: "ق".repeat(61) }, "section", "section: اسم القسم أطول من 60 حرفًا"],
    ["a section with a C1 control", { ...ok, section: "سياسة\u0085" }, "section", "section: لا يحتوي محارف تحكّم (مثل سطر جديد أو جدولة)"],
    ["a body with a NUL", { ...ok, body: "نص\u0000نص" }, "body", "body: نص المقال لا يحتوي محارف تحكّم غير الجدولة ونهاية السطر"],
    ["a body with a form feed", { ...ok, body: "نص\fنص" }, "body", "body: نص المقال لا يحتوي محارف تحكّم غير الجدولة ونهاية السطر"],
    ["a body with a lone surrogate", { ...ok, body: "نص \uD83D" }, "body", "body: فيه محرف غير صالح في ترميز يونيكود (نصف زوج بديل منفرد)"],
    ["a body nested too deep", { ...ok, body: `${"*".repeat(3000)}كلمة${"*".repeat(3000)}` }, "body", "body: التنسيق متداخل أعمق من 16 مستوًى (غامق أو مائل أو رابط أو أقواس [ ] داخل بعضها)"],
    ["quotes nested too deep", { ...ok, body: `${"> ".repeat(9)}نص` }, "body", "body: الاقتباسات والقوائم متداخلة أعمق من 8 مستويات"],
    ["a request that is not an object", "نص", undefined, "الطلب كائن JSON فيه title وbody على الأقل"],
  ])("refuses %s with 400 and a clear Arabic message, writing nothing", async (_name, input, field, message) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, input));
    expect([error.status, error.field, error.message]).toEqual([400, field, message]);
    expect(await s.currentSeq()).toBe(0);
  });

  it("accepts tabs and line breaks in the body, and treats an invisible summary or section as none", async () => {
    const s = fresh();
    const a = await publishArticle(s, { title: "\u200Bعنوان", body: "سطر\tأول\nسطر ثانٍ\r\n", summary: "\u200B ", section: "\u2060" });
    expect(a.title).toBe("\u200Bعنوان");
    expect(a.summary).toBeUndefined();
    expect(a.section).toBeUndefined();
    expect(a.blocks).toEqual([{ type: "paragraph", children: [{ type: "text", value: "سطر\tأول\nسطر ثانٍ" }] }]);
  });

  it("holds a text-layout page and its metadata to the same rules", async () => {
    const s = fresh();
    const page = "رئيس التحرير: اسم\n\nمقال تجريبي\n\nفقرة تجريبية.\n";
    const bad = [
      [{ slug: "Not A Slug" }, "slug"],
      [{ publishedAt: "not a date" }, "publishedAt"],
      [{ publishedAt: "0000-01-01T00:00:00Z" }, "publishedAt"],
    ] as const;
    for (const [meta, field] of bad) expect((await rejection(publishSeedText(s, page, meta))).field).toBe(field);
    expect((await rejection(publishSeedText(s, `عنوان${"ط".repeat(300)}\n\nفقرة.\n`))).message).toBe("title: العنوان أطول من 300 حرف");
    expect((await rejection(publishSeedText(s, "عنوان\n\nفقرة\u0000.\n"))).field).toBe("body");
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

  it("seeds once when two connections race to seed the same new store", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "publish-test-"));
    const first = openSqliteStore(dir);
    const second = openSqliteStore(dir);
    try {
      // Both see an empty store before either writes; the loser finds the seed's slug taken, which means seeded.
      await Promise.all([seedIfEmpty(first), seedIfEmpty(second)]);
      expect(await first.count()).toBe(1);
      expect((await second.getBySlug(SEED_META.slug))?.revision).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("bylines and corrections", () => {
  const media = { info: async () => undefined } as unknown as MediaStore;
  const base = { title: "مقال تجريبي", body: "نص تجريبي" };

  it("stores the byline in order, trimmed, runs of spaces as one", async () => {
    const s = fresh();
    const a = await publishArticle(s, { ...base, authors: [" سعاد   الأحمد ", "Jean-Pierre O'Neil", "م. كاتب تجريبي"] });
    expect(a.authors).toEqual(["سعاد الأحمد", "Jean-Pierre O'Neil", "م. كاتب تجريبي"]);
    // Every name published has an author page its byline can link to.
    for (const name of a.authors ?? []) expect(readAuthorSegment(authorPath(name).slice("/authors/".length))).toEqual({ key: authorKey(name) });
    expect((await publishArticle(s, { ...base, authors: [] })).authors).toBeUndefined();
  });

  it.each([
    ["not a list", "سعاد الأحمد"],
    ["a name that is not text", [42]],
    ["too many names", Array.from({ length: MAX_AUTHORS + 1 }, (_, i) => `كاتب ${"أبتثجحخدذرزسشصضطظعغفقكلمنهوي"[i]}`)],
    ["a name too long", ["س".repeat(MAX_AUTHOR_CHARS + 1)]],
    ["an empty name", ["  "]],
    ["an invisible name", ["\u200f\u200b"]],
    ["a control character", ["سعاد\nالأحمد"]],
    ["a lone surrogate", ["سعاد \ud800"]],
    ["a slash", ["سعاد/الأحمد"]],
    ["markup", ["<b>سعاد</b>"]],
    ["a percent sign", ["سعاد%20"]],
    ["punctuation only", ["..."]],
    ["a hyphen standing alone", ["سعاد -"]],
    ["a hyphen to open it", ["-سعاد"]],
    ["the same author twice", ["سعاد الأحمد", "سعاد  الأحـمد"]],
  ])("refuses authors with %s, naming the field, writing nothing", async (_what, authors) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, { ...base, authors }));
    expect(error.status).toBe(400);
    expect(error.field).toBe("authors");
    expect(error.message).toMatch(/^authors: \p{Script=Arabic}/u);
    expect(await s.currentSeq()).toBe(0);
  });

  it("reads authors from front matter, a list or a single name, and the CLI's options through it", async () => {
    const s = fresh();
    const listed = await publishMarkdownDocument(s, "---\ntitle: مقال تجريبي\nauthors: [سعاد الأحمد, كاتب تجريبي]\n---\n\nنص تجريبي.\n");
    expect(listed.authors).toEqual(["سعاد الأحمد", "كاتب تجريبي"]);
    const single = await publishMarkdownDocument(s, "---\ntitle: مقال تجريبي\nauthors: سعاد الأحمد\n---\n\nنص تجريبي.\n");
    expect(single.authors).toEqual(["سعاد الأحمد"]);
    const seed = await publishSeedText(s, "مقال تجريبي\n\nشارك\n\nفقرة تجريبية.\n", { authors: ["كاتب تجريبي"] });
    expect(seed.authors).toEqual(["كاتب تجريبي"]);
  });

  it("refuses a correction on a first publish: there is nothing yet to correct", async () => {
    const s = fresh();
    const error = await rejection(publishArticle(s, { ...base, correction: "تصحيح تجريبي" }));
    expect(error).toMatchObject({ status: 400, field: "correction" });
    expect(error.message).toMatch(/^correction: /);
    expect(await s.currentSeq()).toBe(0);
  });

  it("adds a correction on an edit and keeps it through later edits, which may add more", async () => {
    const s = fresh();
    const a = await publishArticle(s, { ...base, authors: ["سعاد الأحمد"] });
    const { article: corrected } = await reviseArticle(s, a.id, { ...base, authors: ["سعاد الأحمد"], correction: " صُحّح اسم المدينة " }, media);
    expect(corrected.corrections).toEqual([{ note: "صُحّح اسم المدينة", at: corrected.updatedAt }]);
    // An edit without authors leaves no byline (the body replaces the fields); the correction stays.
    const { article: later } = await reviseArticle(s, a.id, { ...base, title: "مقال تجريبي معدّل" }, media);
    expect(later.authors).toBeUndefined();
    expect(later.corrections).toEqual(corrected.corrections);
    const { article: again } = await reviseArticle(s, a.id, { ...base, correction: "صُحّح التاريخ" }, media);
    expect(again.corrections?.map((c) => c.note)).toEqual(["صُحّح اسم المدينة", "صُحّح التاريخ"]);
  });

  it.each([
    ["empty", "   "],
    ["not text", 7],
    ["too long", "ت".repeat(MAX_CORRECTION_CHARS + 1)],
    ["a control character", "تصحيح\u0007"],
  ])("refuses a correction that is %s and leaves the article as it was", async (_what, correction) => {
    const s = fresh();
    const a = await publishArticle(s, base);
    const seq = await s.currentSeq();
    const error = await rejection(reviseArticle(s, a.id, { ...base, correction }, media));
    expect(error).toMatchObject({ status: 400, field: "correction" });
    expect(await s.currentSeq()).toBe(seq);
    expect((await s.getById(a.id))?.revision).toBe(1);
  });
});

describe("pictures at publish", () => {
  const ID = "0123456789abcdef0123456789abcdef";
  const info: MediaInfo = { id: ID, width: 1200, height: 800, placeholder: "data:image/webp;base64,AAAA", createdAt: "2025-01-01T00:00:00Z" };
  const media: MediaStore = {
    info: async (id) => (id === ID ? info : undefined),
    put: async () => undefined,
    open: async () => undefined,
    scratchDir: async () => os.tmpdir(),
    list: async () => [ID],
    claim: async (id) => (id === ID ? info : undefined),
    markUnused: async () => undefined,
    remove: async () => false,
  };

  it("stores the site's picture with its size and placeholder", async () => {
    const s = fresh();
    const a = await publishArticle(s, { title: "مقال مصوّر", body: `![صورة اصطناعية](/media/${ID} "تعليق")\n\nنص.` }, { media });
    expect(a.blocks[0]).toEqual({
      type: "image",
      src: `/media/${ID}`,
      alt: "صورة اصطناعية",
      caption: [{ type: "text", value: "تعليق" }],
      width: 1200,
      height: 800,
      placeholder: "data:image/webp;base64,AAAA",
    });
    const [summary] = await s.latest(1);
    expect(summary?.lead).toEqual({ src: `/media/${ID}`, alt: "صورة اصطناعية", width: 1200, height: 800, placeholder: info.placeholder });
  });

  it.each([
    ["another site's picture", "![x](https://cdn.example/a.jpg)", /ليست من صور الموقع.*ارفعها أولًا/],
    ["a path on the author's disk", "![x](photos/a.jpg)", /ليست من صور الموقع/],
    ["a script URL", "![x](javascript:alert(1))", /ليست من صور الموقع/],
    ["a data: URL", "![x](data:image/png;base64,AAAA)", /ليست من صور الموقع/],
    ["a picture inside a link", "[![x](https://cdn.example/a.jpg)](/home)", /ليست من صور الموقع/],
    ["a reference to another site", "![x][a]\n\n[a]: https://cdn.example/a.jpg", /ليست من صور الموقع/],
    ["a picture never uploaded", "![x](/media/ffffffffffffffffffffffffffffffff)", /غير مرفوعة إلى الموقع/],
  ])("refuses %s with 400, writing nothing", async (_name, body, message) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, { title: "مقال", body: `نص.\n\n${body}` }, { media }));
    expect([error.status, error.field]).toEqual([400, "body"]);
    expect(error.message).toMatch(message);
    expect(await s.currentSeq()).toBe(0);
  });
});

describe("scheduled and urgent", () => {
  const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

  it("schedules an article dated ahead: nothing published, its slug reserved, the time kept", async () => {
    const s = fresh();
    const at = ahead(3600_000);
    const { article, scheduled } = await publishRequest(s, { title: "مقال تجريبي مجدول", body: "نص تجريبي.", publishedAt: at, slug: "scheduled-one" });
    expect(scheduled).toBe(true);
    expect(article.publishedAt).toBe(at);
    expect(await s.currentSeq()).toBe(0);
    expect(await s.getBySlug("scheduled-one")).toBeUndefined();
    const taken = await rejection(publishArticle(s, { title: "مقال تجريبي", body: "نص", slug: "scheduled-one" }));
    expect(taken.status).toBe(409);
  });

  it("edits a scheduled article in place, publishes it at once when its time is moved to now, and cancels another", async () => {
    const s = fresh();
    const { article } = await publishRequest(s, { title: "مقال تجريبي مجدول", body: "نص.", publishedAt: ahead(3600_000) });
    const later = await reviseArticle(s, article.id, { title: "مقال تجريبي مجدول معدّل", body: "نص.", publishedAt: ahead(7200_000), urgent: true });
    expect(later).toMatchObject({ scheduled: true, article: { id: article.id, title: "مقال تجريبي مجدول معدّل", urgent: true } });
    expect(await s.currentSeq()).toBe(0);
    const now = await reviseArticle(s, article.id, { title: "مقال تجريبي مجدول معدّل", body: "نص.", publishedAt: new Date().toISOString() });
    expect(now.scheduled).toBe(false);
    expect((await s.getBySlug(article.slug))?.id).toBe(article.id);
    expect((await s.pendingAnnouncements(10)).map((a) => a.articleId)).toEqual([article.id]);

    const other = await publishArticle(s, { title: "مقال تجريبي آخر", body: "نص.", publishedAt: ahead(3600_000) });
    await withdrawArticle(s, other.id);
    expect(await s.getScheduled(other.id)).toBeUndefined();
    expect((await rejection(withdrawArticle(s, other.id))).status).toBe(404);
  });

  it("refuses to move a published article into the future", async () => {
    const s = fresh();
    const a = await publishArticle(s, { title: "مقال تجريبي", body: "نص." });
    const error = await rejection(reviseArticle(s, a.id, { title: "مقال تجريبي", body: "نص.", publishedAt: ahead(3600_000) }));
    expect(error.status).toBe(400);
    expect(error.field).toBe("publishedAt");
    expect((await s.getById(a.id))?.revision).toBe(1);
  });

  it.each([["true"], [1], ["نعم"], [null]])("takes urgent as a boolean only, refusing %j", async (urgent) => {
    const s = fresh();
    const error = await rejection(publishArticle(s, { title: "مقال تجريبي", body: "نص", urgent }));
    expect(error.status).toBe(400);
    expect(error.field).toBe("urgent");
    expect(error.message).toMatch(/^urgent: \p{Script=Arabic}/u);
  });

  it("marks urgent news from the API field and from front matter", async () => {
    const s = fresh();
    expect((await publishArticle(s, { title: "مقال تجريبي عاجل", body: "نص", urgent: true })).urgent).toBe(true);
    expect((await publishArticle(s, { title: "مقال تجريبي", body: "نص", urgent: false })).urgent).toBeUndefined();
    const doc = await publishMarkdownDocument(s, "---\ntitle: مقال تجريبي عاجل\nurgent: true\n---\n\nنص.\n");
    expect((await s.getById(doc.id))?.urgent).toBe(true);
    const quoted = await rejection(publishMarkdownDocument(s, '---\ntitle: مقال تجريبي\nurgent: "true"\n---\n\nنص.\n'));
    expect(quoted.field).toBe("urgent");
  });
});
