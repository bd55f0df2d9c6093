import { describe, expect, it } from "vitest";
import { resultsCount } from "./results-count";

describe("resultsCount", () => {
  it.each([
    [0, "لا نتائج"],
    [1, "نتيجة واحدة"],
    [2, "نتيجتان"],
    [3, "3 نتائج"],
    [10, "10 نتائج"],
    [11, "11 نتيجةً"],
    [99, "99 نتيجةً"],
    [100, "100 نتيجة"],
    [102, "102 نتيجة"],
    [103, "103 نتائج"],
    [5001, "5001 نتيجة"],
  ])("%i → %s", (n, phrase) => {
    expect(resultsCount(n)).toBe(phrase);
  });
});
