/**
 * Push fan-out as durable jobs. A publish writes its announcement to the
 * outbox (push_announcements) in the article's own transaction; from there:
 *
 * 1. relay: the workers hand pending outbox rows to the queue as one
 *    `push-announce` job each (the job's id is the announcement's, so two
 *    workers relaying at once queue it once);
 * 2. plan (`push-announce`): subscriptions are read in endpoint order, a page
 *    at a time, and each page becomes a `push-batch` job for the endpoint
 *    range it covers; how far it got is kept on the announcement, so a
 *    planner that dies resumes there, and batch ids are derived from the
 *    range, so nothing is queued twice;
 * 3. send (`push-batch`): the range's subscriptions are sent to, a few at a
 *    time; 404/410 delete the subscription; 429, 5xx, timeouts and network
 *    errors go to one follow-up job for the batch, after a backoff or the
 *    service's Retry-After, up to PUSH_MAX_ATTEMPTS.
 *
 * A worker that dies mid-batch leaves its job active; once the job expires it
 * runs again, so a restart repeats at most the batch in flight (at least
 * once; the Topic header lets the push service replace a repeat still
 * queued). An announcement older than the push TTL is dropped, never sent
 * late, and an article withdrawn before its push goes out is not announced.
 */
import { createHash } from "node:crypto";
import type { Agent } from "node:https";
import { z } from "zod";
import type { Env } from "@/lib/config";
import { pushSettings } from "@/lib/config";
import type { JobQueue, QueuedJob } from "@/lib/jobs/queue";
import { backoffMs } from "@/lib/jobs/sqlite-queue";
import type { Announcement, ArticleStore, PushSubscriptionRecord } from "@/lib/store/article-store";
import type { PreparedPush } from "./notify";
import { describeEndpoint, encodePayload, inPool, PushSender, pushPayloadFor, removeGone, topicFor, TTL_SECONDS, urgencyFor } from "./notify";
import type { VapidKeys } from "./vapid";

export const ANNOUNCE_QUEUE = "push-announce";
export const BATCH_QUEUE = "push-batch";
export const PUSH_QUEUES = [ANNOUNCE_QUEUE, BATCH_QUEUE] as const;

export interface FanoutConfig {
  /** Subscriptions per batch job (PUSH_BATCH_SIZE). */
  batchSize: number;
  /** Pushes in flight at once within a batch (PUSH_CONCURRENCY). */
  concurrency: number;
  /** Batches one worker process sends at once (PUSH_BATCHES). */
  batches: number;
  /** Per push request (PUSH_TIMEOUT_MS). */
  timeoutMs: number;
  /** A batch's time budget: past it no push starts, the rest go to its follow-up job (PUSH_BATCH_SECONDS). */
  batchMs: number;
  /** Tries per subscription, the first included (PUSH_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** First wait before a retry; doubled each time. */
  retryDelayMs: number;
  /** Announcements older than this are dropped. */
  ttlMs: number;
}

/** The fan-out settings from the environment (lib/config.ts); throws ConfigError, one Arabic line per bad variable. */
export function fanoutConfig(env: Env = process.env): FanoutConfig {
  const { batchSeconds, ...settings } = pushSettings(env);
  return { ...settings, batchMs: batchSeconds * 1000, retryDelayMs: 10_000, ttlMs: TTL_SECONDS * 1000 };
}

/** A batch job's expiry: its budget, and a little for its last answers and its bookkeeping. */
export const batchExpireMs = (config: FanoutConfig) => config.batchMs + 2000;

const announceData = z.object({ announcementId: z.string().min(1).max(100) });
const batchData = z.object({
  announcementId: z.string().min(1).max(100),
  /** Exclusive lower bound of the range; null for the first batch. */
  after: z.string().nullable(),
  /** Inclusive upper bound. */
  through: z.string(),
  /** 1 for the first try; each follow-up adds one. */
  attempt: z.number().int().min(1),
  /** A follow-up sends only to these (the ones that failed or were not reached). */
  only: z.array(z.string()).optional(),
});
export type BatchData = z.infer<typeof batchData>;

