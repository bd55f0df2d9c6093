import { describe, expect, it } from "vitest";
import type { Article } from "@/lib/article/model";
import { article } from "@/lib/search/articles.fixture";
import type { StoredIndex } from "@/lib/search/stored-index";
import type { SearchWorkerToPage } from "./search-protocol";
import { SearchSession } from "./search-session";
import type { LoadedIndex, SearchStorage } from "./search-storage";

/** The library in memory, counting the records search reads. */
class MemoryStorage implements SearchStorage {
  readonly held = new Map<string, unknown>();
  cursorValue: string | undefined = "c1";
  stored: LoadedIndex | undefined;
  read = 0;

  put(...articles: Article[]): this {
    for (const a of articles) this.held.set(a.id, { id: a.id, article: a, syncedAt: 1 });
    return this;
  }

  async loadIndex() {
    return this.stored;
  }
  async saveIndex(index: StoredIndex, cursor: string | undefined) {
    this.stored = { index, cursor };
  }
  async cursor() {
    return this.cursorValue;
  }
  async ids() {
    return [...this.held.keys()];
  }
  async records(ids: readonly string[]) {
    const found = ids.flatMap((id) => (this.held.has(id) ? [this.held.get(id)] : []));
    this.read += found.length;
    return found;
  }
  async *chunks(size: number) {
    const all = [...this.held.values()];
    for (let i = 0; i < all.length; i += size) {
      this.read += Math.min(size, all.length - i);
      yield all.slice(i, i + size);
    }
  }
}

function session(storage: MemoryStorage) {
  const posted: SearchWorkerToPage[] = [];
  const s = new SearchSession(storage, { timeZone: "Asia/Damascus", post: (m) => posted.push(m), saveDelayMs: 60_000 });
  const measures = (name: string) => posted.flatMap((m) => (m.type === "measure" && m.name === name ? [m.detail] : []));
  /** Waits until the session's queued work has run. */
  const settled = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { s, posted, measures, settled };
}

const zaatar = article("z", "مقال تجريبي عن الزعتر", ["فقرة عن قطاف الزعتر في الجبل"], {
  section: "اختبارات",
  // 23:30 UTC on 8 December is already 9 December in Damascus.
  publishedAt: "2024-12-08T23:30:00Z",
});

describe("SearchSession", () => {
  it("rebuilds from the library when nothing is stored, then saves once asked", async () => {
    const storage = new MemoryStorage().put(zaatar, article("b", "خبر", ["حمص"]));
    const { s, measures } = session(storage);
    await s.open();
    expect(measures("search:load")).toEqual([{ source: "rebuilt", articles: 2 }]);
    await s.save();
    expect(storage.stored?.cursor).toBe("c1");
    expect(measures("search:save")).toMatchObject([{ articles: 2 }]);
  });

  it("loads the stored index and compares only ids while the library's cursor has not moved", async () => {
    const storage = new MemoryStorage().put(zaatar);
    const first = session(storage);
    await first.s.open();
    await first.s.save();
    storage.read = 0;

    const second = session(storage);
    await second.s.open();
    await second.settled();
    expect(second.measures("search:load")).toEqual([{ source: "stored", articles: 1 }]);
    expect(second.measures("search:reconcile")).toMatchObject([{ fullScan: false, added: 0 }]);
    expect(storage.read).toBe(0);
  });

  it("finds with section and the date in the site's zone, and says which words were left out", async () => {
    const { s } = session(new MemoryStorage().put(zaatar));
    await s.open();
    const found = await s.search("الزعتر في", 10);
    expect(found).toMatchObject({ kind: "all", total: 1, ignored: ["في"], missing: [] });
    expect(found.results).toEqual([
      {
        id: "z",
        href: "/articles/z",
        title: [
          { text: "مقال تجريبي عن ", match: false },
          { text: "الزعتر", match: true },
        ],
        snippet: [
          { text: "فقرة عن قطاف ", match: false },
          { text: "الزعتر", match: true },
          { text: " في الجبل", match: false },
        ],
        section: "اختبارات",
        date: "9 كانون الأول 2024",
        dateTime: "2024-12-09",
      },
    ]);
    expect(await s.search("الزعتر زززق", 10)).toMatchObject({ kind: "partial", total: 1, missing: ["زززق"] });
  });

  it("applies a sync that names its changes by reading only those articles", async () => {
    const storage = new MemoryStorage().put(...Array.from({ length: 30 }, (_, i) => article(`a${i}`, "خبر", [`دمشق كلمة${i}`])));
    const { s, posted, measures, settled } = session(storage);
    await s.open();
    await settled();
    storage.put(zaatar);
    storage.held.delete("a1");
    storage.cursorValue = "c2";
    storage.read = 0;
    posted.length = 0;
    s.synced({ changed: ["z"], removed: ["a1"] });
    await settled();
    expect(storage.read).toBe(1);
    expect(measures("search:update")).toMatchObject([{ cursor: "c2", added: 1, removed: 1 }]);
    expect(posted.filter((m) => m.type === "changed")).toHaveLength(1);
    expect((await s.search("الزعتر", 10)).total).toBe(1);
    expect((await s.search("كلمة1 ", 10)).total).toBe(0);
    // The cursor moved with the changes applied: saved with it, a later load compares ids only.
    await s.save();
    expect(storage.stored?.cursor).toBe("c2");
  });

  it("compares when the sync only counts its changes", async () => {
    const storage = new MemoryStorage().put(article("a", "خبر", ["دمشق"]));
    const { s, measures, settled } = session(storage);
    await s.open();
    await settled();
    storage.put(article("a", "خبر", ["حلب"], { revision: 2 }));
    storage.cursorValue = "c2";
    s.synced();
    await settled();
    expect(measures("search:reconcile").at(-1)).toMatchObject({ fullScan: true, replaced: 1 });
    expect((await s.search("حلب", 10)).total).toBe(1);
  });

  it("catches up when a result's article is gone from the library", async () => {
    const storage = new MemoryStorage().put(zaatar);
    const { s, settled } = session(storage);
    await s.open();
    storage.held.delete("z");
    expect(await s.search("الزعتر", 10)).toMatchObject({ total: 0, results: [] });
    await settled();
    expect((await s.search("الزعتر", 10)).kind).toBe("none");
  });
});
