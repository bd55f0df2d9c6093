import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

interface PageDeps {
  articleId: string;
  related: string[];
  limit: number;
}
interface ChangeRow {
  id: string;
  section: string | null;
  at: number;
  seq: number;
  withdrawn: boolean;
}
const { readPageDeps, siteState, stillValid } = createRequire(import.meta.url)("./page-deps.cjs") as {
  readPageDeps(html: unknown): PageDeps | undefined;
  siteState(sections: readonly string[]): string;
  stillValid(deps: PageDeps, rows: readonly ChangeRow[], since: number): boolean;
};

describe("what a page declares it shows", () => {
  it("reads an article page's own id, its related ids and their limit, whatever the attributes' order", () => {
    const html = `<main><article data-related-ids="b c" class="pbs-6" data-related-limit="4" data-article-id="a"><p>مقال تجريبي</p></article>` +
      `<script>self.__next_f.push([1,"{\\"data-related-limit\\":4}"])</script></main>`;
    expect(readPageDeps(html)).toEqual({ articleId: "a", related: ["b", "c"], limit: 4 });
    expect(readPageDeps(`<article data-article-id="a" data-related-ids="" data-related-limit="4">`)).toEqual({ articleId: "a", related: [], limit: 4 });
  });

  it("declares nothing for a page without the declaration, with two, or with one it cannot trust", () => {
    expect(readPageDeps(`<ul><li data-article-id="a"></li></ul>`)).toBeUndefined();
    expect(readPageDeps(undefined)).toBeUndefined();
    const one = `<article data-article-id="a" data-related-ids="b" data-related-limit="4">`;
    expect(readPageDeps(one + one)).toBeUndefined();
    expect(readPageDeps(`<article data-related-ids="b" data-related-limit="4">`)).toBeUndefined();
    expect(readPageDeps(`<article data-article-id="a" data-related-ids="b c" data-related-limit="1">`)).toBeUndefined();
    expect(readPageDeps(`<article data-article-id="a" data-related-ids="b&quot;" data-related-limit="4">`)).toBeUndefined();
  });

  it("compares the header's sections as a set", () => {
    expect(siteState(["سياسة", "اقتصاد"])).toBe(siteState(["اقتصاد", "سياسة", "اقتصاد"]));
    expect(siteState(["سياسة"])).not.toBe(siteState(["سياسة", "رياضة"]));
  });
});

const HOUR = 3_600_000;
const row = (id: string, section: string | null, hoursAgo: number, seq: number, withdrawn = false): ChangeRow => ({
  id,
  section,
  at: Date.parse("2025-06-01T12:00:00Z") - hoursAgo * HOUR,
  seq,
  withdrawn,
});

describe("whether changes after a page's mark reach an article page", () => {
  // Article "a" in politics shows its limit of 2: "p1" (politics) and "e1" (economy, from the rest).
  const deps: PageDeps = { articleId: "a", related: ["p1", "e1"], limit: 2 };
  const unchanged = [row("a", "سياسة", 5, 1), row("p1", "سياسة", 3, 2), row("e1", "اقتصاد", 1, 3)];
  const since = 10;

  it("keeps the page for a new article that sorts after everything it shows", () => {
    expect(stillValid(deps, [...unchanged, row("new", "اقتصاد", 2, 11)], since)).toBe(true);
    expect(stillValid(deps, [...unchanged, row("new", null, 9, 11)], since)).toBe(true);
  });

  it("renders again when a new article joins its list: in its section at any date, or from the rest when newer", () => {
    expect(stillValid(deps, [...unchanged, row("new", "سياسة", 100, 11)], since)).toBe(false);
    expect(stillValid(deps, [...unchanged, row("new", "رياضة", 0, 11)], since)).toBe(false);
    // Same instant as the last one shown: the newer sequence sorts first.
    expect(stillValid(deps, [...unchanged, row("new", "رياضة", 1, 11)], since)).toBe(false);
  });

  it("renders again when the article itself or one it shows changed, or went", () => {
    expect(stillValid(deps, [row("a", "سياسة", 5, 11), unchanged[1]!, unchanged[2]!], since)).toBe(false);
    expect(stillValid(deps, [unchanged[0]!, unchanged[1]!, row("e1", "اقتصاد", 1, 11)], since)).toBe(false);
    expect(stillValid(deps, [unchanged[0]!, unchanged[1]!, row("e1", "اقتصاد", 1, 11, true)], since)).toBe(false);
    expect(stillValid(deps, [unchanged[0]!, unchanged[1]!], since)).toBe(false);
  });

  it("keeps the page when an article it does not show is withdrawn", () => {
    expect(stillValid(deps, [...unchanged, row("other", "سياسة", 0, 11, true)], since)).toBe(true);
  });

  it("renders again for any live change when its list was short: it held every other article", () => {
    const short: PageDeps = { articleId: "a", related: ["p1"], limit: 2 };
    const rows = [unchanged[0]!, unchanged[1]!];
    expect(stillValid(short, [...rows, row("old", "رياضة", 1000, 11)], since)).toBe(false);
    expect(stillValid(short, [...rows, row("gone", "رياضة", 1000, 11, true)], since)).toBe(true);
  });

  it("ranks by section only when the article has one", () => {
    const loose: PageDeps = { articleId: "x", related: ["n1", "n2"], limit: 2 };
    const rows = [row("x", null, 5, 1), row("n1", "سياسة", 1, 2), row("n2", null, 2, 3)];
    expect(stillValid(loose, [...rows, row("new", null, 3, 11)], since)).toBe(true);
    expect(stillValid(loose, [...rows, row("new", "سياسة", 1.5, 11)], since)).toBe(false);
  });

  it("renders again when the mark moved with no change to read", () => {
    expect(stillValid(deps, unchanged, since)).toBe(false);
  });
});

