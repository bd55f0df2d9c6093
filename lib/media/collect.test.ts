// The collection of unused pictures, with a real SQLite store, real uploads
// (sharp) into a real media folder, and the real job queues (SQLite's, and
// pg-boss on a throwaway PostgreSQL database). Only the clock is moved.
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { publishArticle, reviseArticle, withdrawArticle } from "@/lib/publish/publish";
import { PublishError } from "@/lib/publish/errors";
import { openQueue, startPushWorker } from "@/lib/push/worker";
import type { ArticleStore } from "@/lib/store/article-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase } from "@/test/support/postgres";
import { syntheticPhoto } from "@/test/support/synthetic-photo.mjs";
import type { MediaCollectionConfig } from "./collect";
import { collectionPeriod, collectUnusedMedia, MEDIA_COLLECT_QUEUE, mediaCollectionConfig, mediaCollectionScheduler } from "./collect";
import { FileMediaStore } from "./media-store";
import { ingestImage } from "./upload";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CONFIG: MediaCollectionConfig = { unusedMs: 24 * HOUR, withdrawnMs: 30 * DAY, everyMs: HOUR };
const T0 = Date.parse("2026-03-01T08:00:00Z");

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function place(): { dir: string; store: ArticleStore; media: FileMediaStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "media-collect-"));
  const store = openSqliteStore(dir);
  cleanups.push(() => store.close());
  return { dir, store, media: new FileMediaStore(path.join(dir, "media")) };
}

/** Only Date moves: sharp, the file system and timers run for real. */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
}

const photos = new Map<number, Buffer>();

/** Uploads synthetic photo number `seed` (the same bytes each time for one seed). */
async function upload(media: FileMediaStore, seed: number): Promise<string> {
  let photo = photos.get(seed);
  if (!photo) photos.set(seed, (photo = await syntheticPhoto({ width: 400, height: 300, seed })));
  return (await ingestImage(media, [photo], "image/jpeg")).id;
}

const article = (title: string, ...ids: string[]) => ({
  title: `مقال تجريبي: ${title}`,
  body: [...ids.map((id) => `![صورة تجريبية](/media/${id})`), "نص تجريبي."].join("\n\n"),
});

/** Pictures whose folders are on disk. */
const onDisk = (media: FileMediaStore) => (existsSync(media.root) ? readdirSync(media.root).filter((n) => !n.startsWith(".")).sort() : []);

describe("collecting unused pictures", () => {
  it("deletes refused, never-published and edited-out uploads a grace period after they were first found unused; keeps used and lately withdrawn ones", async () => {
    const { store, media } = place();
    clockAt(T0);
    const [used, orphan, editedOut, withdrawn, shared] = [await upload(media, 1), await upload(media, 2), await upload(media, 3), await upload(media, 4), await upload(media, 5)];
    const refused = await upload(media, 6);
    await publishArticle(store, article("حي", used, shared), { media });
    // Refused after its picture was uploaded: the picture stays behind, unused.
    await expect(publishArticle(store, { ...article("مرفوض", refused), title: "" }, { media })).rejects.toBeInstanceOf(PublishError);
    const edited = await publishArticle(store, article("معدّل", editedOut), { media });
    await reviseArticle(store, edited.id, article("معدّل", used), media);
    const gone = await publishArticle(store, article("مسحوب", withdrawn, shared), { media });
    await withdrawArticle(store, gone.id);
    expect(onDisk(media)).toHaveLength(6);

    // First pass: unused ones are marked, nothing goes, however old the uploads.
    clockAt(T0 + 3 * DAY);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 6, marked: 3, removed: 0 });
    expect((await media.info(orphan))?.unusedSince).toBe(new Date(T0 + 3 * DAY).toISOString());
    expect((await media.info(used))?.unusedSince).toBeUndefined();
    expect((await media.info(withdrawn))?.unusedSince).toBeUndefined();

    // Within the grace period: still there and still served.
    clockAt(T0 + 3 * DAY + 23 * HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 6, marked: 0, removed: 0 });
    expect(await media.open(orphan, "320.jpg")).toBeDefined();

    clockAt(T0 + 4 * DAY + HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 6, marked: 0, removed: 3 });
    expect(onDisk(media)).toEqual([used, withdrawn, shared].sort());
    expect(await media.open(orphan, "320.jpg")).toBeUndefined();
    expect(await media.info(refused)).toBeUndefined();
    expect(await media.open(used, "320.jpg")).toBeDefined();

    // A withdrawn article's own pictures are kept MEDIA_WITHDRAWN_DAYS, then go like any other; shared ones stay.
    clockAt(T0 + 31 * DAY);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 3, marked: 1, removed: 0 });
    clockAt(T0 + 32 * DAY + HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 3, marked: 0, removed: 1 });
    expect(onDisk(media)).toEqual([used, shared].sort());
  });

  it("never deletes a picture uploaded again or named by a publish during its grace period, and clears its mark", async () => {
    const { store, media } = place();
    clockAt(T0);
    const again = await upload(media, 11);
    const named = await upload(media, 12);
    clockAt(T0 + HOUR);
    expect((await collectUnusedMedia(store, media, CONFIG)).marked).toBe(2);

    // Near the end of the grace: the same bytes are uploaded again, and the other picture is published.
    clockAt(T0 + 24 * HOUR);
    expect(await upload(media, 11)).toBe(again);
    await publishArticle(store, article("يعود", named), { media });
    expect((await media.info(again))?.unusedSince).toBeUndefined();
    expect((await media.info(again))?.usedAt).toBe(new Date(T0 + 24 * HOUR).toISOString());

    clockAt(T0 + 26 * HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 2, marked: 1, removed: 0 });
    // The re-upload's grace runs from its last use, and the mark from this pass.
    clockAt(T0 + 49 * HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 2, marked: 0, removed: 0 });
    clockAt(T0 + 51 * HOUR);
    expect(await collectUnusedMedia(store, media, CONFIG)).toEqual({ pictures: 2, marked: 0, removed: 1 });
    expect(onDisk(media)).toEqual([named]);
  });

  it("removes a picture all at once, and puts it back whole when its last look finds it used", async () => {
    const { media } = place();
    const id = await upload(media, 21);
    const files = readdirSync(path.join(media.root, id)).sort();
    // The check runs with the picture out of reach: a claim then finds nothing to claim.
    let claimDuring: unknown = "not called";
    expect(
      await media.remove(id, () => {
        claimDuring = existsSync(path.join(media.root, id));
        return false;
      }),
    ).toBe(false);
    expect(claimDuring).toBe(false);
    expect(readdirSync(path.join(media.root, id)).sort()).toEqual(files);
    expect(await media.open(id, "320.webp")).toBeDefined();

    expect(await media.remove(id, () => true)).toBe(true);
    expect(readdirSync(media.root).filter((n) => n !== ".incoming")).toEqual([]);
    expect(await media.remove(id, () => true)).toBe(false);
    expect(await media.claim(id)).toBeUndefined();

    // A removal killed midway leaves its folder aside; the sweep at start-up takes it once it is
    // an hour old by the time in its name (its mtime is the picture's, however old), never sooner.
    const now = Date.now();
    mkdirSync(path.join(media.root, `.trash-${now - 2 * HOUR}-aa`));
    mkdirSync(path.join(media.root, `.trash-${now - 60_000}-bb`));
    await media.sweep(now);
    expect(readdirSync(media.root).filter((n) => n.startsWith(".trash-"))).toEqual([`.trash-${now - 60_000}-bb`]);
  });

  it("reads its settings from the environment, refusing bad ones in Arabic", () => {
    expect(mediaCollectionConfig({})).toEqual(CONFIG);
    expect(mediaCollectionConfig({ MEDIA_UNUSED_HOURS: "48", MEDIA_WITHDRAWN_DAYS: "0", MEDIA_COLLECT_MINUTES: "15" })).toEqual({
      unusedMs: 48 * HOUR,
      withdrawnMs: 0,
      everyMs: 15 * 60_000,
    });
    expect(() => mediaCollectionConfig({ MEDIA_UNUSED_HOURS: "0" })).toThrow(/MEDIA_UNUSED_HOURS: عدد صحيح/);
    expect(() => mediaCollectionConfig({ MEDIA_COLLECT_MINUTES: "1441" })).toThrow(/MEDIA_COLLECT_MINUTES/);
    expect(() => mediaCollectionConfig({ MEDIA_WITHDRAWN_DAYS: "ثلاثون" })).toThrow(/MEDIA_WITHDRAWN_DAYS/);
  });
});

