// The change feed on PostgreSQL never skips: a reader paging while two processes
// publish, edit and withdraw ends up with exactly the store's final state.
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import { startTsx } from "@/test/support/tsx-child";
import type { ArticleStore } from "./article-store";
import { openPgStore } from "./pg-store";

const FIXTURE = "lib/store/pg-feed.fixture.ts";

let db: TestDatabase | undefined;
let store: ArticleStore | undefined;
afterEach(async () => {
  await store?.close();
  await db?.drop();
  store = undefined;
  db = undefined;
});

describe("the PostgreSQL change feed", () => {
  it("gives a reader paging during concurrent writes every final state: no number passed before its row committed", async () => {
    db = await createTestDatabase("feed");
    store = await openPgStore(db.url, { maxConnections: 2 });
    // Widen the gap between taking a number and committing it, as a slow disk or a busy server would:
    // a deferred trigger runs at COMMIT, after nextval. Without the feed lock this makes the reader
    // pass numbers whose rows commit a moment later.
    await db.sql(`
      CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(random() * 0.012); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON articles
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();`);

    const writers = [startTsx(FIXTURE, ["a", "70", "11"], { env: { DATABASE_URL: db.url } }), startTsx(FIXTURE, ["b", "70", "29"], { env: { DATABASE_URL: db.url } })];
    await Promise.all(writers.map((w) => w.printed("ready")));
    let running = writers.length;
    const finished = Promise.all(writers.map((w) => w.done.finally(() => running--)));
    for (const w of writers) w.child.stdin?.write("go\n");

    // What a phone would hold: id → revision; withdrawals delete.
    const held = new Map<string, number>();
    let cursor = 0;
    let pages = 0;
    const seen: number[] = [];
    const page = async () => {
      const p = await store!.changesSince(cursor, 3, 1024 * 1024);
      for (const a of p.articles) held.set(a.id, a.revision);
      for (const id of p.deleted) held.delete(id);
      if (p.lastSeq !== cursor) seen.push(p.lastSeq);
      cursor = p.lastSeq;
      pages++;
      return p;
    };
    while (running > 0) await page();
    for (const result of await finished) expect(result.code, result.stderr).toBe(0);
    // Caught up after the writers stopped: from the cursor on, as a phone's next sync would.
    while ((await page()).hasMore);

    const final = await db.sql("SELECT id, revision FROM articles WHERE withdrawn_at IS NULL");
    expect(final.rows.length).toBeGreaterThan(40);
    expect(pages).toBeGreaterThan(20);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(Object.fromEntries(held)).toEqual(Object.fromEntries(final.rows.map((r: { id: string; revision: number }) => [r.id, r.revision])));
  }, 60_000);
});
