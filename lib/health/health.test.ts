import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { ANNOUNCE_QUEUE, BATCH_QUEUE } from "@/lib/push/fanout";
import { startPushWorker } from "@/lib/push/worker";
import { getStore } from "@/lib/store/open-store";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import type { HealthReport } from "./report";

// connection() needs a live Next request; outside one there is nothing to wait for.
vi.mock("next/server", () => ({ connection: async () => {} }));

const databases: TestDatabase[] = [];
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function health(): Promise<{ status: number; cacheControl: string | null; text: string; report: HealthReport }> {
  const response = await GET();
  const text = await response.text();
  return { status: response.status, cacheControl: response.headers.get("cache-control"), text, report: JSON.parse(text) as HealthReport };
}

function onSqlite(worker: "on" | "off"): void {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATA_DIR", mkdtempSync(path.join(os.tmpdir(), "health-")));
  vi.stubEnv("WORKER", worker);
}

const draft = (n: number) => ({
  slug: `health-${n}`,
  title: `مقال تجريبي ${n}`,
  blocks: [{ type: "paragraph" as const, children: [{ type: "text" as const, value: "نص تجريبي" }] }],
  publishedAt: "2025-01-01T10:00:00+03:00",
});

describe("GET /api/health", () => {
  it("reports the SQLite store's sequence and the outbox and queue, never cached", async () => {
    onSqlite("off");
    const first = await health();
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe("no-store");
    const store = await getStore();
    expect(first.report).toEqual({
      healthy: true,
      store: { kind: "sqlite", reachable: true, seq: await store.currentSeq() },
      queue: { worker: "off", workerRunning: false, reachable: true, pendingAnnouncements: 0, jobs: { [ANNOUNCE_QUEUE]: 0, [BATCH_QUEUE]: 0 } },
    });

    await store.create(draft(1), { announce: true });
    const after = await health();
    expect(after.report.store.seq).toBe(first.report.store.seq! + 1);
    expect(after.report.queue.pendingAnnouncements).toBe(1);
  });

  it("is 503 while WORKER=on and this server's workers are not running, 200 once they are", async () => {
    onSqlite("on");
    const without = await health();
    expect(without.status).toBe(503);
    expect(without.report.healthy).toBe(false);
    expect(without.report.store.reachable).toBe(true);
    expect(without.report.queue).toMatchObject({ worker: "on", workerRunning: false, reachable: true });
    expect(without.report.queue.problem).toBe("عمّال الإشعارات لا يعملون في هذا الخادم (WORKER=on)");

    const worker = await startPushWorker(await getStore());
    try {
      const running = await health();
      expect(running.status).toBe(200);
      expect(running.report.queue).toEqual({
        worker: "on",
        workerRunning: true,
        reachable: true,
        pendingAnnouncements: 0,
        jobs: { [ANNOUNCE_QUEUE]: 0, [BATCH_QUEUE]: 0 },
      });
    } finally {
      await worker.stop();
    }
  });

  it("reports a PostgreSQL store and its pg-boss queue", async () => {
    const db = await createTestDatabase("health");
    databases.push(db);
    vi.stubEnv("DATABASE_URL", db.url);
    vi.stubEnv("WORKER", "off");
    const { status, report } = await health();
    expect(status).toBe(200);
    expect(report).toEqual({
      healthy: true,
      store: { kind: "postgresql", reachable: true, seq: await (await getStore()).currentSeq() },
      queue: { worker: "off", workerRunning: false, reachable: true, pendingAnnouncements: 0, jobs: { [ANNOUNCE_QUEUE]: 0, [BATCH_QUEUE]: 0 } },
    });
    expect(report.store.seq).toBeGreaterThan(0);
    await (await getStore()).close();
  });

  it("is 503 when the database cannot be reached, naming the cause but not the URL or its password", async () => {
    vi.stubEnv("DATABASE_URL", "postgres://newsroom:s3cret-pass@127.0.0.1:1/news");
    vi.stubEnv("WORKER", "off");
    const { status, text, report } = await health();
    expect(status).toBe(503);
    expect(report.healthy).toBe(false);
    expect(report.store).toEqual({ kind: "postgresql", reachable: false, seq: null, problem: "المخزن: تعذّر الوصول" });
    expect(report.queue).toMatchObject({ reachable: false, pendingAnnouncements: null, jobs: null });
    expect(report.queue.problem).toMatch(/^طابور الإشعارات: تعذّر الوصول/);
    for (const secret of ["s3cret", "newsroom", "127.0.0.1", "news"]) expect(text).not.toContain(secret);
  });
});
