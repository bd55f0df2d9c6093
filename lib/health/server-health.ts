/** This server's health (/api/health): the configured store, and its push queue. */
import { databaseUrl, dataDir, workerMode } from "@/lib/config";
import { openPgBossQueue } from "@/lib/jobs/pg-boss-queue";
import type { JobQueue } from "@/lib/jobs/queue";
import { openSqliteQueue } from "@/lib/jobs/sqlite-queue";
import { PUSH_QUEUES } from "@/lib/push/fanout";
import { runningPushWorker } from "@/lib/push/worker";
import { getStore } from "@/lib/store/open-store";
import { healthReport, type HealthReport } from "./report";

const QUEUES = Symbol.for("akhbar.healthQueues");
type Registry = { [QUEUES]?: Map<string, Promise<JobQueue>> };

/**
 * The queue to count jobs in when this process runs no workers: opened once
 * (pg-boss on one connection) and kept; one that failed to open is forgotten.
 */
function lookoutQueue(): Promise<JobQueue> {
  const url = databaseUrl();
  const key = url ?? `sqlite:${dataDir()}`;
  const queues = ((globalThis as Registry)[QUEUES] ??= new Map());
  let queue = queues.get(key);
  if (!queue) {
    queue = url ? openPgBossQueue(url, { queues: PUSH_QUEUES, maxConnections: 1 }) : Promise.resolve(openSqliteQueue(dataDir()));
    queues.set(key, queue);
    queue.catch(() => queues.delete(key));
  }
  return queue;
}

export function serverHealth(): Promise<HealthReport> {
  const worker = runningPushWorker();
  return healthReport({
    kind: databaseUrl() ? "postgresql" : "sqlite",
    store: getStore,
    queue: () => (worker ? Promise.resolve(worker.queue) : lookoutQueue()),
    queues: PUSH_QUEUES,
    worker: workerMode(),
    workerRunning: worker !== undefined,
  });
}
