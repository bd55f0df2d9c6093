import { describe, expect, it } from "vitest";
import { chooseEvictions, DEFAULT_LIBRARY_LIMIT, libraryLimit } from "./evict";

describe("chooseEvictions", () => {
  const ids = ["a", "b", "c", "d", "e"];

  it("keeps everything under the limit", () => {
    expect(chooseEvictions(ids, new Set(), 5)).toEqual([]);
    expect(chooseEvictions(ids, new Set(), 10)).toEqual([]);
  });

  it("evicts the oldest first", () => {
    expect(chooseEvictions(ids, new Set(), 3)).toEqual(["a", "b"]);
  });

  it("never evicts a saved article, and saved ones do not count against the limit", () => {
    expect(chooseEvictions(ids, new Set(["a", "c"]), 2)).toEqual(["b"]);
    expect(chooseEvictions(ids, new Set(ids), 0)).toEqual([]);
  });

  it("treats a negative limit as zero", () => {
    expect(chooseEvictions(ids, new Set(["e"]), -3)).toEqual(["a", "b", "c", "d"]);
  });
});

describe("libraryLimit", () => {
  it("accepts only the limits offered", () => {
    expect(libraryLimit(50)).toBe(50);
    expect(libraryLimit(2000)).toBe(2000);
    expect(libraryLimit(10000)).toBe(10000);
    expect(libraryLimit(undefined)).toBe(DEFAULT_LIBRARY_LIMIT);
    expect(libraryLimit(7)).toBe(DEFAULT_LIBRARY_LIMIT);
    expect(libraryLimit("50")).toBe(DEFAULT_LIBRARY_LIMIT);
  });
});