type ListFilter = { kind: "all" } | { kind: "section"; section: string } | { kind: "author"; author: string };
interface ListDeps {
  filter: ListFilter;
  offset: number;
  ids: string[];
  limit: number;
}
const lists = createRequire(import.meta.url)("./page-deps.cjs") as {
  readListDeps(html: unknown): ListDeps | undefined;
  readPageDeps(html: unknown): PageDeps | undefined;
  listStillValid(deps: ListDeps, rows: readonly ChangeRow[], since: number, ahead: number | undefined): boolean;
};

describe("what a list page declares it shows", () => {
  it("reads back what listDeclaration writes, names with quotes, brackets and Arabic included", async () => {
    const { listDeclaration } = await import("./list-declaration");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { createElement } = await import("react");
    for (const filter of [{ kind: "all" }, { kind: "section", section: `سياسة "دولية" <و> 'أخرى' (1) & ~!*` }, { kind: "author", author: "سعاد-الأحمد" }] as ListFilter[]) {
      const html = renderToStaticMarkup(createElement("div", { ...listDeclaration(filter, 50, [{ id: "a" }, { id: "b" }], 51), dangerouslySetInnerHTML: { __html: `<ul><li data-article-id="a"></li></ul>` } }));
      expect(lists.readListDeps(html)).toEqual({ filter, offset: 50, ids: ["a", "b"], limit: 51 });
      // A list page is not an article page.
      expect(lists.readPageDeps(html)).toBeUndefined();
    }
    const empty = renderToStaticMarkup(createElement("div", listDeclaration({ kind: "all" }, 0, [], 51)));
    expect(lists.readListDeps(empty)).toEqual({ filter: { kind: "all" }, offset: 0, ids: [], limit: 51 });
  });

  it("declares nothing for two declarations, an unknown filter, or more ids than its limit", () => {
    const one = `<div data-list-filter="all" data-list-offset="0" data-list-ids="a" data-list-limit="51">`;
    expect(lists.readListDeps(one)).toBeDefined();
    expect(lists.readListDeps(one + one)).toBeUndefined();
    expect(lists.readListDeps(one.replace('"all"', '"tag:x"'))).toBeUndefined();
    expect(lists.readListDeps(one.replace('"all"', '"section"'))).toBeUndefined();
    expect(lists.readListDeps(one.replace('"all"', '"section:%E0%A4%A"'))).toBeUndefined();
    expect(lists.readListDeps(one.replace('data-list-limit="51"', 'data-list-limit="0"'))).toBeUndefined();
    expect(lists.readListDeps(one.replace('data-list-ids="a"', 'data-list-ids="a a"'))).toBeUndefined();
    expect(lists.readListDeps(one.replace('data-list-offset="0" ', ""))).toBeUndefined();
  });
});

