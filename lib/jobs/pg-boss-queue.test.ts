import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import type { JobQueue } from "./queue";
import { openPgBossQueue } from "./pg-boss-queue";

let db: TestDatabase | undefined;
let queues: JobQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.map((q) => q.close()));
  queues = [];
  await db?.drop();
  db = undefined;
});

describe("the pg-boss queue", () => {
  it("opens on a new database from several servers at once, each able to queue and take jobs", async () => {
    db = await createTestDatabase("boss");
    const url = db.url;
    const opened = await Promise.allSettled([1, 2, 3, 4].map(() => openPgBossQueue(url, { queues: ["test-a", "test-b"], maxConnections: 2 })));
    queues = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(opened.map((o) => (o.status === "rejected" ? String(o.reason) : "opened"))).toEqual(["opened", "opened", "opened", "opened"]);
    for (const [n, queue] of queues.entries()) expect(await queue.send("test-b", { n })).toBe(true);
    const taken = await queues[0]!.fetch("test-b", 10);
    expect(taken.map((job) => job.data).sort((x, y) => (x as { n: number }).n - (y as { n: number }).n)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
