import { describe, expect, it } from "vitest";
import { formatBytes } from "./bytes";

describe("formatBytes", () => {
  it.each([
    [0, "0 كيلوبايت"],
    [512, "0.5 كيلوبايت"],
    [2048, "2 كيلوبايت"],
    [3.2 * 1024 ** 2, "3.2 ميغابايت"],
    [1.5 * 1024 ** 3, "1.5 غيغابايت"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("refuses what is not a size", () => {
    expect(() => formatBytes(-1)).toThrow(RangeError);
    expect(() => formatBytes(Number.NaN)).toThrow(RangeError);
  });
});
