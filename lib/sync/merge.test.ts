import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import { planMerge } from "./merge";

function article(id: string, revision: number, title = `مقال تجريبي ${id}`): Article {
  return {
    id,
    slug: `slug-${id}`,
    title,
    blocks: [{ type: "paragraph", children: [{ type: "text", value: `نص تجريبي ${id} ${revision}` }] }],
    publishedAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    revision,
  };
}

const held = (entries: Record<string, number>) => (id: string) => entries[id];

describe("planMerge", () => {
  it("adds articles the phone does not hold", () => {
    const plan = planMerge({ articles: [article("a", 1), article("b", 1)], deleted: [] }, held({}));
    expect(plan.put.map((a) => a.id)).toEqual(["a", "b"]);
    expect(plan.remove).toEqual([]);
    expect(plan.skipped).toBe(0);
  });

  it("replaces an older revision with a newer one (an edit)", () => {
    const plan = planMerge({ articles: [article("a", 3)], deleted: [] }, held({ a: 2 }));
    expect(plan.put.map((a) => [a.id, a.revision])).toEqual([["a", 3]]);
  });

  it("never writes an older revision over a newer one", () => {
    const plan = planMerge({ articles: [article("a", 1)], deleted: [] }, held({ a: 2 }));
    expect(plan.put).toEqual([]);
    expect(plan.skipped).toBe(1);
  });

  it("skips the same revision again, so a page replayed after an interruption adds no duplicates", () => {
    const page = { articles: [article("a", 1), article("b", 2)], deleted: [] };
    const plan = planMerge(page, held({ a: 1, b: 2 }));
    expect(plan.put).toEqual([]);
    expect(plan.skipped).toBe(2);
  });

  it("keeps only the newest revision when a page carries an id twice", () => {
    const plan = planMerge({ articles: [article("a", 2), article("a", 4), article("a", 3)], deleted: [] }, held({}));
    expect(plan.put.map((a) => a.revision)).toEqual([4]);
    expect(plan.skipped).toBe(2);
  });

  it("removes withdrawn articles the phone holds and ignores ones it never had", () => {
    const plan = planMerge({ articles: [], deleted: ["a", "zzz"] }, held({ a: 1 }));
    expect(plan.remove).toEqual(["a"]);
  });

  it("does not write an article the same page withdraws", () => {
    const plan = planMerge({ articles: [article("a", 2)], deleted: ["a"] }, held({ a: 1 }));
    expect(plan.put).toEqual([]);
    expect(plan.remove).toEqual(["a"]);
  });

  it("mixes adds, edits, stale copies and withdrawals in one page", () => {
    const plan = planMerge(
      { articles: [article("new", 1), article("edited", 5), article("stale", 1)], deleted: ["gone"] },
      held({ edited: 4, stale: 2, gone: 1 }),
    );
    expect(plan.put.map((a) => a.id)).toEqual(["new", "edited"]);
    expect(plan.remove).toEqual(["gone"]);
    expect(plan.skipped).toBe(1);
  });
});
