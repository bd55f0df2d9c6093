/**
 * The push workers of one process: inside the server (`npm start`, unless
 * WORKER=off) or on their own (`npm run worker`). They release scheduled
 * articles when due (lib/publish/release.ts), relay the outbox to the
 * queue and run its jobs (lib/push/fanout.ts), on the configured store's
 * database: pg-boss with DATABASE_URL, the SQLite file's `jobs` table without.
 */
import type { Agent } from "node:https";
import { openPgBossQueue } from "@/lib/jobs/pg-boss-queue";
import type { JobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { openSqliteQueue } from "@/lib/jobs/sqlite-queue";
import type { MediaCollectionConfig } from "@/lib/media/collect";
import { MEDIA_COLLECT_QUEUE, mediaCollectionScheduler, runMediaCollection } from "@/lib/media/collect";
import type { MediaStore } from "@/lib/media/media-store";
import { ScheduledRelease } from "@/lib/publish/release";
import type { ArticleStore } from "@/lib/store/article-store";
import { databaseUrl, dataDir } from "@/lib/store/open-store";
import type { BatchResult, FanoutConfig, FanoutDeps } from "./fanout";
import { ANNOUNCE_QUEUE, BATCH_QUEUE, batchExpireMs, closeSender, fanoutConfig, planAnnouncement, PUSH_QUEUES, relayAnnouncements, sendBatch } from "./fanout";
import { configuredVapidKeys } from "./vapid";

export interface PushWorker {
  queue: JobQueue;
  /** Look at the outbox and the queue now (a publish in this process). */
  wake(): void;
  stop(): Promise<void>;
}

export interface PushWorkerOptions {
  config?: FanoutConfig;
  agent?: Agent;
  /** Each finished batch (tests and the bench watch them). */
  onBatch?: (result: BatchResult) => void;
  /** Also collect unused pictures in this media store (lib/media/collect.ts), once per period across all workers. */
  media?: { store: MediaStore; config: MediaCollectionConfig };
}

/** The configured store's queue: pg-boss on DATABASE_URL, else the SQLite file in DATA_DIR (or where told). */
export async function openQueue(where: { databaseUrl?: string | undefined; dataDir?: string } = {}): Promise<JobQueue> {
  const url = "databaseUrl" in where ? where.databaseUrl : databaseUrl();
  return url ? openPgBossQueue(url, { queues: [...PUSH_QUEUES, MEDIA_COLLECT_QUEUE] }) : openSqliteQueue(where.dataDir ?? dataDir());
}

const REGISTRY = Symbol.for("akhbar.pushWorker");
type Registry = { [REGISTRY]?: PushWorker };

/** This process's push worker, when it runs one. */
export function runningPushWorker(): PushWorker | undefined {
  return (globalThis as Registry)[REGISTRY];
}

/** Wakes this process's push worker, if it runs one; the bundles of a Next server share it through globalThis. */
export function wakePushWorker(): void {
  (globalThis as Registry)[REGISTRY]?.wake();
}

export async function startPushWorker(store: ArticleStore, options: PushWorkerOptions = {}): Promise<PushWorker> {
  const config = options.config ?? fanoutConfig();
  const queue = await openQueue();
  const deps: FanoutDeps = { store, queue, config, vapid: () => configuredVapidKeys(store), ...(options.agent ? { agent: options.agent } : {}) };
  const media = options.media;
  const scheduleCollection = media && mediaCollectionScheduler(queue, media.config);
  // Scheduled articles are released here, before the relay, so their announcements go out in the same poll.
  const release = new ScheduledRelease(store, () => runner.wake());
  const runner: JobRunner = new JobRunner(queue, {
    pollMs: 1000,
    // Often enough that a batch lost with its worker runs again soon after it expires.
    maintainMs: Math.min(10_000, Math.max(500, batchExpireMs(config) / 4)),
    onPoll: async () => {
      await release.poll();
      await relayAnnouncements(deps);
      await scheduleCollection?.();
    },
  })
    .handle(ANNOUNCE_QUEUE, 1, (job) => planAnnouncement(deps, job))
    .handle(BATCH_QUEUE, config.batches, async (job) => {
      const result = await sendBatch(deps, job);
      options.onBatch?.(result);
    });
  if (media) runner.handle(MEDIA_COLLECT_QUEUE, 1, async () => void (await runMediaCollection(store, media.store, media.config)));
  runner.start();
  const worker: PushWorker = {
    queue,
    wake: () => runner.wake(),
    stop: async () => {
      if ((globalThis as Registry)[REGISTRY] === worker) delete (globalThis as Registry)[REGISTRY];
      release.stop();
      await runner.stop();
      closeSender(deps);
      await queue.close();
    },
  };
  (globalThis as Registry)[REGISTRY] = worker;
  return worker;
}
