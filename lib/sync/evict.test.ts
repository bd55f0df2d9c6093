import { describe, expect, it } from "vitest";
import { DEFAULT_LIBRARY_LIMIT, libraryLimit } from "./evict";

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
