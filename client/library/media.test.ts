/**
 * Pictures kept offline: their bookkeeping in IndexedDB (fake-indexeddb) and
 * the worker's pass that fills the media cache (a Cache Storage of our own
 * here, with a byte budget that throws QuotaExceededError as a full phone does).
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Article, Block } from "@/lib/article/model";
import { storeImages } from "@/sw/media";
import { closeLibrary } from "./connection";
import { heldAmongImages, imageTotals, MEDIA_CACHE, setImagesOffline, sweepImages, wantedImages } from "./media";
import { setMeta } from "./meta";
import { toggleSaved } from "./saved";
import { DB_NAME, upgrades } from "./schema";
import { applyFeedPage, evictOldest } from "./sync";

const mediaId = (n: number) => n.toString(16).padStart(32, "0");
const picture = (n: number, width = 2000): Block => ({
  type: "image",
  src: `/media/${mediaId(n)}`,
  alt: `صورة ${n}`,
  width,
  height: width / 2,
  placeholder: "data:image/webp;base64,UklGRg==",
});
const article = (n: number, pictures: Block[] = [picture(n)]): Article => ({
  id: `id-${n}`,
  slug: `test-${n}`,
  title: `مقال تجريبي ${n}`,
  blocks: [...pictures, { type: "paragraph", children: [{ type: "text", value: `نص ${n}` }] }],
  publishedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
  updatedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
  revision: 1,
});
const page = (articles: Article[], deleted: string[] = []) => ({ articles, deleted, cursor: "c", hasMore: false });
const normal = { firstSync: false, resync: undefined };

/** Cache Storage with one budget in bytes for every cache, as a phone's quota is. */
class Caches {
  readonly entries = new Map<string, Map<string, Response>>();
  constructor(public budget = Infinity) {}
  used(): number {
    let total = 0;
    for (const cache of this.entries.values()) for (const r of cache.values()) total += Number(r.headers.get("Content-Length"));
    return total;
  }
  async open(name: string) {
    const cache = this.entries.get(name) ?? new Map<string, Response>();
    this.entries.set(name, cache);
    return {
      put: async (key: string, response: Response) => {
        if (this.used() + Number(response.headers.get("Content-Length")) > this.budget) {
          throw new DOMException("full", "QuotaExceededError");
        }
        cache.set(key, response);
      },
      match: async (key: string) => cache.get(key)?.clone(),
      delete: async (key: string) => cache.delete(key),
    };
  }
  keys(name = MEDIA_CACHE): string[] {
    return [...(this.entries.get(name)?.keys() ?? [])].sort();
  }
}

let fakeCaches: Caches;
const fetched: string[] = [];
let online = true;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  fakeCaches = new Caches();
  fetched.length = 0;
  online = true;
  vi.stubGlobal("caches", fakeCaches);
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      if (!online) throw new TypeError("Failed to fetch");
      fetched.push(url);
      // Every variant 1,000 bytes: budgets below count pictures.
      return new Response(new Uint8Array(1000), { headers: { "Content-Type": "image/webp" } });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeLibrary();
});

const mediaKey = (n: number) => `/media/${mediaId(n)}`;

