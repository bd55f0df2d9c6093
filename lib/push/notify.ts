/**
 * Sending pushes: the payload announcing an article, its encryption and
 * VAPID signature (web-push), and what each push service's answer means.
 * Never throws: a slow or failing push service costs a reader a
 * notification, never the newsroom its publish.
 */
import { createHash } from "node:crypto";
import type { Agent } from "node:https";
import type { RequestOptions } from "web-push";
import webpush from "web-push";
import type { Article } from "@/lib/article/model";
import { articlePath } from "@/lib/article/model";
import type { ArticleStore, PushSubscriptionRecord } from "@/lib/store/article-store";
import { dataDir } from "@/lib/store/open-store";
import type { VapidKeys } from "./vapid";
import { vapidKeys } from "./vapid";

/** What the service worker receives in its `push` event (`event.data.json()`). */
export interface PushPayload {
  type: "article";
  id: string;
  slug: string;
  title: string;
  /** Site-relative path of the article, e.g. `/articles/2025-01-01-a1b2c3`. */
  url: string;
  /** Breaking news: sent with `Urgency: high`, shown as «عاجل». */
  urgent?: true;
}

export interface NotifyOptions {
  /** Per push request, in ms (socket timeout and hard cap); default 5000. */
  timeoutMs?: number;
  /** Push requests in flight at once; default 8. */
  concurrency?: number;
  /** Whole run, in ms: past it no request starts and late answers are ignored (the caller may close the store). */
  deadlineMs?: number;
  /** VAPID identity; default the one kept for DATA_DIR. */
  vapid?: VapidKeys;
  /** HTTPS agent for the push requests (tests use one that trusts their local push service). */
  agent?: Agent;
}

export interface NotifyResult {
  sent: number;
  /** Subscriptions the push service reported gone (404/410), now deleted from the store. */
  removed: number;
  failed: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CONCURRENCY = 8;
/** A day: news older than that is not worth waking a phone for. */
export const TTL_SECONDS = 24 * 3600;
/** Push services guarantee 4096 bytes of encrypted payload; leave room for the record overhead. */
const MAX_PAYLOAD_BYTES = 3000;

/** The push message announcing `article`. */
export function pushPayloadFor(article: Pick<Article, "id" | "slug" | "title" | "urgent">): PushPayload {
  return {
    type: "article",
    id: article.id,
    slug: article.slug,
    title: article.title,
    url: articlePath(article.slug),
    ...(article.urgent ? { urgent: true as const } : {}),
  };
}

/**
 * RFC 8030 Urgency: breaking news wakes a phone that saves its battery; other
 * news may wait for the push service's next delivery window.
 */
export function urgencyFor(payload: PushPayload): "high" | "normal" {
  return payload.urgent ? "high" : "normal";
}

export function encodePayload(payload: PushPayload): string {
  let body = JSON.stringify(payload);
  // Only the title can be long; shorten it rather than have every push service refuse the message.
  for (let chars = Array.from(payload.title); Buffer.byteLength(body) > MAX_PAYLOAD_BYTES && chars.length > 0; ) {
    chars = chars.slice(0, Math.floor(chars.length * 0.8));
    body = JSON.stringify({ ...payload, title: `${chars.join("")}…` });
  }
  return body;
}

/** A Topic header (≤ 32 base64url chars): a second announcement of the same article replaces one still queued. */
export function topicFor(payload: PushPayload): string {
  return createHash("sha256").update(payload.id).digest("base64url").slice(0, 22);
}

/** The endpoint without its path, which is the subscription's capability: origin plus a short hash to tell them apart. */
export function describeEndpoint(endpoint: string): string {
  const hash = createHash("sha256").update(endpoint).digest("hex").slice(0, 8);
  try {
    return `${new URL(endpoint).origin} #${hash}`;
  } catch {
    return `#${hash}`;
  }
}

/** How one push request ended. */
export type Outcome =
  | { kind: "sent" }
  | { kind: "gone" }
  /** Worth trying again later: the service was busy (429), failing (5xx), slow or unreachable. */
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  /** Refused for good (400, 403, 413…): retrying would get the same answer. */
  | { kind: "failed"; reason: string };

/** Retry-After in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Seconds a VAPID token is valid for (the spec allows up to 24 h). */
const VAPID_TOKEN_SECONDS = 12 * 3600;
/** A token with less than this left is signed afresh. */
const VAPID_RENEW_SECONDS = 3600;
/** Push service origins whose tokens are kept; there are a handful in practice. */
const VAPID_CACHE_SIZE = 64;

/**
 * Sends encrypted pushes: one VAPID token per push service origin, signed
 * once and reused while valid (web-push would sign every request), so a
 * fan-out's CPU goes to the per-message encryption.
 */
export class PushSender {
  private readonly tokens = new Map<string, { authorization: string; expires: number }>();

  constructor(
    private readonly vapid: VapidKeys,
    private readonly timeoutMs: number,
    private readonly agent?: Agent,
  ) {}

