/**
 * A durable job queue on the store's own database: pg-boss on PostgreSQL,
 * the `jobs` table in the SQLite file otherwise. Jobs survive restarts; a job
 * whose worker died is taken back once its expiry passes and run again.
 */

export interface JobOptions {
  /** A uuid; a job with this id already in the queue is not queued again (send answers false). */
  id?: string;
  /** Run no sooner than this. */
  startAfterMs?: number;
  /** Runs again after failing or expiring, up to this many times; default 3. */
  retryLimit?: number;
  /** First wait before a retry, doubled for each further one (with jitter); default 5 s. */
  retryDelayMs?: number;
  /** A job active this long is taken to be lost with its worker and run again; default 5 min. */
  expireMs?: number;
}

export interface QueuedJob {
  id: string;
  name: string;
  /** As sent: check it before use, it comes back from the database. */
  data: unknown;
}

export interface JobQueue {
  /** Queues a job; false when one with the same id is already queued. */
  send(name: string, data: object, options?: JobOptions): Promise<boolean>;
  /** Takes up to `limit` jobs ready to run, marking them active. */
  fetch(name: string, limit: number): Promise<QueuedJob[]>;
  complete(name: string, id: string): Promise<void>;
  /** A failed run: retried later while retries remain. */
  fail(name: string, id: string, error: Error): Promise<void>;
  /** Takes back jobs active past their expiry (their worker died) for a retry. */
  maintain(): Promise<void>;
  /** Jobs not yet finished: waiting, retrying or active. */
  unfinished(name: string): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_RETRY_LIMIT = 3;
export const DEFAULT_RETRY_DELAY_MS = 5000;
export const DEFAULT_EXPIRE_MS = 5 * 60_000;
