import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runTsx, type ChildResult } from "@/test/support/tsx-child";

const CLI = "scripts/publish.ts";
const year = new Date().getUTCFullYear();

/** A temporary folder every user may enter and write (the CLI may run as nobody). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "publish-cli-test-"));
  chmodSync(dir, 0o777);
  return dir;
}

function file(dir: string, name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

async function publish(args: string[], dataDir: string, asNobody = false): Promise<ChildResult> {
  return runTsx(CLI, args, { env: { DATA_DIR: dataDir, SITE_URL: "https://news.example" }, asNobody });
}

/** The titles in a store, or undefined when the command never created one. */
function storedTitles(dataDir: string): string[] | undefined {
  const db = path.join(dataDir, "articles.sqlite");
  if (!existsSync(db)) return undefined;
  const handle = new Database(db, { readonly: true });
  const titles = handle.prepare<[], { title: string }>("SELECT title FROM articles ORDER BY seq").all().map((r) => r.title);
  handle.close();
  return titles;
}

/** A failure is exit 1 (or `code`) with exactly `line` on stderr: one Arabic line, no stack trace. */
function expectRefusal(result: ChildResult, line: string, code = 1): void {
  expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({ code, stderr: `${line}\n`, stdout: "" });
}

const SEED = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";

describe("npm run publish", { timeout: 60_000 }, () => {
  it.concurrent("publishes a Markdown file and prints its URL", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "article.md", "---\ntitle: مقال من سطر الأوامر\nslug: cli-article\n---\n\nنص المقال.\n");
    const result = await publish([md], data);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("https://news.example/articles/cli-article\n");
    expect(storedTitles(data)).toEqual([SEED, "مقال من سطر الأوامر"]);
  });

  it.concurrent("refuses bad settings before touching the store, one line for each", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "article.md", "---\ntitle: مقال تجريبي\n---\n\nنص تجريبي.\n");
    const result = await runTsx(CLI, [md], { env: { DATA_DIR: data, SITE_URL: "news.example", PUSH_BATCHES: "0" } });
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
      code: 1,
      stderr: 'SITE_URL: عنوان http:// أو https:// للموقع (مثل https://akhbar.example)، لا "news.example"\nPUSH_BATCHES: عدد صحيح من 1 إلى 64، لا "0"\n',
      stdout: "",
    });
    expect(storedTitles(data)).toBeUndefined();
  });

  it.concurrent("signs an article with --author, once per name, in place of the file's own byline", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "signed.md", "---\ntitle: مقال تجريبي موقّع\nslug: cli-signed\nauthors: [كاتب من الملف]\n---\n\nنص المقال.\n");
    const result = await publish([md, "--author", "سعاد الأحمد", "--author", "كاتب تجريبي"], data);
    expect(result.code, result.stderr).toBe(0);
    const handle = new Database(path.join(data, "articles.sqlite"), { readonly: true });
    const row = handle.prepare<[], { authors: string }>("SELECT authors FROM articles WHERE slug = 'cli-signed'").get();
    handle.close();
    expect(JSON.parse(row!.authors)).toEqual(["سعاد الأحمد", "كاتب تجريبي"]);
    const bad = await publish([file(dir, "bad.md", "---\ntitle: مقال تجريبي\n---\n\nنص.\n"), "--author", "سعاد/الأحمد"], data);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^لم يُنشر المقال: authors: /);
  });

  it.concurrent("schedules a file dated ahead: the URL on stdout, the time in Arabic on stderr, nothing published yet", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "later.md", "---\ntitle: مقال تجريبي مجدول\nslug: cli-later\nurgent: true\n---\n\nنص المقال.\n");
    const result = await publish([md, "--published-at", `${year + 1}-03-01T09:30:00+02:00`], data);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("https://news.example/articles/cli-later\n");
    expect(result.stderr).toBe(
      `جُدول المقال للنشر في 1 آذار ${year + 1}، 10:30، ولا يظهر قبل ذلك (يلزم أن يعمل npm start أو npm run worker).\n`,
    );
    expect(storedTitles(data)).toEqual([SEED]);
  });

  it.concurrent("refuses a directory named like a Markdown file", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const folder = path.join(dir, "x.md");
    mkdirSync(folder);
    expectRefusal(await publish([folder], data), `ليس ملفًا بل مجلد: ${folder}`);
    expect(storedTitles(data)).toBeUndefined();
  });

  it.concurrent("refuses a missing file", async () => {
    const dir = tempDir();
    const missing = path.join(dir, "missing.md");
    expectRefusal(await publish([missing], path.join(dir, "data")), `الملف غير موجود: ${missing}`);
  });

  it.concurrent("refuses a file it may not read", async () => {
    const dir = tempDir();
    const secret = file(dir, "secret.md", "---\ntitle: سر\n---\n\nنص.\n");
    chmodSync(secret, 0o000);
    expectRefusal(await publish([secret], path.join(dir, "data"), true), `لا صلاحية لقراءة الملف: ${secret}`);
  });

  it.concurrent("refuses a file that is not UTF-8", async () => {
    const dir = tempDir();
    const latin1 = file(dir, "latin1.md", Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0xe8, 0x0a]));
    expectRefusal(await publish([latin1], path.join(dir, "data")), `الملف ليس نصًا بترميز UTF-8: ${latin1}`);
  });

  it.concurrent("refuses bad front matter, writing nothing", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "bad.md", "---\ntitle: [unclosed\n---\n\nنص.\n");
    expectRefusal(
      await publish([md], data),
      "لم يُنشر المقال: frontMatter: ترويسة المقال (front matter) ليست YAML صالحًا (السطر 1 من الترويسة)",
    );
    expect(storedTitles(data)).toEqual([SEED]);
  });

  it.concurrent.each([
    ["publishedAt: 0000-01-01T00:00:00+03:00"],
    ["publishedAt: !!timestamp 9999-12-31T23:59:59-12:00"],
  ])("refuses front matter `%s`", async (line) => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const md = file(dir, "date.md", `---\ntitle: مقال\n${line}\n---\n\nنص.\n`);
    expectRefusal(await publish([md], data), `لم يُنشر المقال: publishedAt: سنة تاريخ النشر (بتوقيت غرينتش) بين 1900 و${year + 100}`);
    expect(storedTitles(data)).toEqual([SEED]);
  });

  it.concurrent("refuses --published-at out of range for a text-layout page", async () => {
    const dir = tempDir();
    const txt = file(dir, "page.txt", "رئيس التحرير: اسم\n\nمقال تجريبي\n\nفقرة تجريبية.\n");
    expectRefusal(
      await publish([txt, "--published-at", "9999-12-31T23:59:59-12:00"], path.join(dir, "data")),
      `لم يُنشر المقال: publishedAt: سنة تاريخ النشر (بتوقيت غرينتش) بين 1900 و${year + 100}`,
    );
  });

  it.concurrent("refuses a body nested too deep", async () => {
    const dir = tempDir();
    const md = file(dir, "deep.md", `---\ntitle: مقال\n---\n\n${"*".repeat(3000)}كلمة${"*".repeat(3000)}\n`);
    expectRefusal(
      await publish([md], path.join(dir, "data")),
      "لم يُنشر المقال: body: التنسيق متداخل أعمق من 16 مستوًى (غامق أو مائل أو رابط أو أقواس [ ] داخل بعضها)",
    );
  });

  it.concurrent("refuses to use a corrupt store, naming it", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    mkdirSync(data);
    const db = file(data, "articles.sqlite", "not a database\n".repeat(200));
    const md = file(dir, "article.md", "---\ntitle: مقال\n---\n\nنص.\n");
    expectRefusal(
      await publish([md], data),
      `تعذّر فتح مخزن المقالات ${db}: الملف تالف أو ليس قاعدة بيانات SQLite (file is not a database)`,
    );
  });

  it.concurrent("answers an unknown option with the usage line and exit 2", async () => {
    const dir = tempDir();
    const result = await publish(["--nope", "x.md"], path.join(dir, "data"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^خيار غير معروف أو بلا قيمة\. الاستخدام: npm run publish -- .*\n$/);
  });
});