  private authorization(endpoint: string): string {
    const origin = new URL(endpoint).origin;
    const now = Math.floor(Date.now() / 1000);
    const kept = this.tokens.get(origin);
    if (kept && kept.expires - now > VAPID_RENEW_SECONDS) return kept.authorization;
    const expires = now + VAPID_TOKEN_SECONDS;
    const headers = webpush.getVapidHeaders(origin, this.vapid.subject, this.vapid.publicKey, this.vapid.privateKey, "aes128gcm", expires);
    this.tokens.delete(origin);
    this.tokens.set(origin, { authorization: headers.Authorization, expires });
    if (this.tokens.size > VAPID_CACHE_SIZE) this.tokens.delete(this.tokens.keys().next().value ?? origin);
    return headers.Authorization;
  }

  /** One push; never throws. */
  async send(sub: PushSubscriptionRecord, body: string, topic: string, ttlSeconds: number, urgency: "high" | "normal" = "normal"): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const options: RequestOptions = {
        // Signed here, once per origin: vapidDetails null stops web-push signing again.
        vapidDetails: null as unknown as RequestOptions["vapidDetails"],
        headers: { Authorization: this.authorization(sub.endpoint) },
        TTL: ttlSeconds,
        urgency,
        timeout: this.timeoutMs,
        topic,
        ...(this.agent ? { agent: this.agent } : {}),
      };
      // web-push's timeout only fires on an idle socket; the race also bounds a service that answers byte by byte.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      await Promise.race([webpush.sendNotification(sub, body, options), timeout]);
      return { kind: "sent" };
    } catch (error) {
      const { statusCode: status, headers } = error as { statusCode?: unknown; headers?: Record<string, unknown> };
      if (status === 404 || status === 410) return { kind: "gone" };
      if (typeof status !== "number" || status === 429 || status >= 500) {
        const wait = retryAfterMs(headers?.["retry-after"]);
        return {
          kind: "retry",
          reason: typeof status === "number" ? `answered ${status}` : (error as Error).message,
          ...(wait === undefined ? {} : { retryAfterMs: wait }),
        };
      }
      return { kind: "failed", reason: `answered ${status}` };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `task` over `items`, `concurrency` at a time, starting none once `open()` turns false. */
export async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>, open: () => boolean): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined && open(); item = items[next++]) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
}

/** Subscriptions read a page at a time, so memory stays flat in their number. */
const PAGE = 500;

/**
 * Sends `payload` to every subscription now, reading them a page at a time,
 * and deletes those the push service reports gone; never throws. Publishing
 * goes through the outbox and the push queue instead (lib/push/fanout.ts).
 */
export async function notifySubscribers(
  store: ArticleStore,
  payload: PushPayload,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  const result: NotifyResult = { sent: 0, removed: 0, failed: 0 };
  let open = true;
  let loaded = 0;
  let settled = 0;
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    let page = await store.subscriptionsAfter(undefined, PAGE);
    // Without subscribers there is nothing to sign, so a publish never creates or reads the key file.
    if (page.length === 0) return result;
    loaded = page.length;
    const sender = new PushSender(options.vapid ?? vapidKeys(dataDir()), timeoutMs, options.agent);
    const body = encodePayload(payload);
    const topic = topicFor(payload);

    const sendAll = async () => {
      while (page.length > 0 && open) {
        await inPool(
          page,
          concurrency,
          async (sub) => {
            const outcome = await sender.send(sub, body, topic, TTL_SECONDS, urgencyFor(payload));
            if (!open) return;
            settled++;
            if (outcome.kind === "sent") {
              result.sent++;
            } else if (outcome.kind === "gone" && (await removeGone(store, sub.endpoint))) {
              result.removed++;
            } else {
              result.failed++;
              if (outcome.kind !== "gone") console.warn(`push: delivery to ${describeEndpoint(sub.endpoint)} failed: ${outcome.reason}`);
            }
          },
          () => open,
        );
        page = page.length < PAGE || !open ? [] : await store.subscriptionsAfter(page.at(-1)?.endpoint, PAGE);
        loaded += page.length;
      }
    };
    if (options.deadlineMs === undefined) {
      await sendAll();
    } else {
      // Past the deadline no request starts and late answers are ignored (the caller may close the store).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([sendAll(), new Promise<void>((resolve) => (timer = setTimeout(resolve, options.deadlineMs)))]);
      clearTimeout(timer);
    }
  } catch (error) {
    console.warn(`push: announcement stopped: ${(error as Error).message}`);
  } finally {
    open = false;
  }
  const unfinished = loaded - settled;
  if (unfinished > 0) {
    console.warn(`push: ${unfinished} subscription(s) not reached (stopped early)`);
    result.failed += unfinished;
  }
  return result;
}

/** True once the subscription is no longer stored (an unsubscribe may have raced us to it). */
export async function removeGone(store: ArticleStore, endpoint: string): Promise<boolean> {
  try {
    await store.removeSubscription(endpoint);
    return true;
  } catch (error) {
    console.warn(`push: could not remove gone subscription ${describeEndpoint(endpoint)}: ${(error as Error).message}`);
    return false;
  }
}
