import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Block } from "@/lib/article/model";
import type { ArticleStore } from "./article-store";
import { migrations } from "./migrations";
import { byAuthorQuery } from "./rows";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

const para = (text: string): Block[] => [{ type: "paragraph", children: [{ type: "text", value: text }] }];

let stores: ArticleStore[] = [];
function open(dir = mkdtempSync(path.join(os.tmpdir(), "store-test-"))) {
  const store = openSqliteStore(dir);
  stores.push(store);
  return { store, dir };
}
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

const subscription = (n: number) => ({ endpoint: `https://push.example/send/${n}`, keys: { p256dh: `p256dh-${n}`, auth: `auth-${n}` } });

// What only SQLite has: the file, its journal mode and user_version. The rest of the
// contract runs against both stores in store-contract.test.ts.
describe("sqlite article store", () => {
  it("creates a file in WAL mode at the latest schema version", () => {
    const { dir } = open();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
    db.close();
  });

  it("reads an author's page as one range of article_authors_latest, with no sort and no look at other authors' rows", () => {
    const { dir } = open();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const plan = db
      .prepare<{ key: string; limit: number; offset: number }, { detail: string }>(`EXPLAIN QUERY PLAN ${byAuthorQuery("sqlite", (n) => `@${n}`)}`)
      .all({ key: "كاتب-تجريبي", limit: 51, offset: 50 })
      .map((row) => row.detail);
    db.close();
    expect(plan).toContain("SEARCH article_authors USING INDEX article_authors_latest (author_key=?)");
    expect(plan.filter((step) => /TEMP B-TREE|SCAN article_authors|SCAN articles/.test(step))).toEqual([]);
  });

  it("migrates a schema-1 file to the latest version with its articles intact", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "store-test-"));
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec(migrations[0]!);
    db.pragma("user_version = 1");
    db.prepare(
      `INSERT INTO articles (id, slug, title, blocks, lede, published_at, updated_at, revision, seq)
       VALUES ('old-id', 'old-article', 'مقال قديم', ?, 'نص قديم', '2024-12-08T09:00:00.000Z', '2024-12-08T09:00:00.000Z', 1, 1)`,
    ).run(JSON.stringify(para("نص قديم")));
    db.close();

    const { store } = open(dir);
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(migrations.length);
    check.close();
    expect(await store.getBySlug("old-article")).toEqual({
      id: "old-id",
      slug: "old-article",
      title: "مقال قديم",
      blocks: para("نص قديم"),
      publishedAt: "2024-12-08T09:00:00.000Z",
      updatedAt: "2024-12-08T09:00:00.000Z",
      revision: 1,
    });
    expect(await store.currentSeq()).toBe(1);
    await store.saveSubscription(subscription(1));
    expect(await store.listSubscriptions()).toHaveLength(1);
  });
});
