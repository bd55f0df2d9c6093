/**
 * Starting the server: several at once on one new DATA_DIR, and refusing to
 * start on a store that cannot be opened. Real server processes; no browser.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { AppServer, PUBLISH_TOKEN } from "./support/server";

const SEED_SLUG = "khitam-ahd-al-nizam-al-bayed";
const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";
const NOBODY = 65534;

/** A temporary folder every user may enter (mkdtemp's own is private to its owner). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "startup-e2e-"));
  chmodSync(dir, 0o755);
  return dir;
}

function storedCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, "articles.sqlite"), { readonly: true });
  const { n } = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM articles").get()!;
  db.close();
  return n;
}

/** A refusal is a non-zero exit whose output holds `line` as a line of its own, and no stack trace. */
function expectRefusal(exit: { code: number | null; output: string }, line: string): void {
  expect(exit.code, exit.output).not.toBe(0);
  expect(exit.code, exit.output).not.toBeNull();
  expect(exit.output.split("\n")).toContain(line);
  expect(exit.output).not.toMatch(/^\s+at /m);
}

test.describe("starting the server", () => {
  test.describe.configure({ timeout: 180_000 });

  test("two servers started at once on one new DATA_DIR both serve the seed, stored once", async () => {
    const dataDir = path.join(tempDir(), "data");
    const servers = [new AppServer({ dataDir }), new AppServer({ dataDir, nextStart: true })];
    try {
      await Promise.all(servers.map((s) => s.start()));
      for (const server of servers) {
        const res = await fetch(`${server.url}/articles/${SEED_SLUG}`);
        expect(res.status, server.output()).toBe(200);
        expect(await res.text()).toContain(SEED_TITLE);
        const feed = (await (await fetch(`${server.url}/api/articles`)).json()) as { articles: { slug: string }[] };
        expect(feed.articles.map((a) => a.slug)).toEqual([SEED_SLUG]);
      }
      expect(storedCount(dataDir)).toBe(1);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  for (const nextStart of [false, true]) {
    const how = nextStart ? "next start" : "npm start";

    test(`${how} on a corrupt store exits non-zero with one line naming the file`, async () => {
      const dataDir = path.join(tempDir(), "data");
      mkdirSync(dataDir);
      const file = path.join(dataDir, "articles.sqlite");
      writeFileSync(file, "not a database, but a note someone saved here\n".repeat(200));
      const exit = await new AppServer({ dataDir, nextStart }).runUntilExit();
      expectRefusal(exit, `تعذّر فتح مخزن المقالات ${file}: الملف تالف أو ليس قاعدة بيانات SQLite (file is not a database)`);
    });

    test(`${how} with a PostgreSQL server that is not there exits non-zero with one line naming it, not its password`, async () => {
      const exit = await new AppServer({ nextStart, env: { DATABASE_URL: "postgres://newsroom:s3cret@127.0.0.1:1/news" } }).runUntilExit();
      expectRefusal(exit, "تعذّر فتح مخزن المقالات postgres://newsroom@127.0.0.1:1/news: خادم PostgreSQL لا يقبل الاتصال (ECONNREFUSED)");
      expect(exit.output).not.toContain("s3cret");
    });

    test(`${how} with bad settings exits non-zero before opening the store, one line for each bad variable`, async () => {
      const dataDir = path.join(tempDir(), "data");
      const env = { WORKER: "maybe", PUSH_CONCURRENCY: "2.5", SITE_TIME_ZONE: "Damascus" };
      const exit = await new AppServer({ dataDir, nextStart, env }).runUntilExit();
      expectRefusal(exit, 'WORKER: "on" أو "off" فقط، لا "maybe"');
      expectRefusal(exit, 'PUSH_CONCURRENCY: عدد صحيح من 1 إلى 1000، لا "2.5"');
      expectRefusal(exit, 'SITE_TIME_ZONE: اسم منطقة زمنية من قاعدة IANA (مثل Asia/Damascus)، لا "Damascus"');
      expect(existsSync(dataDir), exit.output).toBe(false);
    });

    test(`${how} with a file where the DATA_DIR folder should be exits non-zero with one line naming it`, async () => {
      const dataDir = path.join(tempDir(), "data");
      writeFileSync(dataDir, "a file, not a folder\n");
      const exit = await new AppServer({ dataDir, nextStart }).runUntilExit();
      expectRefusal(exit, `تعذّر فتح مخزن المقالات ${dataDir}: المسار ملف وليس مجلدًا (DATA_DIR يجب أن يكون مجلدًا)`);
    });
  }

  test("a read-only store serves reading, and publishing answers 503 in Arabic", async () => {
    // Seeded by a first server, then made read-only for the second (run as nobody when we are root, so permissions bite).
    const dataDir = path.join(tempDir(), "data");
    const writer = await new AppServer({ dataDir }).start();
    await writer.stop();
    chmodSync(dataDir, 0o555);
    const reader = new AppServer({ dataDir, ...(process.getuid?.() === 0 ? { uid: NOBODY } : {}) });
    try {
      await reader.start();
      const page = await fetch(`${reader.url}/articles/${SEED_SLUG}`);
      expect(page.status, reader.output()).toBe(200);
      expect(await page.text()).toContain(SEED_TITLE);
      const res = await fetch(`${reader.url}/api/articles`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
        body: JSON.stringify({ title: "مقال تجريبي", body: "نص تجريبي." }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: "مخزن المقالات مفتوح للقراءة فقط الآن، فالنشر والتعديل متوقفان؛ أعد المحاولة بعد إصلاحه",
      });
    } finally {
      await reader.stop();
      chmodSync(dataDir, 0o755);
    }
  });
});