describe("whether changes after a list page's mark reach it", () => {
  const since = 100;
  // Articles hour h old in a section, with author keys; seq below the mark unless given.
  const art = (id: string, section: string | null, hoursAgo: number, seq: number, authors: string[] = [], withdrawn = false): ChangeRow & { authors: string[] } => ({
    ...row(id, section, hoursAgo, seq, withdrawn),
    authors,
  });
  // Section X newest first: x1..x5 (hours 1..5); page size 2 + 1 read ahead.
  const xs = [1, 2, 3, 4, 5].map((h) => art(`x${h}`, "X", h, h, h % 2 ? ["a"] : ["b"]));
  const x = (...ids: string[]) => xs.filter((r) => ids.includes(r.id));
  const page1: ListDeps = { filter: { kind: "section", section: "X" }, offset: 0, ids: ["x1", "x2", "x3"], limit: 3 };
  const page2: ListDeps = { filter: { kind: "section", section: "X" }, offset: 2, ids: ["x3", "x4", "x5"], limit: 3 };

  it("keeps the first page for a change in another section or one sorting after its window", () => {
    expect(lists.listStillValid(page1, [...x("x1", "x2", "x3"), art("y", "Y", 0, 101)], since, undefined)).toBe(true);
    expect(lists.listStillValid(page1, [...x("x1", "x2", "x3"), art("old", "X", 9, 101)], since, undefined)).toBe(true);
    // Withdrawn, and not among those it read: the first three stay the first three.
    expect(lists.listStillValid(page1, [...x("x1", "x2", "x3"), art("x9", "X", 0.5, 101, [], true)], since, undefined)).toBe(true);
  });

  it("renders the first page again for a new article of its filter before its last, or one it read changing", () => {
    expect(lists.listStillValid(page1, [...x("x1", "x2", "x3"), art("new", "X", 0, 101)], since, undefined)).toBe(false);
    expect(lists.listStillValid(page1, [...x("x1", "x2", "x3"), art("mid", "X", 2.5, 101)], since, undefined)).toBe(false);
    // The one read ahead (the «المزيد» link) going: the pager changes.
    expect(lists.listStillValid(page1, [...x("x1", "x2"), art("x3", "X", 3, 101, [], true)], since, undefined)).toBe(false);
    // An edit moving a shown article to another section: it is a declared id, whatever the row now says.
    expect(lists.listStillValid(page1, [...x("x1", "x3"), art("x2", "Y", 2, 101)], since, undefined)).toBe(false);
  });

  it("renders a short list again for any new article of its filter, however old", () => {
    const short: ListDeps = { ...page1, ids: ["x1", "x2"] };
    expect(lists.listStillValid(short, [...x("x1", "x2"), art("old", "X", 1000, 101)], since, undefined)).toBe(false);
    expect(lists.listStillValid(short, [...x("x1", "x2"), art("old", "Y", 1000, 101)], since, undefined)).toBe(true);
  });

  it("keeps page 2 only while the count before its window is its offset", () => {
    const rows = [...x("x3", "x4", "x5"), art("y", "Y", 0, 101)];
    expect(lists.listStillValid(page2, rows, since, 2)).toBe(true);
    // An article before the window moved to section Y by an edit (the row says only Y): one fewer before it.
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("x1", "Y", 1, 101)], since, 1)).toBe(false);
    // Withdrawn before the window.
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("x2", "X", 2, 101, [], true)], since, 1)).toBe(false);
    // An edit moving an article of X from before the window to long after it: its row sorts after, the count tells.
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("x1", "X", 1000, 101)], since, 1)).toBe(false);
    // A new article newer than everything: it lands before the window.
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("new", "X", 0, 101)], since, 3)).toBe(false);
    // Not read: never trusted as unchanged.
    expect(lists.listStillValid(page2, rows, since, undefined)).toBe(false);
  });

  it("renders page 2 again for a change inside its window or after a short one", () => {
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("in", "X", 3.5, 101)], since, 2)).toBe(false);
    const short: ListDeps = { ...page2, ids: ["x3", "x4"] };
    expect(lists.listStillValid(short, [...x("x3", "x4"), art("old", "X", 1000, 101)], since, 2)).toBe(false);
    expect(lists.listStillValid(page2, [...x("x3", "x4", "x5"), art("old", "X", 1000, 101)], since, 2)).toBe(true);
  });

  it("matches an author's list by the author keys a change row carries now", () => {
    const byA: ListDeps = { filter: { kind: "author", author: "a" }, offset: 0, ids: ["x1", "x3", "x5"], limit: 3 };
    const rows = x("x1", "x3", "x5");
    expect(lists.listStillValid(byA, [...rows, art("new", "X", 0, 101, ["b"])], since, undefined)).toBe(true);
    expect(lists.listStillValid(byA, [...rows, art("new", "Z", 0, 101, ["c", "a"])], since, undefined)).toBe(false);
    // An edit dropping the author from an article the page shows.
    expect(lists.listStillValid(byA, [x("x1")[0]!, x("x5")[0]!, art("x3", "X", 3, 101, ["b"])], since, undefined)).toBe(false);
  });

  it("renders again when the mark moved with no change to read, and for an empty home page at any new article", () => {
    expect(lists.listStillValid(page1, x("x1", "x2", "x3"), since, undefined)).toBe(false);
    const empty: ListDeps = { filter: { kind: "all" }, offset: 0, ids: [], limit: 3 };
    expect(lists.listStillValid(empty, [art("first", null, 1000, 101)], since, undefined)).toBe(false);
    expect(lists.listStillValid(empty, [art("gone", null, 1000, 101, [], true)], since, undefined)).toBe(true);
  });
});
