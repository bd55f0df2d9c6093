// /api/health on a real production server: the store and the push queue it
// reaches, as a load balancer or supervisor would ask for them.
import { expect, test } from "./support/fixtures";

test("a running server reports its store and its push workers healthy, uncached", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const report = await response.json();
  expect(report).toMatchObject({
    healthy: true,
    store: { kind: "sqlite", reachable: true },
    queue: { worker: "on", workerRunning: true, reachable: true, jobs: { "push-announce": expect.any(Number), "push-batch": expect.any(Number) } },
  });
  // The seed article at least; other tests on this shared server may have published more.
  expect(report.store.seq).toBeGreaterThanOrEqual(1);
  expect(report.queue.pendingAnnouncements).toBeGreaterThanOrEqual(0);
});
