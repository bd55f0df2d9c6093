import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { seedIfEmpty } from "@/lib/publish/seed";
import { startTsx } from "@/test/support/tsx-child";
import { migrations } from "./migrations";
import { getStore, StoreOpenError } from "./open-store";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";
const FIXTURE = "lib/store/open-store.fixture.ts";

/** A temporary folder every user may enter (mkdtemp's own is private to its owner). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "open-store-test-"));
  chmodSync(dir, 0o755);
  return dir;
}

/** Starts the fixture in `count` processes, releases them together, and returns each one's exit code and JSON line. */
async function openAtOnce(count: number, env: Record<string, string>, args: string[] = [], asNobody = false) {
  const children = Array.from({ length: count }, () => startTsx(FIXTURE, args, { env, asNobody }));
  await Promise.all(children.map((c) => c.printed("ready")));
  for (const c of children) c.child.stdin?.write("go\n");
  const results = await Promise.all(children.map((c) => c.done));
  return results.map((r) => ({ code: r.code, output: r.stdout + r.stderr, result: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown> }));
}

/** A seeded store at `dir`, closed. */
async function seededStore(dir: string): Promise<void> {
  const store = openSqliteStore(dir);
  await seedIfEmpty(store);
  await store.close();
}

const savedDataDir = process.env.DATA_DIR;
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
});

describe("opening the store", () => {
  it("lets six processes open one new DATA_DIR at once: all serve the seed, migrated once, seeded once", async () => {
    const dir = path.join(tempDir(), "data");
    const opened = await openAtOnce(6, { DATA_DIR: dir });
    for (const { code, output, result } of opened) {
      expect(code, output).toBe(0);
      expect(result.titles).toEqual([SEED_TITLE]);
    }
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM articles").get()).toEqual({ n: 1 });
    expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  }, 120_000);

  it("refuses a corrupt file with one line naming it, and does not keep the failure", async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    writeFileSync(file, "this is not a database, just text that someone saved here by mistake\n".repeat(100));
    process.env.DATA_DIR = dir;
    const error = await getStore().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toBe(`تعذّر فتح مخزن المقالات ${file}: الملف تالف أو ليس قاعدة بيانات SQLite (file is not a database)`);
    // Mended, the next call opens it: the rejected promise was not cached.
    writeFileSync(file, "");
    const store = await getStore();
    expect((await store.latest(10)).map((a) => a.title)).toEqual([SEED_TITLE]);
    await store.close();
  });

  it("refuses a file where the DATA_DIR folder should be", async () => {
    const file = path.join(tempDir(), "data");
    writeFileSync(file, "not a folder\n");
    process.env.DATA_DIR = file;
    await expect(getStore()).rejects.toThrow(
      new StoreOpenError(file, "المسار ملف وليس مجلدًا (DATA_DIR يجب أن يكون مجلدًا)"),
    );
  });

  it("refuses a folder it may not read", async () => {
    const dir = path.join(tempDir(), "data");
    await seededStore(dir);
    chmodSync(dir, 0o000);
    const [opened] = await openAtOnce(1, { DATA_DIR: dir }, [], true);
    expect(opened?.code).toBe(1);
    expect(opened?.result).toEqual({ error: `تعذّر فتح مخزن المقالات ${dir}: لا صلاحية لقراءة المجلد` });
    chmodSync(dir, 0o755);
  }, 60_000);

  it("reads an intact store in a read-only folder, and refuses to publish with 503", async () => {
    const dir = path.join(tempDir(), "data");
    await seededStore(dir);
    chmodSync(dir, 0o555);
    const [opened] = await openAtOnce(1, { DATA_DIR: dir }, ["publish"], true);
    expect(opened?.code, opened?.output).toBe(0);
    expect(opened?.result).toEqual({
      titles: [SEED_TITLE],
      refused: { status: 503, message: "مخزن المقالات مفتوح للقراءة فقط الآن، فالنشر والتعديل متوقفان؛ أعد المحاولة بعد إصلاحه" },
    });
    chmodSync(dir, 0o755);
  }, 60_000);

  it("reads an intact read-only file in a writable folder, and refuses to publish with 503", async () => {
    const dir = path.join(tempDir(), "data");
    await seededStore(dir);
    chmodSync(path.join(dir, DATABASE_FILE), 0o444);
    chmodSync(dir, 0o777);
    const [opened] = await openAtOnce(1, { DATA_DIR: dir }, ["publish"], true);
    expect(opened?.code, opened?.output).toBe(0);
    expect(opened?.result).toMatchObject({ titles: [SEED_TITLE], refused: { status: 503 } });
  }, 60_000);

  it("refuses an empty folder it may not write (nothing to read there)", async () => {
    const dir = path.join(tempDir(), "data");
    mkdirSync(dir, { mode: 0o555 });
    chmodSync(dir, 0o555);
    const [opened] = await openAtOnce(1, { DATA_DIR: dir }, [], true);
    expect(opened?.code).toBe(1);
    expect(String(opened?.result.error)).toMatch(new RegExp(`^تعذّر فتح مخزن المقالات ${dir}/${DATABASE_FILE}: `));
  }, 60_000);
});
