/**
 * The job queue in the SQLite store's file (table `jobs`, migration 5): the
 * default when there is no PostgreSQL. Every change is one short write
 * transaction, so several processes sharing DATA_DIR take jobs safely: a job
 * is made active by exactly one of them.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { BUSY_TIMEOUT_MS, DATABASE_FILE } from "@/lib/store/sqlite-store";
import type { JobOptions, JobQueue, QueuedJob } from "./queue";
import { DEFAULT_EXPIRE_MS, DEFAULT_RETRY_DELAY_MS, DEFAULT_RETRY_LIMIT } from "./queue";

/** Finished jobs are kept this long (to look into), then deleted. */
const KEEP_DONE_MS = 24 * 3600_000;

interface JobRow {
  id: string;
  name: string;
  data: string;
}

/** The wait before retry number `retry` (1-based): the delay doubled each time, half of it random. */
export function backoffMs(delayMs: number, retry: number): number {
  const full = delayMs * 2 ** Math.min(16, retry - 1);
  return Math.round(full / 2 + (full / 2) * Math.random());
}

/** Opens the queue in `dataDir`'s store, which must already exist (the store migrates it). */
export function openSqliteQueue(dataDir: string): JobQueue {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

  const insert = db.prepare(
    `INSERT OR IGNORE INTO jobs (id, name, data, state, retry_limit, retry_delay_ms, expire_ms, start_after, created_at)
     VALUES (@id, @name, @data, 'created', @retry_limit, @retry_delay_ms, @expire_ms, @start_after, @created_at)`,
  );
  const ready = db.prepare<{ name: string; now: number; limit: number }, JobRow>(
    `SELECT id, name, data FROM jobs WHERE name = @name AND state IN ('created', 'retry') AND start_after <= @now
     ORDER BY start_after, created_at, rowid LIMIT @limit`,
  );
  const activate = db.prepare<{ id: string; now: number }>("UPDATE jobs SET state = 'active', started_at = @now WHERE id = @id");
  const finish = db.prepare<{ id: string; now: number }>(
    "UPDATE jobs SET state = 'completed', done_at = @now WHERE id = @id AND state = 'active'",
  );
  const failRow = db.prepare<{ id: string }, { retry_count: number; retry_limit: number; retry_delay_ms: number }>(
    "SELECT retry_count, retry_limit, retry_delay_ms FROM jobs WHERE id = @id AND state = 'active'",
  );
  const retry = db.prepare<{ id: string; start_after: number; output: string }>(
    "UPDATE jobs SET state = 'retry', retry_count = retry_count + 1, start_after = @start_after, output = @output WHERE id = @id",
  );
  const giveUp = db.prepare<{ id: string; now: number; output: string }>(
    "UPDATE jobs SET state = 'failed', done_at = @now, output = @output WHERE id = @id",
  );
  const expired = db.prepare<{ now: number }, { id: string }>(
    "SELECT id FROM jobs WHERE state = 'active' AND started_at + expire_ms < @now",
  );
  const purge = db.prepare<{ before: number }>("DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < @before");

  const failNow = (id: string, message: string, now: number) => {
    const row = failRow.get({ id });
    if (!row) return;
    const output = JSON.stringify({ message });
    if (row.retry_count < row.retry_limit) {
      retry.run({ id, start_after: now + backoffMs(row.retry_delay_ms, row.retry_count + 1), output });
    } else {
      giveUp.run({ id, now, output });
    }
  };

  return {
    async send(name, data, options: JobOptions = {}) {
      const now = Date.now();
      const result = insert.run({
        id: options.id ?? crypto.randomUUID(),
        name,
        data: JSON.stringify(data),
        retry_limit: options.retryLimit ?? DEFAULT_RETRY_LIMIT,
        retry_delay_ms: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
        expire_ms: options.expireMs ?? DEFAULT_EXPIRE_MS,
        start_after: now + (options.startAfterMs ?? 0),
        created_at: now,
      });
      return result.changes > 0;
    },

    async fetch(name, limit): Promise<QueuedJob[]> {
      const now = Date.now();
      return db
        .transaction(() => {
          const rows = ready.all({ name, now, limit });
          for (const row of rows) activate.run({ id: row.id, now });
          return rows.map((row) => ({ id: row.id, name: row.name, data: JSON.parse(row.data) as unknown }));
        })
        .immediate();
    },

    async complete(_name, id) {
      finish.run({ id, now: Date.now() });
    },

    async fail(_name, id, error) {
      db.transaction(() => failNow(id, error.message, Date.now())).immediate();
    },

    async maintain() {
      const now = Date.now();
      db.transaction(() => {
        for (const { id } of expired.all({ now })) failNow(id, "job expired in active state (its worker stopped)", now);
        purge.run({ before: now - KEEP_DONE_MS });
      }).immediate();
    },

    async unfinished(name) {
      const row = db
        .prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE name = ? AND state IN ('created', 'retry', 'active')")
        .get(name);
      return row?.n ?? 0;
    },

    async close() {
      db.close();
    },
  };
}
