import { describe, expect, it } from "vitest";
import { article, ids, indexOf, seed } from "./articles.fixture";
import { searchableDocument } from "./document";
import { searchArticles } from "./ranking";
import { FOLD_FINGERPRINT, INDEX_FORMAT_VERSION, loadStoredIndex, storeIndex, storedBytes } from "./stored-index";
import type { StoredIndex } from "./stored-index";
import { syntheticArticle } from "./synthetic";

const stored = (): StoredIndex => storeIndex(indexOf(seed, article("other", "هروب الأسد", ["دمشق"])));

describe("the stored index", () => {
  it("round-trips: the loaded index finds what the saved one did, and keeps taking articles", () => {
    const index = indexOf(seed, article("gone", "خبر", ["دمشق"]), article("other", "هروب الأسد", ["دمشق"]));
    index.remove("gone");
    const loaded = loadStoredIndex(storeIndex(index));
    expect(loaded).toBeDefined();
    if (!loaded) return;
    for (const query of ["الاسد", "تجنب", "الثوره", "دمشق", "الثو", "«هروب الأسد»", "دمشق زززق"]) {
      expect(searchArticles(loaded, query), query).toEqual(searchArticles(index, query));
    }
    expect(loaded.has("gone")).toBe(false);
    expect(loaded.revisions()).toEqual(index.revisions());
    loaded.addOrReplace(article("fresh", "خبر", ["اللاذقية"]));
    expect(ids(loaded, "اللاذقية")).toEqual(["fresh"]);
    expect(ids(loaded, "اللا")).toEqual(["fresh"]);
  });

  it("drops the words only edited or removed articles had", () => {
    const index = indexOf(article("a", "خبر", ["صيدنايا"]), article("b", "خبر", ["حمص"]));
    index.addOrReplace(article("a", "خبر", ["المالكي"], { revision: 2 }));
    index.remove("b");
    expect(storeIndex(index).words.split(" ")).toEqual(["المالكي", "خبر"]);
  });

  it("keeps revisions and dates exactly, whatever their size", () => {
    const index = indexOf(article("a", "خبر", ["دمشق"], { revision: 2 ** 40, publishedAt: "0001-01-01T00:00:00Z" }));
    const loaded = loadStoredIndex(storeIndex(index));
    expect(loaded?.revisionOf("a")).toBe(2 ** 40);
    expect(loaded?.document(0)?.published).toBe(Date.parse("0001-01-01T00:00:00Z"));
  });

  it("takes at most half the bytes of the text it indexes", () => {
    const articles = Array.from({ length: 300 }, (_, i) => syntheticArticle(i));
    const text = articles.reduce((sum, a) => {
      const doc = searchableDocument(a);
      return sum + new TextEncoder().encode([doc.title, ...doc.parts].join("\n")).length;
    }, 0);
    expect(storedBytes(storeIndex(indexOf(...articles)))).toBeLessThan(text / 2);
  });

  it("is refused when of another format version or folding", () => {
    expect(stored()).toMatchObject({ format: INDEX_FORMAT_VERSION, fold: FOLD_FINGERPRINT });
    expect(loadStoredIndex({ ...stored(), format: INDEX_FORMAT_VERSION - 1 })).toBeUndefined();
    expect(loadStoredIndex({ ...stored(), fold: "00000000" })).toBeUndefined();
    // The first format: one JSON string of a MiniSearch index.
    expect(loadStoredIndex(undefined)).toBeUndefined();
    expect(loadStoredIndex('{"format":1}')).toBeUndefined();
  });

  it.each<[string, (s: StoredIndex) => unknown]>([
    ["null", () => null],
    ["an array", () => []],
    ["ids not strings", (s) => ({ ...s, ids: s.ids.map(() => 1) })],
    ["a repeated id", (s) => ({ ...s, ids: s.ids.map(() => "same") })],
    ["words out of order", (s) => ({ ...s, words: s.words.split(" ").reverse().join(" ") })],
    ["a header too short", (s) => ({ ...s, header: s.header.subarray(1) })],
    ["numbers as a plain array", (s) => ({ ...s, numbers: [...s.numbers] })],
    ["tokens cut short", (s) => ({ ...s, tokens: s.tokens.subarray(0, s.tokens.length - 3) })],
    ["a token past the words", (s) => ({ ...s, words: s.words.split(" ").slice(0, 3).join(" ") })],
  ])("is refused when damaged: %s", (_case, damage) => {
    expect(loadStoredIndex(damage(stored()))).toBeUndefined();
  });
});
