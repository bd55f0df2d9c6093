import { describe, expect, it } from "vitest";
import { isPageToSearchWorker } from "./search-protocol";

describe("isPageToSearchWorker", () => {
  it("accepts every message this page sends", () => {
    for (const message of [
      { type: "open", timeZone: "Asia/Damascus" },
      { type: "search", id: 1, query: "دمشق", limit: 20 },
      { type: "synced" },
      { type: "synced", changes: { changed: ["a"], removed: [] } },
      { type: "flush" },
    ]) {
      expect(isPageToSearchWorker(message), JSON.stringify(message)).toBe(true);
    }
  });

  it("refuses what another version of the page (or anything else) might post", () => {
    for (const message of [
      null,
      "search",
      {},
      { type: "open" },
      { type: "search", id: 1, query: "دمشق" },
      { type: "search", id: "1", query: "دمشق", limit: 20 },
      { type: "search", id: 1, query: 42, limit: 20 },
      { type: "search", id: 1, query: "دمشق", limit: Number.POSITIVE_INFINITY },
      { type: "synced", changes: { changed: "a", removed: [] } },
      { type: "synced", changes: { changed: [1], removed: [] } },
      { type: "reindex" },
    ]) {
      expect(isPageToSearchWorker(message), JSON.stringify(message)).toBe(false);
    }
  });
});
