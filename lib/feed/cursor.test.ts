import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("feed cursor", () => {
  it.each([0, 1, 42, 123456789, Number.MAX_SAFE_INTEGER])("round-trips %i", (seq) => {
    const cursor = encodeCursor(seq);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(seq);
  });

  it.each(["", "abc", "12", "!!!", "YzEuLTE", encodeCursor(5) + "x", "Yz Eu", "YzIuNQ", "YzEuMDE", "a".repeat(41)])(
    "rejects %j",
    (cursor) => {
      expect(decodeCursor(cursor)).toBeUndefined();
    },
  );
});