describe("npm run publish with pictures beside the article", { timeout: 120_000 }, () => {
  it.concurrent("uploads them through the media code and publishes the article with their /media/ URLs", async () => {
    const { syntheticPhoto } = await import("@/test/support/synthetic-photo.mjs");
    const dir = tempDir();
    const data = path.join(dir, "data");
    mkdirSync(path.join(dir, "صور"));
    file(dir, "صور/لقطة 1.jpg", await syntheticPhoto({ width: 900, height: 600, seed: 21, gps: true }));
    const md = file(
      dir,
      "article.md",
      "---\ntitle: مقال بصورة من سطر الأوامر\nslug: cli-photo\n---\n\n![لقطة اصطناعية](<صور/لقطة 1.jpg> \"تعليق الصورة\")\n\nنص المقال.\n",
    );
    const result = await publish([md], data);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("https://news.example/articles/cli-photo\n");
    const db = new Database(path.join(data, "articles.sqlite"), { readonly: true });
    const row = db.prepare<[], { blocks: string }>("SELECT blocks FROM articles WHERE slug = 'cli-photo'").get();
    db.close();
    const [image] = JSON.parse(row!.blocks) as { src: string; width: number; height: number }[];
    expect(image).toMatchObject({ type: "image", alt: "لقطة اصطناعية", width: 900, height: 600 });
    expect(image!.src).toMatch(/^\/media\/[0-9a-f]{32}$/);
    expect(existsSync(path.join(data, image!.src, "900.avif"))).toBe(true);
  });

  it.concurrent("refuses an article whose picture is missing or not an image, publishing nothing", async () => {
    const dir = tempDir();
    const data = path.join(dir, "data");
    const missing = file(dir, "missing.md", "---\ntitle: مقال\n---\n\n![x](absent.jpg)\n\nنص.\n");
    expectRefusal(await publish([missing], data), "لم يُنشر المقال: الصورة غير موجودة: absent.jpg (المسار نسبةً إلى مجلد المقال)");
    file(dir, "fake.jpg", "ليست صورة");
    const fake = file(dir, "fake.md", "---\ntitle: مقال\n---\n\n![x](fake.jpg)\n\nنص.\n");
    expectRefusal(await publish([fake], data), "لم يُنشر المقال: الصورة fake.jpg: الملف ليس صورة يمكن قراءتها (JPEG أو PNG أو WebP أو AVIF)");
    expect(storedTitles(data)).toEqual([SEED]);
  });
});
