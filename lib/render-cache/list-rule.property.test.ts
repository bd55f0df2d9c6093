/**
 * The list rule (page-deps.cjs listStillValid, applied by cache-handler.cjs
 * on a real SQLite store and a real PostgreSQL database) never keeps a list page whose fresh render would
 * differ. For random sequences of publishes, edits (moving an article to
 * another section, byline or date) and withdrawals, every list page (home and
 * archive, three sections, three authors; pages 1 to 3 of two articles each)
 * is rendered from the store after a miss, as Next does; after each change,
 * a page the cache keeps must equal what rendering it now gives.
 */
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ArticleSummary } from "@/lib/article/model";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import { listDeclaration, type ListFilter } from "./list-declaration";

interface Handler {
  get(key: string): Promise<{ value: { html?: string } } | null>;
  set(key: string, data: unknown): Promise<void>;
}

const SECTIONS = ["X", "Y", "Z"];
const AUTHORS = ["a", "b", "c"];
const SIZE = 2;
const PAGES = 3;
const FILTERS: ListFilter[] = [
  { kind: "all" },
  ...SECTIONS.map((section) => ({ kind: "section" as const, section })),
  ...AUTHORS.map((author) => ({ kind: "author" as const, author })),
];

type Op =
  | { kind: "publish"; section: number; authors: number[]; hour: number }
  | { kind: "edit"; pick: number; section: number; authors: number[]; hour: number }
  | { kind: "withdraw"; pick: number };

const fields = { section: fc.nat(SECTIONS.length - 1), authors: fc.uniqueArray(fc.nat(AUTHORS.length - 1), { maxLength: 2 }), hour: fc.nat(12) };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("publish" as const), ...fields }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit" as const), pick: fc.nat(), ...fields }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), pick: fc.nat() }) },
);

const para = (text: string) => [{ type: "paragraph" as const, children: [{ type: "text" as const, value: text }] }];
// Few distinct hours: equal published_at values, ordered by seq, come up often.
const at = (hour: number) => `2025-01-01T${String(hour + 8).padStart(2, "0")}:00:00+03:00`;

/** What the list routes read: the window and one more, as the store answers now. */
function read(store: ArticleStore, filter: ListFilter, offset: number): Promise<ArticleSummary[]> {
  if (filter.kind === "section") return store.latestInSection(filter.section, SIZE + 1, offset);
  if (filter.kind === "author") return store.byAuthor(filter.author, SIZE + 1, offset);
  return store.latest(SIZE + 1, offset);
}

/** A page as the routes render it, with everything it shows of each article; a 404 when the routes would give one. */
async function render(store: ArticleStore, filter: ListFilter, page: number) {
  const offset = (page - 1) * SIZE;
  const items = await read(store, filter, offset);
  const attributes = Object.entries(listDeclaration(filter, offset, items, SIZE + 1))
    .map(([name, value]) => `${name}="${value}"`)
    .join(" ");
  const shown = items
    .slice(0, SIZE)
    .map((a) => `<li data-article-id="${a.id}">${a.title} ${a.publishedAt} ${a.section ?? ""} ${(a.authors ?? []).join(",")}</li>`)
    .join("");
  const html = `<div ${attributes}><ul>${shown}</ul>${items.length > SIZE ? "<a>المزيد</a>" : ""}</div>`;
  const status = items.length === 0 && (filter.kind !== "all" || page > 1) ? 404 : 200;
  return { kind: "APP_PAGE", html, rscData: undefined, headers: {}, status };
}

let database: TestDatabase | undefined;

/** A fresh store per run: a SQLite file of its own, or the one PostgreSQL database emptied (making one costs more than a run). */
const kinds = [
  {
    name: "SQLite",
    runs: 100,
    open: async (): Promise<ArticleStore> => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "list-rule-"));
      vi.stubEnv("DATA_DIR", dir);
      vi.stubEnv("DATABASE_URL", "");
      return openSqliteStore(dir);
    },
  },
  {
    name: "PostgreSQL",
    // Each run costs several times SQLite's here.
    runs: 50,
    open: async (): Promise<ArticleStore> => {
      if (!database) {
        database = await createTestDatabase("listrule");
        await (await openPgStore(database.url, { maxConnections: 1 })).close();
      }
      await database.sql(`TRUNCATE articles, article_authors; ALTER SEQUENCE article_change_seq RESTART`);
      vi.stubEnv("DATABASE_URL", database.url);
      return openPgStore(database.url, { maxConnections: 2 });
    },
  },
];

afterAll(async () => {
  vi.unstubAllEnvs();
  await database?.drop();
});

describe.each(kinds)("the list rule on a real $name store", ({ name, runs, open }) => {
  beforeAll(() => vi.unstubAllEnvs());

  it("never keeps a list page whose fresh render differs", async () => {
    const Handler = createRequire(import.meta.url)("./cache-handler.cjs") as new () => Handler;
    const handler = new Handler();
    let run = 0;
    let kept = 0;
    let dropped = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        run++;
        const store = await open();
        try {
          const live: string[] = [];
          let n = 0;
          const pages = FILTERS.flatMap((filter) => Array.from({ length: PAGES }, (_, i) => ({ filter, page: i + 1, key: `${name}:${run}:${JSON.stringify(filter)}:${i + 1}` })));
          for (const step of [undefined, ...ops]) {
            if (step?.kind === "publish") {
              n++;
              const made = await store.create({
                slug: `list-rule-${n}`,
                title: `مقال تجريبي ${n}`,
                blocks: para("نص تجريبي"),
                section: SECTIONS[step.section]!,
                authors: step.authors.map((i) => AUTHORS[i]!),
                publishedAt: at(step.hour),
              });
              live.push(made.id);
            } else if (step?.kind === "edit" && live.length > 0) {
              n++;
              const id = live[step.pick % live.length]!;
              await store.revise(id, {
                title: `مقال تجريبي معدّل ${n}`,
                blocks: para("نص تجريبي"),
                section: SECTIONS[step.section]!,
                authors: step.authors.map((i) => AUTHORS[i]!),
                publishedAt: at(step.hour),
              });
            } else if (step?.kind === "withdraw" && live.length > 0) {
              const [id] = live.splice(step.pick % live.length, 1);
              await store.withdraw(id!);
            }
            for (const { filter, page, key } of pages) {
              const fresh = await render(store, filter, page);
              const cached = await handler.get(key);
              if (cached) {
                if (step) kept++;
                expect(cached.value.html, `${key} after ${JSON.stringify(step)}`).toBe(fresh.html);
              } else {
                if (step) dropped++;
                // Next renders on a miss and stores what it rendered.
                await handler.set(key, fresh);
              }
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: runs },
    );
    // The property means something only if pages were kept across changes (and others dropped).
    expect(kept).toBeGreaterThan(runs * 2);
    expect(dropped).toBeGreaterThan(runs * 2);
  }, 120_000);
});
