/**
 * Store operations at scale, on SQLite and PostgreSQL:
 *
 *   npx tsx scripts/bench-store.ts [--articles 20000] [--runs 200] [--no-postgres] [--json]
 *
 * Fills a fresh store with synthetic articles (20 sections, a tenth without
 * one, each by one of five synthetic authors), then times latest page,
 * related (as the store runs it, and the whole-table sort it replaced),
 * article by slug, a feed page, the sections in use, a section's page, an
 * author's page and the render cache's check of it (its one-statement
 * snapshot with the count before the window), a sitemap file's read and the
 * news sitemap's, and a publish: the median of `runs`. PostgreSQL gets a throwaway database through
 * TEST_DATABASE_URL (see README, "Tests"). `--json` prints the figures as
 * one JSON object instead (`npm run bench`'s store section reads it).
 */
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { type Article, authorKey } from "@/lib/article/model";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { type Dialect, summaryColumns } from "@/lib/store/rows";
import { DATABASE_FILE, openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase } from "@/test/support/postgres";

/** The render cache's one-statement snapshot, as it reads it to check a kept list page. */
const { SNAPSHOT_SQL } = createRequire(import.meta.url)("../lib/render-cache/cache-handler.cjs") as { SNAPSHOT_SQL: Record<"sqlite" | "postgres", string> };

const { values } = parseArgs({
  options: { articles: { type: "string", default: "20000" }, runs: { type: "string", default: "200" }, "no-postgres": { type: "boolean" }, json: { type: "boolean" } },
});
const N = Number(values.articles);
const RUNS = Number(values.runs);

const blocks = JSON.stringify([{ type: "paragraph", children: [{ type: "text", value: "نص تجريبي لقياس أداء المخزن. ".repeat(20) }] }]);
const section = (i: number) => (i % 10 === 0 ? null : `قسم ${i % 20}`);
const publishedAt = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString();
/** Every article has one of a few (synthetic) authors, so each has a fifth of the store. */
const AUTHORS = ["كاتب تجريبي أول", "كاتب تجريبي ثان", "كاتب تجريبي ثالث", "كاتب تجريبي رابع", "كاتب تجريبي خامس"];
const AUTHOR_KEYS = AUTHORS.map(authorKey);
const author = (i: number) => i % AUTHORS.length;

/** What the store replaced: one ORDER BY over every live row. */
const OLD_RELATED = (dialect: Dialect) => `SELECT ${summaryColumns(dialect)} FROM articles WHERE withdrawn_at IS NULL AND id <> ?
  ORDER BY (section IS NOT NULL AND section = ?) DESC, published_at DESC, seq DESC LIMIT ?`;

