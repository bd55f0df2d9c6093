// Opening the PostgreSQL store as the server does (DATABASE_URL), in real processes.
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import { startTsx } from "@/test/support/tsx-child";
import { getStore, StoreOpenError } from "./open-store";
import { pgMigrations } from "./pg-migrations";

const SEED_TITLE = "ختام عهد النظام البائد.. تفاصيل فرار بشار من دمشق";
const FIXTURE = "lib/store/open-store.fixture.ts";

let databases: TestDatabase[] = [];
afterEach(async () => {
  delete process.env.DATABASE_URL;
  await Promise.all(databases.map((d) => d.drop()));
  databases = [];
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase("open");
  databases.push(db);
  return db;
}

/** Starts the fixture in `count` processes, releases them together, and returns each one's exit code and JSON line. */
async function openAtOnce(count: number, env: Record<string, string>, args: string[] = []) {
  const children = Array.from({ length: count }, () => startTsx(FIXTURE, args, { env }));
  await Promise.all(children.map((c) => c.printed("ready")));
  for (const c of children) c.child.stdin?.write("go\n");
  const results = await Promise.all(children.map((c) => c.done));
  return results.map((r) => ({
    code: r.code,
    output: r.stdout + r.stderr,
    result: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>,
  }));
}

describe("opening the PostgreSQL store (DATABASE_URL)", () => {
  it("lets four processes open one new database at once: all serve the seed, migrated once, seeded once", async () => {
    const db = await database();
    const opened = await openAtOnce(4, { DATABASE_URL: db.url });
    for (const { code, output, result } of opened) {
      expect(code, output).toBe(0);
      expect(result.titles).toEqual([SEED_TITLE]);
    }
    expect((await db.sql("SELECT COUNT(*)::int AS n FROM articles")).rows).toEqual([{ n: 1 }]);
    expect((await db.sql("SELECT version FROM schema_migrations ORDER BY version")).rows).toEqual(
      pgMigrations.map((_, i) => ({ version: i + 1 })),
    );
  }, 120_000);

  it("reads a read-only database and refuses to publish with 503", async () => {
    const db = await database();
    await openAtOnce(1, { DATABASE_URL: db.url });
    await db.sql(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
    const [opened] = await openAtOnce(1, { DATABASE_URL: db.url }, ["publish"]);
    expect(opened?.code, opened?.output).toBe(0);
    expect(opened?.result).toEqual({
      titles: [SEED_TITLE],
      refused: { status: 503, message: "مخزن المقالات مفتوح للقراءة فقط الآن، فالنشر والتعديل متوقفان؛ أعد المحاولة بعد إصلاحه" },
    });
  }, 60_000);

  it("refuses a server that is not there with one line naming it, never its password, and does not keep the failure", async () => {
    process.env.DATABASE_URL = "postgres://newsroom:s3cret@127.0.0.1:1/news";
    const error = await getStore().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toBe("تعذّر فتح مخزن المقالات postgres://newsroom@127.0.0.1:1/news: خادم PostgreSQL لا يقبل الاتصال (ECONNREFUSED)");
    const db = await database();
    process.env.DATABASE_URL = db.url;
    const store = await getStore();
    expect((await store.latest(10)).map((a) => a.title)).toEqual([SEED_TITLE]);
    await store.close();
  });

  it("refuses a DATABASE_URL that is not PostgreSQL's", async () => {
    process.env.DATABASE_URL = "mysql://localhost/news";
    await expect(getStore()).rejects.toThrow(
      new StoreOpenError("DATABASE_URL", "ليس رابط PostgreSQL؛ يبدأ بـ postgres:// أو postgresql://، أو اتركه فارغًا لاستعمال SQLite"),
    );
  });
});
