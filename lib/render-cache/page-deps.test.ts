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