async function median(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The cache's check of a kept author page 2: the snapshot with the count of the author's articles before its window. */
type AuthorCheck = (seq: number, first: string, author: string) => Promise<unknown>;

async function measure(store: ArticleStore, oldRelated: (a: Article) => Promise<unknown>, authorCheck: AuthorCheck): Promise<Record<string, number>> {
  const picks = await store.latest(50, Math.floor(N / 2));
  const articles = await Promise.all(picks.map(async (p) => (await store.getById(p.id))!));
  let n = 0;
  const next = () => articles[n++ % articles.length]!;
  const seq = await store.currentSeq();
  const pageTwoFirst = (await store.byAuthor(AUTHOR_KEYS[2]!, 1, 50))[0]!.id;
  let published = 0;
  return {
    "latest page (20)": await median(() => store.latest(20)),
    "related (5)": await median(() => store.related(next(), 5)),
    "related, the old whole-table sort": await median(() => oldRelated(next())),
    "article by slug": await median(() => store.getBySlug(next().slug)),
    "feed page (50, from the middle)": await median(() => store.changesSince(Math.floor(seq / 2), 50, 1024 * 1024)),
    "sections in use (skip scan)": await median(() => store.sections(100)),
    "section page (50, page 2)": await median(() => store.latestInSection("قسم 7", 51, 50)),
    "author page (50, page 2)": await median(() => store.byAuthor(AUTHOR_KEYS[2]!, 51, 50)),
    "cache check, author page 2": await median(() => authorCheck(seq, pageTwoFirst, AUTHOR_KEYS[2]!)),
    "sitemap file (50,000, from the middle)": await median(() => store.locations(50_000, Math.max(0, Math.floor(N / 2) - 25_000))),
    "news sitemap (last 48 hours)": await median(() => store.publishedSince(publishedAt(N - 48), 1000)),
    publish: await median(() =>
      store.create({ slug: `bench-${Date.now()}-${published++}`, title: "مقال قياس", blocks: JSON.parse(blocks), publishedAt: new Date().toISOString() }),
    ),
  };
}

async function sqlite(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-store-"));
  await openSqliteStore(dir).close();
  const db = new Database(path.join(dir, DATABASE_FILE));
  const insert = db.prepare(
    `INSERT INTO articles (id, slug, title, summary, section, authors, blocks, lede, published_at, updated_at, revision, seq)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const insertAuthor = db.prepare(
    "INSERT INTO article_authors (author_key, article_id, name, position, published_at, seq, live) VALUES (?, ?, ?, 0, ?, ?, 1)",
  );
  db.transaction(() => {
    for (let i = 1; i <= N; i++) {
      const name = AUTHORS[author(i)]!;
      insert.run(`id-${i}`, `slug-${i}`, `مقال ${i}`, section(i), JSON.stringify([name]), blocks, "نص", publishedAt(i), publishedAt(i), i);
      insertAuthor.run(AUTHOR_KEYS[author(i)]!, `id-${i}`, name, publishedAt(i), i);
    }
  })();
  db.exec("ANALYZE");
  const store = openSqliteStore(dir);
  const old = db.prepare(OLD_RELATED("sqlite"));
  const snapshot = db.prepare(SNAPSHOT_SQL.sqlite);
  const figures = await measure(
    store,
    async (a) => old.all(a.id, a.section ?? null, 5),
    async (since, first, author) => snapshot.get({ since, ids: "[]", limit: 201, first, section: null, author }),
  );
  await store.close();
  db.close();
  return figures;
}

async function postgres(): Promise<Record<string, number>> {
  const test = await createTestDatabase("bench");
  try {
    const store = await openPgStore(test.url, { maxConnections: 2 });
    const client = new pg.Client({ connectionString: test.url });
    // Dropping the database ends this session; a failure above must show as itself, not as that.
    client.on("error", () => undefined);
    await client.connect();
    await client.query(
      `INSERT INTO articles (id, slug, title, summary, section, authors, blocks, lede, published_at, updated_at, revision, seq)
       SELECT 'id-' || i, 'slug-' || i, 'مقال ' || i, NULL, CASE WHEN i % 10 = 0 THEN NULL ELSE 'قسم ' || (i % 20) END,
              json_build_array(($3::text[])[i % ${AUTHORS.length} + 1])::text,
              $1, 'نص', timestamptz '2020-01-01Z' + i * interval '1 hour', timestamptz '2020-01-01Z' + i * interval '1 hour', 1,
              nextval('article_change_seq')
       FROM generate_series(1, $2::int) AS i`,
      [blocks, N, AUTHORS],
    );
    await client.query(
      `INSERT INTO article_authors (author_key, article_id, name, position, published_at, seq, live)
       SELECT ($1::text[])[split_part(id, '-', 2)::int % ${AUTHORS.length} + 1], id, (authors::json)->>0, 0, published_at, seq, true FROM articles`,
      [AUTHOR_KEYS],
    );
    await client.query("ANALYZE articles");
    await client.query("ANALYZE article_authors");
    const old = OLD_RELATED("pg").replace("id <> ?", "id <> $1").replace("section = ?", "section = $2::text").replace("LIMIT ?", "LIMIT $3");
    const figures = await measure(
      store,
      (a) => client.query(old, [a.id, a.section ?? null, 5]),
      (since, first, author) => client.query(SNAPSHOT_SQL.postgres, [since, [], 201, first, null, author]),
    );
    await client.end();
    await store.close();
    return figures;
  } finally {
    await test.drop();
  }
}

const results: Record<string, Record<string, number>> = { sqlite: await sqlite() };
if (!values["no-postgres"]) results.postgres = await postgres();
if (values.json) {
  console.log(JSON.stringify({ articles: N, runs: RUNS, results }));
  process.exit(0);
}
console.log(`store operations at ${N.toLocaleString("en")} articles, median of ${RUNS} (ms):`);
const rows = Object.keys(results.sqlite!);
console.log(`${"".padEnd(36)}${Object.keys(results).map((k) => k.padStart(10)).join("")}`);
for (const row of rows) console.log(`${row.padEnd(36)}${Object.values(results).map((r) => r[row]!.toFixed(3).padStart(10)).join("")}`);