describe.each([
  {
    name: "sqlite",
    queues: async (dir: string) => [await openQueue({ databaseUrl: undefined, dataDir: dir }), await openQueue({ databaseUrl: undefined, dataDir: dir })],
  },
  {
    name: "postgres",
    queues: async () => {
      const db = await createTestDatabase("collect");
      cleanups.push(() => db.drop());
      // Two servers' queues on one database: the first installs pg-boss's schema, the second finds it.
      const first = await openQueue({ databaseUrl: db.url });
      return [first, await openQueue({ databaseUrl: db.url })];
    },
  },
])("one collection per period across servers ($name)", ({ queues }) => {
  it("queues a period's collection once however many workers ask, and again the next period", async () => {
    const { dir } = place();
    const [a, b] = await queues(dir);
    cleanups.push(async () => {
      await a!.close();
      await b!.close();
    });
    const now = T0 + 10 * 60_000;
    const askA = mediaCollectionScheduler(a!, CONFIG);
    const askB = mediaCollectionScheduler(b!, CONFIG);
    // Two servers asking at once: one of them queues it.
    expect((await Promise.all([askA(now), askB(now)])).filter(Boolean)).toHaveLength(1);
    expect(await askB(now + 1000)).toBe(false);
    const taken = [...(await a!.fetch(MEDIA_COLLECT_QUEUE, 5)), ...(await b!.fetch(MEDIA_COLLECT_QUEUE, 5))];
    expect(taken.map((j) => j.data)).toEqual([{ period: collectionPeriod(CONFIG, now) }]);
    await a!.complete(MEDIA_COLLECT_QUEUE, taken[0]!.id);
    // Asked again within the same period once the job is done (a restarted server): still not twice.
    expect(await mediaCollectionScheduler(b!, CONFIG)(now + 2000)).toBe(false);
    expect(await b!.fetch(MEDIA_COLLECT_QUEUE, 5)).toEqual([]);
    expect((await Promise.all([askA(now + HOUR), askB(now + HOUR)])).filter(Boolean)).toHaveLength(1);
  }, 60_000);
});

it("the worker process runs the collection from its queue", async () => {
  const { dir, store, media } = place();
  vi.stubEnv("DATA_DIR", dir);
  vi.stubEnv("DATABASE_URL", "");
  const orphan = await upload(media, 31);
  const worker = await startPushWorker(store, { media: { store: media, config: CONFIG } });
  cleanups.push(() => worker.stop());
  const deadline = Date.now() + 20_000;
  while ((await media.info(orphan))?.unusedSince === undefined || (await worker.queue.unfinished(MEDIA_COLLECT_QUEUE)) > 0) {
    if (Date.now() > deadline) throw new Error("the worker never ran the collection");
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(onDisk(media)).toEqual([orphan]);
});
