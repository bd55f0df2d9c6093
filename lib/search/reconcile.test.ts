import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import { ArticleIndex } from "./article-index";
import { ids } from "./articles.fixture";
import type { ArticleSource } from "./reconcile";
import { applyChanges, reconcileIndex } from "./reconcile";

function article(id: string, text: string, revision = 1): Article {
  return {
    id,
    slug: `2024-12-08-${id}`,
    title: `خبر ${id}`,
    blocks: [{ type: "paragraph", children: [{ type: "text", value: text }] }],
    publishedAt: "2024-12-08T08:00:00.000Z",
    updatedAt: "2024-12-08T08:00:00.000Z",
    revision,
  };
}

/** An in-memory library: records by id and a cursor, counting what reconcile reads. */
class MemorySource implements ArticleSource {
  readonly records_ = new Map<string, unknown>();
  cursorValue: string | undefined = "c1";
  read = 0;

  put(...articles: Article[]): this {
    for (const a of articles) this.records_.set(a.id, { id: a.id, article: a, syncedAt: 1 });
    return this;
  }

  async cursor() {
    return this.cursorValue;
  }

  async ids() {
    return [...this.records_.keys()].sort();
  }

  async records(ids: readonly string[]) {
    const found = ids.flatMap((id) => (this.records_.has(id) ? [this.records_.get(id)] : []));
    this.read += found.length;
    return found;
  }

  async *chunks(size: number) {
    const all = [...this.records_.keys()].sort().map((id) => this.records_.get(id));
    for (let i = 0; i < all.length; i += size) {
      this.read += Math.min(size, all.length - i);
      yield all.slice(i, i + size);
    }
  }
}

describe("reconcileIndex", () => {
  it("builds an empty index from every readable record and skips unreadable ones", async () => {
    const source = new MemorySource().put(article("a", "دمشق"), article("b", "حمص"));
    source.records_.set("broken", { id: "broken", article: { id: "broken", title: 3 } });
    source.records_.set("no-id", { article: {} });
    const index = new ArticleIndex();
    const report = await reconcileIndex(index, source);
    expect(report).toMatchObject({ cursor: "c1", fullScan: true, added: 2, replaced: 0, removed: 0, unreadable: 2 });
    expect(ids(index, "دمشق")).toEqual(["a"]);
    expect(index.revisions()).toEqual(new Map([["a", 1], ["b", 1]]));
  });

  it("with the cursor unchanged, reads only the ids and the records it lacks", async () => {
    const source = new MemorySource().put(article("a", "دمشق"), article("b", "حمص"));
    const index = new ArticleIndex();
    const first = await reconcileIndex(index, source);
    // Articles that come and go without a sync: a newly held one, an evicted one.
    source.put(article("c", "حلب"));
    source.records_.delete("a");
    source.read = 0;
    const report = await reconcileIndex(index, source, { since: first.cursor });
    expect(report).toMatchObject({ fullScan: false, added: 1, removed: 1, replaced: 0 });
    expect(source.read).toBe(1);
    expect(ids(index, "حلب")).toEqual(["c"]);
    expect(ids(index, "دمشق")).toEqual([]);
  });

  it("with the cursor moved, replaces edited articles, adds new ones and removes withdrawn ones", async () => {
    const source = new MemorySource().put(article("a", "تحرير سجن صيدنايا"), article("b", "حمص"), article("w", "حماة"));
    const index = new ArticleIndex();
    const { cursor } = await reconcileIndex(index, source);
    source.put(article("a", "اقتحام حي المالكي", 2), article("n", "اللاذقية"));
    source.records_.delete("w");
    source.cursorValue = "c2";
    const report = await reconcileIndex(index, source, { since: cursor });
    expect(report).toMatchObject({ cursor: "c2", fullScan: true, added: 1, replaced: 1, removed: 1, unreadable: 0 });
    expect(ids(index, "صيدنايا")).toEqual([]);
    expect(ids(index, "المالكي")).toEqual(["a"]);
    expect(ids(index, "اللاذقية")).toEqual(["n"]);
    expect(ids(index, "حماة")).toEqual([]);
    expect(index.size).toBe(3);
  });

  it("replaces an article that came back at a lower revision", async () => {
    const index = new ArticleIndex();
    index.addOrReplace(article("a", "دمشق", 5));
    const source = new MemorySource().put(article("a", "حمص", 1));
    const report = await reconcileIndex(index, source);
    expect(report.replaced).toBe(1);
    expect(ids(index, "حمص")).toEqual(["a"]);
  });

  it("drops an indexed article whose stored copy became unreadable", async () => {
    const source = new MemorySource().put(article("a", "دمشق"));
    const index = new ArticleIndex();
    await reconcileIndex(index, source);
    source.records_.set("a", { id: "a", article: { id: "a", revision: 2 } });
    source.cursorValue = "c2";
    const report = await reconcileIndex(index, source, { since: "c1" });
    expect(report).toMatchObject({ removed: 1, unreadable: 1 });
    expect(index.size).toBe(0);
  });

  it("leaves an up-to-date index as it is after a full scan", async () => {
    const source = new MemorySource().put(article("a", "دمشق"), article("b", "حمص"));
    const index = new ArticleIndex();
    await reconcileIndex(index, source);
    const report = await reconcileIndex(index, source);
    expect(report).toMatchObject({ fullScan: true, added: 0, replaced: 0, removed: 0 });
  });

  it("pauses between slices of indexing", async () => {
    const source = new MemorySource().put(...Array.from({ length: 30 }, (_, i) => article(`a${i}`, `دمشق كلمة${i}`)));
    let pauses = 0;
    await reconcileIndex(new ArticleIndex(), source, {
      sliceMs: 0,
      chunkSize: 7,
      pause: async () => {
        pauses++;
      },
    });
    expect(pauses).toBe(30);
  });
});

describe("applyChanges", () => {
  it("reads only the articles a sync names, never the rest of the library", async () => {
    const source = new MemorySource().put(...Array.from({ length: 50 }, (_, i) => article(`a${i}`, `دمشق كلمة${i}`)));
    const index = new ArticleIndex();
    await reconcileIndex(index, source);
    source.put(article("a3", "اقتحام حي المالكي", 2), article("new", "اللاذقية"));
    source.records_.delete("a7");
    source.cursorValue = "c2";
    source.read = 0;
    const report = await applyChanges(index, source, { changed: ["a3", "new"], removed: ["a7"] });
    expect(report).toMatchObject({ cursor: "c2", fullScan: false, added: 1, replaced: 1, removed: 1, unreadable: 0 });
    expect(source.read).toBe(2);
    expect(ids(index, "المالكي")).toEqual(["a3"]);
    expect(ids(index, "اللاذقية")).toEqual(["new"]);
    expect(index.has("a7")).toBe(false);
    expect(index.size).toBe(50);
  });

  it("drops a changed article that is gone or unreadable by the time it is read", async () => {
    const source = new MemorySource().put(article("a", "دمشق"), article("b", "حمص"));
    const index = new ArticleIndex();
    await reconcileIndex(index, source);
    source.records_.delete("a");
    source.records_.set("b", { id: "b", article: { id: "b", revision: 2 } });
    const report = await applyChanges(index, source, { changed: ["a", "b"], removed: [] });
    expect(report).toMatchObject({ removed: 2, unreadable: 1 });
    expect(index.size).toBe(0);
  });
});
