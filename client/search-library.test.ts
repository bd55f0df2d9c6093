import { describe, expect, it } from "vitest";
import type { SyncSummary } from "./messages";
import { syncedChanges } from "./search-library";

const counted: SyncSummary = { count: 3, arrived: [], added: 1, updated: 0, removed: 0, at: 1 };

describe("syncedChanges", () => {
  it("passes on the ids a sync names: those it wrote, and those that left", () => {
    expect(syncedChanges({ ...counted, changed: ["a", "b"], gone: ["c"] })).toEqual({ changed: ["a", "b"], removed: ["c"] });
  });

  it("ignores a sync that changed nothing", () => {
    expect(syncedChanges({ ...counted, changed: [], gone: [] })).toBeUndefined();
    expect(syncedChanges({ ...counted, added: 0 })).toBeUndefined();
  });

  it("asks for a comparison when a sync only counts its changes (too many to name, or an older worker)", () => {
    expect(syncedChanges(counted)).toBe("compare");
    expect(syncedChanges({ ...counted, changed: ["a"] })).toBe("compare");
  });
});
