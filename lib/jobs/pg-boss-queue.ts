/**
 * The job queue on PostgreSQL: pg-boss (10.x, the last line for Node 20) in
 * its own schema `pgboss` of the store's database. pg-boss installs and
 * migrates that schema itself under its own advisory lock, and its
 * maintenance fails jobs whose worker died once they expire, for a retry.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import type { JobOptions, JobQueue, QueuedJob } from "./queue";
import { DEFAULT_EXPIRE_MS, DEFAULT_RETRY_DELAY_MS, DEFAULT_RETRY_LIMIT } from "./queue";

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Beside the store's MIGRATION_LOCK and FEED_LOCK (lib/store/pg-store.ts). */
export const QUEUE_SETUP_LOCK = 7_140_003;

/**
 * Runs `setup` while holding QUEUE_SETUP_LOCK: two servers starting pg-boss
 * at once on a new database deadlocked in createQueue (seen as "deadlock
 * detected", leaving the loser without push workers), so they take turns.
 */
async function oneAtATime<T>(url: string, setup: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "akhbar-jobs-setup" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [QUEUE_SETUP_LOCK]);
    return await setup();
  } finally {
    // Ending the session releases the lock too, should the unlock not get through.
    await client.query("SELECT pg_advisory_unlock($1)", [QUEUE_SETUP_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

export interface PgBossQueueOptions {
  /** Queues to create (pg-boss refuses jobs for a queue it does not know). */
  queues: readonly string[];
  /** Connections for the queue's own pool; default 3. */
  maxConnections?: number;
}

export async function openPgBossQueue(url: string, options: PgBossQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: url,
    max: options.maxConnections ?? 3,
    application_name: "akhbar-jobs",
    // No cron, no monitor: we fetch and maintain ourselves (JobRunner calls maintain()).
    schedule: false,
    supervise: false,
  });
  boss.on("error", (error) => console.warn(`jobs: ${error.message}`));
  await oneAtATime(url, async () => {
    await boss.start();
    for (const name of options.queues) await boss.createQueue(name);
  });

  return {
    async send(name, data, opts: JobOptions = {}) {
      const id = await boss.send(name, data, {
        ...(opts.id ? { id: opts.id } : {}),
        ...(opts.startAfterMs ? { startAfter: seconds(opts.startAfterMs) } : {}),
        retryLimit: opts.retryLimit ?? DEFAULT_RETRY_LIMIT,
        retryDelay: seconds(opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS),
        retryBackoff: true,
        expireInSeconds: seconds(opts.expireMs ?? DEFAULT_EXPIRE_MS),
      });
      return id !== null;
    },

    async fetch(name, limit): Promise<QueuedJob[]> {
      const jobs = await boss.fetch<unknown>(name, { batchSize: limit });
      return jobs.map((job) => ({ id: job.id, name: job.name, data: job.data }));
    },

    async complete(name, id) {
      await boss.complete(name, id);
    },

    async fail(name, id, error) {
      await boss.fail(name, id, { message: error.message });
    },

    async maintain() {
      await boss.expire();
    },

    async unfinished(name) {
      return boss.getQueueSize(name, { before: "completed" });
    },

    async close() {
      await boss.stop({ graceful: false, wait: true });
    },
  };
}
