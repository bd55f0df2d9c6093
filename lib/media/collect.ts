/**
 * The collection of unused pictures. An upload is stored at once, before any
 * article names it; when the article is then refused, never published, or its
 * picture edited out, the picture would stay forever. This deletes pictures no
 * article names, in two steps a grace period apart:
 *
 * 1. a picture that no live article, scheduled article or article withdrawn
 *    less than MEDIA_WITHDRAWN_DAYS ago names is marked unused (once);
 * 2. it is deleted only when it has stayed unused for MEDIA_UNUSED_HOURS and
 *    was neither uploaded again nor named by a publish in that time
 *    (MediaStore.claim records both).
 *
 * A publish claims its pictures before writing the article, and removal takes
 * the picture out of reach before it reads the claim for the last time, so a
 * picture a publish is about to name is never deleted. Runs as a queue job
 * (lib/jobs) in the worker processes, one per period across all servers: the
 * job's id is derived from the period, and the queue takes one job per id.
 * Server only.
 */
import { type Env, mediaCollectionSettings } from "@/lib/config";
import type { JobQueue } from "@/lib/jobs/queue";
import { jobId } from "@/lib/push/fanout";
import type { ArticleStore } from "@/lib/store/article-store";
import type { MediaInfo, MediaStore } from "./media-store";

export const MEDIA_COLLECT_QUEUE = "media-collect";

export interface MediaCollectionConfig {
  /** How long a picture stays unused (and unclaimed) before it is deleted (MEDIA_UNUSED_HOURS). */
  unusedMs: number;
  /** How long a withdrawn article's pictures are kept in case it comes back (MEDIA_WITHDRAWN_DAYS). */
  withdrawnMs: number;
  /** One collection per this period, across all servers (MEDIA_COLLECT_MINUTES). */
  everyMs: number;
}

const HOUR = 3600_000;

/** The collection's settings from the environment (read in lib/config.ts); throws one Arabic line per bad variable. */
export function mediaCollectionConfig(env: Env = process.env): MediaCollectionConfig {
  const e = mediaCollectionSettings(env);
  return { unusedMs: e.unusedHours * HOUR, withdrawnMs: e.withdrawnDays * 24 * HOUR, everyMs: e.collectMinutes * 60_000 };
}

export interface CollectionResult {
  /** Pictures looked at. */
  pictures: number;
  /** Newly found unused, now marked. */
  marked: number;
  /** Deleted. */
  removed: number;
}

/** True when the picture may go: unused and unclaimed for the whole grace period. */
export function collectable(info: MediaInfo, config: Pick<MediaCollectionConfig, "unusedMs">, now: number): boolean {
  const before = now - config.unusedMs;
  const lastUse = Date.parse(info.usedAt ?? info.createdAt);
  const unusedSince = info.unusedSince === undefined ? NaN : Date.parse(info.unusedSince);
  // An unreadable date counts as recent: a picture is never deleted on a doubt.
  return unusedSince <= before && lastUse <= before;
}

/** One collection: marks pictures no article names, deletes those unused past their grace. */
export async function collectUnusedMedia(
  articles: Pick<ArticleStore, "mediaInUse">,
  media: MediaStore,
  config: Pick<MediaCollectionConfig, "unusedMs" | "withdrawnMs">,
  now = Date.now(),
): Promise<CollectionResult> {
  const inUse = new Set(await articles.mediaInUse(new Date(now - config.withdrawnMs).toISOString()));
  const result: CollectionResult = { pictures: 0, marked: 0, removed: 0 };
  for (const id of await media.list()) {
    const info = await media.info(id);
    // A folder without readable info is no picture a page can show; left for a person to look at.
    if (!info) continue;
    result.pictures++;
    if (inUse.has(id)) {
      // Named again (an article came back, or a picture went back in): its mark goes.
      if (info.unusedSince !== undefined) await media.claim(id);
      continue;
    }
    if (info.unusedSince === undefined) {
      await media.markUnused(id, new Date(now).toISOString());
      result.marked++;
      continue;
    }
    if (collectable(info, config, now) && (await media.remove(id, (fresh) => collectable(fresh, config, now)))) result.removed++;
  }
  return result;
}

/** The period `now` falls in: one collection job per period. */
export const collectionPeriod = (config: Pick<MediaCollectionConfig, "everyMs">, now: number) => Math.floor(now / config.everyMs);

/**
 * Queues this period's collection unless some server queued it already (the
 * job id is the period's). Each process asks once per period.
 */
export function mediaCollectionScheduler(queue: JobQueue, config: MediaCollectionConfig): (now?: number) => Promise<boolean> {
  let asked: number | undefined;
  return async (now = Date.now()) => {
    const period = collectionPeriod(config, now);
    if (period === asked) return false;
    const queued = await queue.send(
      MEDIA_COLLECT_QUEUE,
      { period },
      { id: jobId(MEDIA_COLLECT_QUEUE, period), retryLimit: 2, retryDelayMs: 60_000, expireMs: 30 * 60_000 },
    );
    asked = period;
    return queued;
  };
}

/** The job: one collection, reported in one line when it deleted or marked anything. */
export async function runMediaCollection(articles: Pick<ArticleStore, "mediaInUse">, media: MediaStore, config: MediaCollectionConfig): Promise<CollectionResult> {
  const result = await collectUnusedMedia(articles, media, config);
  if (result.removed > 0 || result.marked > 0) {
    console.log(`media: ${result.pictures} pictures, ${result.marked} newly unused, ${result.removed} deleted after ${config.unusedMs / HOUR} h unused`);
  }
  return result;
}
