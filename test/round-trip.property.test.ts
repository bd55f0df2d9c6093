/**
 * Whatever the publish path accepts must reach every phone and render
 * offline. For generated requests, seeded with the classes of input that
 * broke sync before (dates at the edges, deep nesting, control and bidi
 * characters, `$` replacement patterns, very long fields), each accepted
 * article goes store (a real SQLite file) → feed (the route handler, as JSON
 * text) → the worker's reader → the worker's write into the phone's library
 * (fake-indexeddb, with structured cloning) and its reads → the offline page; and the server's own pages still
 * render. A refused request writes nothing.
 */
import "fake-indexeddb/auto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as feedGet } from "@/app/api/articles/route";
import ArticlePage, { generateMetadata } from "@/app/articles/[slug]/page";
import HomePage from "@/app/page";
import { articleById, latestSummaries } from "@/client/library/articles";
import { closeLibrary } from "@/client/library/connection";
import { applyFeedPage } from "@/client/library/sync";
import { escapeHtml } from "@/lib/article/render-html";
import { renderArticle, renderArticleList } from "@/lib/article/render-page";
import { encodeCursor } from "@/lib/feed/cursor";
import { readFeedPage } from "@/lib/feed/feed-page";
import { PublishError } from "@/lib/publish/errors";
import { publishRequest } from "@/lib/publish/publish";
import { site } from "@/lib/site";
import type { ArticleStore } from "@/lib/store/article-store";
import { getStore } from "@/lib/store/open-store";

// Pieces of text that broke something once, or could, and that publishing accepts.
const hostile = [
  "$'",
  "$&",
  "$`",
  "$1",
  "$$",
  "\u202e",
  "\u202b",
  "\u200f",
  "\u200b",
  "\u2066",
  "\ufeff",
  "😀",
  "<script>alert(1)</script>",
  "</title>",
  "</main>",
  "&amp;",
  "\"'",
  "\\",
  "*",
  "_",
  "[",
  "](",
  "`",
  "#",
  ">",
  "-",
  "\n",
  "\r\n",
  "\t",
  "%25",
];
// Characters publishing refuses (controls, lone surrogates): a request carries them now and then.
const refused = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\ud800", "\udfff"];
const words = ["مقال", "تجريبي", "نص", "دمشق", "كانون", "الأول", "٢٠٢٤", "2024", "«شارك»", "،", "."];

const pieceOf = (hostilePieces: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...words) },
    { weight: 3, arbitrary: fc.constantFrom(...hostilePieces) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "grapheme" }) },
  );
// Line breaks and tabs are the body's: a headline, summary or section with one is refused.
const lineBreaks = ["\n", "\r\n", "\t"];
const bodyPiece = pieceOf(hostile);
const linePiece = pieceOf(hostile.filter((p) => !lineBreaks.includes(p)));
// Random graphemes may hold controls; the `refused` class below brings those in on purpose, one request in eight.
const phraseOf = (pieces: fc.Arbitrary<string>, max: number, controls: RegExp) =>
  fc.array(pieces, { minLength: 1, maxLength: max }).map((parts) => parts.join(" ").replace(controls, " "));
const phrase = (max: number) => phraseOf(bodyPiece, max, /(?![\t\n\r])\p{Cc}/gu);
const line = (max: number) => phraseOf(linePiece, max, /\p{Cc}/gu);

/** Emphasis, strong and links nested `depth` deep around a phrase. */
const nestedInline = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.constantFrom("*", "_", "**", "link"), phrase(3))
  .map(([depth, marker, inner]) =>
    marker === "link"
      ? `${"[".repeat(depth)}${inner}${"](https://example.com)".repeat(depth)}`
      : `${marker.repeat(depth)}كلمة ${inner} كلمة${marker.repeat(depth)}`,
  );

const block = fc.oneof(
  { weight: 4, arbitrary: phrase(12) },
  { weight: 2, arbitrary: line(4).map((p) => `## ${p}`) },
  { weight: 2, arbitrary: line(6).map((p) => `> ${p}`) },
  { weight: 2, arbitrary: fc.array(line(4), { minLength: 1, maxLength: 4 }).map((items) => items.map((i) => `- ${i}`).join("\n")) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((depth) => `${"> ".repeat(depth)}اقتباس`) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 10 }).map((depth) => Array.from({ length: depth }, (_, i) => `${"  ".repeat(i)}- بند`).join("\n")),
  },
  { weight: 1, arbitrary: line(3).map((p) => `![${p}](/media/photo.jpg) ${p}`) },
  { weight: 1, arbitrary: line(3).map((p) => `[${p}](https://example.com/a?b=$'&c=$&)`) },
  { weight: 2, arbitrary: nestedInline },
  // The bodies that once stopped every phone's sync: emphasis 3,000 deep.
  {
    weight: 1,
    arbitrary: fc.constantFrom(`${"*".repeat(3000)}كلمة${"*".repeat(3000)}`, `${"_".repeat(1500)}كلمة${"_".repeat(1500)}`, "[".repeat(5000)),
  },
);
const body = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => blocks.join("\n\n"));

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const offset = fc.constantFrom("Z", "+03:00", "-12:00", "+14:00", "+00:00");
const publishedAt = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
    "0000-01-01T00:00:00+03:00",
    "9999-12-31T23:59:59-12:00",
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:00:00Z",
    "1900-01-01T00:00:00+14:00",
    "2024-12-08T12:00:00+03:00",
    "2024-02-30T10:00:00Z",
    new Date(Date.now() + 99 * YEAR_MS).toISOString(),
    new Date(Date.now() + 101 * YEAR_MS).toISOString(),
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.date({ min: new Date("1880-01-01T00:00:00Z"), max: new Date("2150-01-01T00:00:00Z"), noInvalidDate: true }), offset)
      .map(([date, zone]) => date.toISOString().replace("Z", zone)),
  },
);