/** A uuid (as pg-boss wants) derived from `parts`: the same work always gets the same job id. */
export function jobId(...parts: (string | number | null)[]): string {
  const hex = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface FanoutDeps {
  store: ArticleStore;
  queue: JobQueue;
  config: FanoutConfig;
  vapid: () => VapidKeys | Promise<VapidKeys>;
  /** HTTPS agent for push requests (tests trust their local push service with it). */
  agent?: Agent;
}

/** What one batch job did, for logs, tests and the bench. */
export interface BatchResult {
  sent: number;
  removed: number;
  failed: number;
  /** Queued again in a follow-up job. */
  retried: number;
  /** Not sent: the announcement expired or its article is gone. */
  dropped: boolean;
}

function expired(announcement: Announcement, config: FanoutConfig, now = Date.now()): boolean {
  return now - Date.parse(announcement.createdAt) >= config.ttlMs;
}

/** Moves announcements from the outbox to the queue. */
export async function relayAnnouncements({ store, queue }: FanoutDeps): Promise<number> {
  const pending = await store.pendingAnnouncements(20);
  for (const announcement of pending) {
    await queue.send(ANNOUNCE_QUEUE, { announcementId: announcement.id }, { id: announcement.id, retryLimit: 10, expireMs: 5 * 60_000 });
    await store.markAnnouncementQueued(announcement.id);
  }
  return pending.length;
}

/** Splits an announcement's subscriptions into batch jobs, resuming where a previous run stopped. */
export async function planAnnouncement(deps: FanoutDeps, job: QueuedJob): Promise<void> {
  const { store, queue, config } = deps;
  const { announcementId } = announceData.parse(job.data);
  const announcement = await store.getAnnouncement(announcementId);
  if (!announcement || announcement.planned) return;
  if (expired(announcement, config) || !(await store.getById(announcement.articleId))) {
    await store.recordAnnouncementPlan(announcementId, announcement.plannedThrough, true);
    return;
  }
  let after = announcement.plannedThrough;
  for (;;) {
    // Endpoints only matter here; the batch reads the keys when it sends.
    const page = await store.subscriptionsAfter(after, config.batchSize);
    const through = page.at(-1)?.endpoint;
    const last = page.length < config.batchSize;
    if (through !== undefined) {
      const data: BatchData = { announcementId, after: after ?? null, through, attempt: 1 };
      await queue.send(BATCH_QUEUE, data, { id: jobId(announcementId, through, 1), ...batchJobOptions(config) });
    }
    await store.recordAnnouncementPlan(announcementId, through ?? after, last);
    if (last || through === undefined) return;
    after = through;
  }
}

function batchJobOptions(config: FanoutConfig) {
  // A batch that dies with its worker runs again after its expiry; its own follow-ups handle failed pushes.
  return { retryLimit: 5, retryDelayMs: 1000, expireMs: batchExpireMs(config) };
}

/** One sender per worker, kept across its batches, so a VAPID token is signed once per push service origin while valid, not once per batch. */
const senders = new WeakMap<FanoutDeps, { keys: VapidKeys; sender: PushSender }>();

function senderFor(deps: FanoutDeps, keys: VapidKeys): PushSender {
  const kept = senders.get(deps);
  if (kept?.keys === keys) return kept.sender;
  kept?.sender.close();
  const sender = new PushSender(keys, deps.config.timeoutMs, deps.agent);
  senders.set(deps, { keys, sender });
  return sender;
}

/** Ends the worker's push sender and its HTTP/2 sessions (the worker is stopping). */
export function closeSender(deps: FanoutDeps): void {
  senders.get(deps)?.sender.close();
  senders.delete(deps);
}

/** Sends one batch, deleting gone subscriptions and queueing one follow-up for what should be tried again. */
export async function sendBatch(deps: FanoutDeps, job: QueuedJob): Promise<BatchResult> {
  const { store, queue, config } = deps;
  const data = batchData.parse(job.data);
  const result: BatchResult = { sent: 0, removed: 0, failed: 0, retried: 0, dropped: false };
  const announcement = await store.getAnnouncement(data.announcementId);
  const article = announcement && (await store.getById(announcement.articleId));
  if (!announcement || !article || expired(announcement, config)) {
    result.dropped = true;
    if (announcement && article) console.warn(`push: announcement ${announcement.id} expired before it was sent; dropped`);
    return result;
  }

  const subscriptions = data.only
    ? await store.subscriptionsByEndpoint(data.only)
    : await readRange(store, data.after ?? undefined, data.through, config.batchSize);
  const payload = pushPayloadFor(article);
  const body = encodePayload(payload);
  const topic = topicFor(payload);
  const urgency = urgencyFor(payload);
  // The push service keeps the message only for what is left of the announcement's life.
  const ttlSeconds = Math.max(0, Math.floor((Date.parse(announcement.createdAt) + config.ttlMs - Date.now()) / 1000));
  const sender = senderFor(deps, await deps.vapid());

  const again: string[] = [];
  let waitMs = backoffMs(config.retryDelayMs, data.attempt);
  const settled = new Set<string>();
  let open = true;
  const budget = setTimeout(() => (open = false), config.batchMs);
  try {
    const pushes = await prepareAll(sender, subscriptions, body, topic, ttlSeconds, urgency, () => open);
    await inPool(
      pushes,
      config.concurrency,
      async ({ sub, prepared }) => {
        const outcome = await sender.send(sub, body, topic, ttlSeconds, urgency, prepared);
        if (!open) return; // abandoned at the budget: goes to the follow-up with the ones never started
        settled.add(sub.endpoint);
        if (outcome.kind === "sent") {
          result.sent++;
        } else if (outcome.kind === "gone") {
          if (await removeGone(store, sub.endpoint)) result.removed++;
        } else if (outcome.kind === "retry") {
          again.push(sub.endpoint);
          if (outcome.retryAfterMs !== undefined) waitMs = Math.max(waitMs, outcome.retryAfterMs);
        } else {
          result.failed++;
          console.warn(`push: delivery to ${describeEndpoint(sub.endpoint)} refused: ${outcome.reason}`);
        }
      },
      () => open,
    );
  } finally {
    clearTimeout(budget);
  }
  // Out of time: what did not finish goes to the follow-up too.
  if (!open) for (const sub of subscriptions) if (!settled.has(sub.endpoint)) again.push(sub.endpoint);
  const unique = [...new Set(again)];
  if (unique.length > 0) {
    const tooLate = Date.parse(announcement.createdAt) + config.ttlMs <= Date.now() + waitMs;
    if (data.attempt >= config.maxAttempts || tooLate) {
      result.failed += unique.length;
      console.warn(`push: ${unique.length} subscription(s) not reached after ${data.attempt} attempt(s)`);
    } else {
      const next: BatchData = { ...data, attempt: data.attempt + 1, only: unique };
      await queue.send(BATCH_QUEUE, next, { id: jobId(data.announcementId, data.through, data.attempt + 1), startAfterMs: waitMs, ...batchJobOptions(config) });
      result.retried = unique.length;
    }
  }
  return result;
}

/** Pushes encrypted per turn of the event loop: about 10 ms of CPU, so a server running the worker keeps answering. */
const PREPARE_CHUNK = 50;

/**
 * The batch's pushes encrypted ahead of sending, a chunk per turn of the
 * event loop (PushSender.prepare says why); those left when the budget runs
 * out are encrypted as they are sent, if ever.
 */
async function prepareAll(
  sender: PushSender,
  subscriptions: readonly PushSubscriptionRecord[],
  body: string,
  topic: string,
  ttlSeconds: number,
  urgency: "high" | "normal",
  open: () => boolean,
): Promise<{ sub: PushSubscriptionRecord; prepared?: PreparedPush }[]> {
  const pushes: { sub: PushSubscriptionRecord; prepared?: PreparedPush }[] = subscriptions.map((sub) => ({ sub }));
  for (let start = 0; start < pushes.length && open(); start += PREPARE_CHUNK) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const push of pushes.slice(start, start + PREPARE_CHUNK)) push.prepared = sender.prepare(push.sub, body, topic, ttlSeconds, urgency);
  }
  return pushes;
}

/** A batch's range, read a page at a time (subscriptions made since planning fall in it too). */
async function readRange(store: ArticleStore, after: string | undefined, through: string, pageSize: number) {
  const all = [];
  let cursor = after;
  for (;;) {
    const page = await store.subscriptionsAfter(cursor, pageSize, through);
    all.push(...page);
    if (page.length < pageSize) return all;
    cursor = page.at(-1)?.endpoint;
  }
}
