// A push worker process killed mid-fan-out and started again: every
// subscription is reached, and only the batch in flight at the kill repeats.
// Real processes (`npm run worker`'s script), a real store of each kind, and a
// local HTTPS push service that decrypts what it receives. The two stores run
// side by side: most of each test is waiting for the lost batch to expire.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishArticle } from "@/lib/publish/publish";
import type { ArticleStore } from "@/lib/store/article-store";
import { openPgStore } from "@/lib/store/pg-store";
import { openSqliteStore } from "@/lib/store/sqlite-store";
import { createTestDatabase } from "@/test/support/postgres";
import { startTsx, type RunningChild } from "@/test/support/tsx-child";
import { ANNOUNCE_QUEUE, BATCH_QUEUE } from "./fanout";
import { pushPayloadFor } from "./notify";
import type { PushHandler, PushResponse, ReceivedPush } from "./push-service.fixture";
import { browserSubscription, decryptPush, startPushService } from "./push-service.fixture";
import { openQueue } from "./worker";

interface Place {
  databaseUrl: string;
  dataDir: string;
  store: ArticleStore;
  close: () => Promise<void>;
}

const kinds = [
  {
    name: "sqlite",
    place: async (): Promise<Place> => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "fanout-restart-"));
      const store = openSqliteStore(dataDir);
      return { databaseUrl: "", dataDir, store, close: () => store.close() };
    },
  },
  {
    name: "postgres",
    place: async (): Promise<Place> => {
      const db = await createTestDatabase("restart");
      const store = await openPgStore(db.url, { maxConnections: 2 });
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "fanout-restart-"));
      return { databaseUrl: db.url, dataDir, store, close: async () => (await store.close(), await db.drop()) };
    },
  },
];

/** Waits for `condition`, looking every 25 ms, failing after `timeoutMs` with what `state` says then. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, state?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `: ${await state()}` : ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const byPath = (received: ReceivedPush[]) => {
  const counts = new Map<string, number>();
  for (const push of received) counts.set(push.path, (counts.get(push.path) ?? 0) + 1);
  return counts;
};

describe.concurrent("a push worker killed mid-fan-out", () => {
  it.for(kinds)("on $name: after a restart every subscription is reached, and only the batch in flight repeats", { timeout: 90_000 }, async (kind) => {
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const place = await kind.place();
      cleanups.push(place.close);
      // The service answers the first 25 pushes, then holds every request open until the worker is killed.
      let answered = 0;
      let holding = true;
      const held: PushResponse[] = [];
      // startPushService routes by path; this answers every path the same way.
      const routes = new Proxy({} as Record<string, PushHandler>, {
        get: () => (_: ReceivedPush, res: PushResponse) => {
          if (holding && answered >= 25) return void held.push(res);
          answered++;
          res.writeHead(201).end();
        },
      });
      const service = await startPushService(routes);
      cleanups.push(() => service.close());
      const subs = Array.from({ length: 60 }, (_, n) => browserSubscription(`${service.origin}/sub-${String(n).padStart(3, "0")}`));
      for (const s of subs) await place.store.saveSubscription(s.record);
      const created = await publishArticle(place.store, { title: "مقال تجريبي للإشعارات", body: "نص تجريبي." }, { announce: true });

      const certFile = path.join(mkdtempSync(path.join(os.tmpdir(), "fanout-ca-")), "push-service.pem");
      writeFileSync(certFile, service.cert);
      const env = {
        DATA_DIR: place.dataDir,
        DATABASE_URL: place.databaseUrl,
        VAPID_SUBJECT: "mailto:desk@example.org",
        VAPID_PUBLIC_KEY: "",
        VAPID_PRIVATE_KEY: "",
        NODE_EXTRA_CA_CERTS: certFile,
        PUSH_BATCH_SIZE: "10",
        PUSH_CONCURRENCY: "4",
        PUSH_BATCHES: "1",
        PUSH_BATCH_SECONDS: "4",
        PUSH_TIMEOUT_MS: "60000",
      };
      const start = async (): Promise<RunningChild> => {
        const child = startTsx("scripts/worker.ts", [], { env, detached: true });
        cleanups.push(async () => {
          child.kill();
          await child.done;
        });
        await child.printed("عامل الإشعارات يعمل.");
        return child;
      };

      const first = await start();
      // Batches 1 and 2 answered (subscriptions 0-19); batch 3 half answered (20-24) and four held (25-28).
      await until(() => service.received.length === 29, 30_000, "29 pushes, four of them held");
      first.kill();
      await first.done;
      holding = false;
      for (const res of held) res.destroy();

      const second = await start();
      await until(() => byPath(service.received).size === 60, 30_000, "every subscription reached");
      const queue = await openQueue({ databaseUrl: place.databaseUrl || undefined, dataDir: place.dataDir });
      cleanups.push(() => queue.close());
      await until(
        async () => (await queue.unfinished(BATCH_QUEUE)) === 0 && (await queue.unfinished(ANNOUNCE_QUEUE)) === 0,
        30_000,
        "the queue to drain",
        async () =>
          `${await queue.unfinished(ANNOUNCE_QUEUE)} announce, ${await queue.unfinished(BATCH_QUEUE)} batch jobs unfinished; ` +
          `received ${JSON.stringify(Object.fromEntries(byPath(service.received)))}; second worker ${second.child.exitCode === null ? "running" : "exited"}`,
      );

      const expected = new Map(subs.map((s, n) => [new URL(s.record.endpoint).pathname, n >= 20 && n <= 28 ? 2 : 1]));
      expect(Object.fromEntries(byPath(service.received))).toEqual(Object.fromEntries(expected));
      // Every copy is the same message under the same Topic, so a push service holding both keeps one.
      const payload = pushPayloadFor(created);
      for (const sub of subs) {
        const copies = service.received.filter((p) => p.path === new URL(sub.record.endpoint).pathname);
        for (const copy of copies) expect(JSON.parse(decryptPush(copy.body, sub))).toEqual(payload);
      }
      expect(new Set(service.received.map((p) => p.headers.topic)).size).toBe(1);
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
  });
});