describe("pictures kept offline", () => {
  it("lists an article's pictures as it is stored, and stores the variant that fits the screen, newest articles first", async () => {
    await applyFeedPage(page([article(1), article(2, [picture(2), picture(3, 800)])]), normal);
    // Newest article first; one article's pictures by id, last first.
    expect((await wantedImages()).map((m) => m.id)).toEqual([mediaId(3), mediaId(2), mediaId(1)]);
    await setMeta("screen", { width: 390, devicePixelRatio: 3, avif: true });
    expect(await storeImages()).toEqual({ stored: 3, released: 0 });
    expect(fetched).toEqual([`/media/${mediaId(3)}/800.avif`, `/media/${mediaId(2)}/1120.avif`, `/media/${mediaId(1)}/1120.avif`]);
    expect(fakeCaches.keys()).toEqual([mediaKey(1), mediaKey(2), mediaKey(3)].sort());
    expect(await imageTotals()).toEqual({ count: 3, bytes: 3000, listed: 3 });
    expect(await wantedImages()).toEqual([]);
  });

  it("deletes a picture with the last article that shows it: withdrawn, evicted or edited out", async () => {
    const shared = picture(9);
    await applyFeedPage(page([article(1, [shared]), article(2, [shared, picture(2)]), article(3), article(4)]), normal);
    await storeImages();
    expect(fakeCaches.keys()).toHaveLength(4);
    // Withdrawn: its own picture goes, the shared one stays for article 1.
    await applyFeedPage(page([], ["id-2"]), normal);
    expect(await sweepImages()).toBe(1);
    expect(fakeCaches.keys()).toEqual([mediaKey(3), mediaKey(4), mediaKey(9)].sort());
    // Edited to show no picture.
    await applyFeedPage(page([{ ...article(4, []), revision: 2 }]), normal);
    // Evicted by the library's limit (the oldest, article 1, goes; the shared picture with it).
    expect(await evictOldest(2)).toEqual(["id-1"]);
    expect(await sweepImages()).toBe(2);
    expect(fakeCaches.keys()).toEqual([mediaKey(3)]);
    expect(await heldAmongImages([mediaId(3), mediaId(9)])).toEqual(new Set([mediaId(3)]));
  });

  it("when the phone is full, lets the oldest unsaved pictures go, never a saved article's, never for an older one", async () => {
    fakeCaches.budget = 3000;
    await applyFeedPage(page([article(1), article(2), article(3)]), normal);
    await toggleSaved("id-1");
    await storeImages();
    expect(fakeCaches.keys()).toHaveLength(3);
    // Two newer articles: the oldest unsaved picture (article 2's) makes way; the saved one stays.
    await applyFeedPage(page([article(4), article(5)]), normal);
    const pass = await storeImages();
    expect(fakeCaches.keys()).toEqual([mediaKey(1), mediaKey(4), mediaKey(5)].sort());
    expect(pass.stored).toBe(2);
    // An older article's picture does not push out newer ones: the pass stops, full, and the text stays.
    await applyFeedPage(page([{ ...article(0) }]), normal);
    expect(await storeImages()).toEqual({ stored: 0, released: 0, stopped: "full" });
    expect(fakeCaches.keys()).toEqual([mediaKey(1), mediaKey(4), mediaKey(5)].sort());
  });

  it("gives the room eviction freed back to the pictures that made way, newest first, never to older ones", async () => {
    fakeCaches.budget = 5000;
    await applyFeedPage(page([1, 2, 3, 4, 5, 6, 7, 8].map((n) => article(n))), normal);
    expect(await storeImages()).toEqual({ stored: 5, released: 0, stopped: "full" });
    expect(fakeCaches.keys()).toEqual([4, 5, 6, 7, 8].map(mediaKey).sort());
    // A newer article: its picture makes ten (here all five) older ones go, and the freed room
    // goes back to the newest of them, not to the older pictures still waiting (1-3).
    await applyFeedPage(page([article(9)]), normal);
    expect(await storeImages()).toEqual({ stored: 5, released: 0, stopped: "full" });
    expect(fakeCaches.keys()).toEqual([5, 6, 7, 8, 9].map(mediaKey).sort());
  });

  it("lists, once, the pictures of articles a library held before it kept pictures", async () => {
    const old = await openDB(DB_NAME, 3, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < 3; v++) upgrades[v]?.(db as never, tx as never);
      },
    });
    await old.put("articles", { id: "id-1", article: article(1), syncedAt: 1 });
    old.close();
    expect(await storeImages()).toEqual({ stored: 1, released: 0 });
    expect(fakeCaches.keys()).toEqual([mediaKey(1)]);
  });

  it("«أبدًا» stores none and lets go of those held; offline, the pass stops and resumes later", async () => {
    await applyFeedPage(page([article(1), article(2)]), normal);
    online = false;
    expect(await storeImages()).toEqual({ stored: 0, released: 0, stopped: "offline" });
    online = true;
    expect((await storeImages()).stored).toBe(2);
    await setImagesOffline("never");
    await applyFeedPage(page([article(3)]), normal);
    expect(await storeImages()).toEqual({ stored: 0, released: 2 });
    expect(fakeCaches.keys()).toEqual([]);
    expect(await imageTotals()).toEqual({ count: 0, bytes: 0, listed: 3 });
    await setImagesOffline("always");
    expect((await storeImages()).stored).toBe(3);
  });
});
