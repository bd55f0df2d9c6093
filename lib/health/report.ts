/**
 * What /api/health reports: whether this server can reach its store and its
 * push queue, and how much push work waits. Load balancers and supervisors
 * read the status (200 healthy, 503 not); operators read the body. Nothing in
 * it is secret: no URL, path or error text, only kinds, counts and codes.
 */
import type { JobQueue } from "@/lib/jobs/queue";
import type { ArticleStore } from "@/lib/store/article-store";

export interface HealthReport {
  healthy: boolean;
  store: {
    kind: "sqlite" | "postgresql";
    reachable: boolean;
    /** The latest change's sequence number (the feed and the render cache follow it). */
    seq: number | null;
    problem?: string;
  };
  queue: {
    /** WORKER: whether this server runs push workers ("off": `npm run worker` does). */
    worker: "on" | "off";
    /** This process's push workers are running. */
    workerRunning: boolean;
    reachable: boolean;
    /** Publishes' announcements not yet handed to the queue. */
    pendingAnnouncements: number | null;
    /** Jobs waiting, retrying or running, by queue. */
    jobs: Record<string, number> | null;
    problem?: string;
  };
}

export interface HealthSources {
  kind: "sqlite" | "postgresql";
  store: () => Promise<ArticleStore>;
  queue: () => Promise<JobQueue>;
  queues: readonly string[];
  worker: "on" | "off";
  workerRunning: boolean;
  /** Each check gives up after this long; default 3 s, well inside a load balancer's own timeout. */
  timeoutMs?: number;
}

class TimedOut extends Error {}

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimedOut()), ms)));
  return Promise.race([work(), late]).finally(() => clearTimeout(timer));
}

/** A short cause an operator can act on, never the error's text (it may hold a URL or a path). */
function problem(what: string, error: unknown): string {
  if (error instanceof TimedOut) return `${what}: انتهت المهلة`;
  const code = String((error as { code?: unknown })?.code ?? "");
  return /^[A-Z0-9_]{2,40}$/.test(code) ? `${what}: تعذّر الوصول (${code})` : `${what}: تعذّر الوصول`;
}

/** Checks the store and the queue; healthy when both answer and the workers WORKER asks for are running. */
export async function healthReport(sources: HealthSources): Promise<HealthReport> {
  const timeoutMs = sources.timeoutMs ?? 3000;
  const store: HealthReport["store"] = { kind: sources.kind, reachable: false, seq: null };
  const queue: HealthReport["queue"] = {
    worker: sources.worker,
    workerRunning: sources.workerRunning,
    reachable: false,
    pendingAnnouncements: null,
    jobs: null,
  };
  await Promise.all([
    within(timeoutMs, async () => {
      const s = await sources.store();
      const [seq, pending] = await Promise.all([s.currentSeq(), s.countPendingAnnouncements()]);
      store.seq = seq;
      store.reachable = true;
      queue.pendingAnnouncements = pending;
    }).catch((error: unknown) => (store.problem = problem("المخزن", error))),
    within(timeoutMs, async () => {
      const q = await sources.queue();
      const counts = await Promise.all(sources.queues.map(async (name) => [name, await q.unfinished(name)] as const));
      queue.jobs = Object.fromEntries(counts);
      queue.reachable = true;
    }).catch((error: unknown) => (queue.problem = problem("طابور الإشعارات", error))),
  ]);
  if (queue.reachable && sources.worker === "on" && !sources.workerRunning) {
    queue.problem = "عمّال الإشعارات لا يعملون في هذا الخادم (WORKER=on)";
  }
  const healthy = store.reachable && queue.reachable && (sources.worker === "off" || sources.workerRunning);
  return { healthy, store, queue };
}