const optionalText = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: line(max) },
    { weight: 1, arbitrary: fc.constantFrom("\u200b\u202e", "   ", "x".repeat(1001), "قسم".repeat(30), "ملخص ".repeat(200_000)) },
  );

const title = fc.oneof(
  { weight: 8, arbitrary: line(8) },
  { weight: 1, arbitrary: fc.constantFrom("\u200b\u202e\u2066", " ", "ع".repeat(300), "ع".repeat(301), "ع".repeat(100_000)) },
);

// Bylines: plain names mostly, now and then a name with a piece that broke something once.
const names = ["سعاد", "الأحمد", "ريم", "O'Neil", "جان-بيير", "م.", "عبد الله", "ـ"];
const authorName = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...hostile)).map(([name, piece]) => `${name}${piece}`) },
);
const authors = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.uniqueArray(authorName, { minLength: 1, maxLength: 3 }) },
);

const cleanRequest = fc.record(
  { title, body, summary: optionalText(20), section: optionalText(3), authors, publishedAt, urgent: fc.boolean() },
  { requiredKeys: ["title", "body"] },
);
/** One request in eight has a refused character slipped into one of its fields. */
const request = fc.oneof(
  { weight: 7, arbitrary: cleanRequest },
  {
    weight: 1,
    arbitrary: fc
      .tuple(cleanRequest, fc.constantFrom("title", "body", "summary", "section"), fc.constantFrom(...refused))
      .map(([input, field, char]) => ({ ...input, [field]: `${((input as Record<string, unknown>)[field] as string | undefined) ?? ""}${char}` })),
  },
);

let store: ArticleStore;

beforeAll(async () => {
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "round-trip-"));
  store = await getStore();
});
afterAll(closeLibrary);

async function feedAfter(seq: number) {
  const since = encodeCursor(await store.identity(), seq);
  const res = await feedGet(new Request(`http://localhost/api/articles?since=${since}&limit=10`));
  expect(res.status).toBe(200);
  // The phone reads the text the server sends, not the objects it made.
  return readFeedPage(JSON.parse(await res.text()) as unknown);
}

describe("publish → store → feed → worker → IndexedDB → offline page", () => {
  it("holds for every request the publish path accepts; a refused one writes nothing", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const seqBefore = await store.currentSeq();
        let published;
        try {
          const outcome = await publishRequest(store, input);
          if (outcome.scheduled) {
            // A time ahead schedules it: nothing reaches the feed until then.
            expect(await store.currentSeq()).toBe(seqBefore);
            expect(await store.getScheduled(outcome.article.id)).toEqual(outcome.article);
            return;
          }
          published = outcome.article;
        } catch (error) {
          expect(error).toBeInstanceOf(PublishError);
          expect((error as PublishError).status).toBeLessThan(500);
          expect(await store.currentSeq()).toBe(seqBefore);
          return;
        }
        accepted++;

        // The feed carries it, and the worker's reader reads all of it.
        const read = await feedAfter(seqBefore);
        expect(read?.skipped).toBe(0);
        const fromFeed = read?.page.articles.find((a) => a.id === published.id);
        expect(fromFeed).toEqual(published);

        // The worker's write path keeps it in IndexedDB (structured clone), and its reads give it back the same.
        await applyFeedPage(read!.page, { firstSync: false, resync: undefined });
        const held = await articleById(published.id);
        expect(held).toEqual(published);

        // The offline page and list render it, title shown as written.
        const offline = renderArticle(held!, [], { credits: site.credits, timeZone: site.timeZone });
        expect(offline).toContain(escapeHtml(held!.title));
        for (const name of held!.authors ?? []) expect(offline).toContain(`>${escapeHtml(name)}</a>`);
        expect(renderArticleList([{ ...held!, lede: "" }], site.timeZone)).toContain(escapeHtml(held!.title));

        // The server's own pages render it.
        const params = Promise.resolve({ slug: published.slug });
        const page = renderToStaticMarkup(await ArticlePage({ params } as PageProps<"/articles/[slug]">));
        expect(page).toContain(escapeHtml(published.title));
        const metadata = await generateMetadata({ params } as PageProps<"/articles/[slug]">);
        expect(metadata.title).toBeDefined();
      }),
      { numRuns: 150 },
    );
    // The generators must keep the property meaningful: most inputs are publishable.
    expect(accepted).toBeGreaterThan(30);
    // The phone's newest-first list reads every one of them.
    expect((await latestSummaries(accepted + 10)).items).toHaveLength(accepted);
    // And the front page renders with everything that was accepted.
    const home = renderToStaticMarkup(await HomePage());
    expect(home).toContain("آخر الأخبار");
  }, 120_000);
});
