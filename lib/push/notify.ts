/**
 * Announcing a published article to every push subscriber. Runs after the
 * publish has answered and never throws: a slow or failing push service costs
 * the reader a notification, never the newsroom its publish.
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
const TTL_SECONDS = 24 * 3600;
/** Push services guarantee 4096 bytes of encrypted payload; leave room for the record overhead. */
const MAX_PAYLOAD_BYTES = 3000;

/** The push message announcing `article`. */
export function pushPayloadFor(article: Pick<Article, "id" | "slug" | "title">): PushPayload {
  return { type: "article", id: article.id, slug: article.slug, title: article.title, url: articlePath(article.slug) };
}

function encodePayload(payload: PushPayload): string {
  let body = JSON.stringify(payload);
  // Only the title can be long; shorten it rather than have every push service refuse the message.
  for (let chars = Array.from(payload.title); Buffer.byteLength(body) > MAX_PAYLOAD_BYTES && chars.length > 0; ) {
    chars = chars.slice(0, Math.floor(chars.length * 0.8));
    body = JSON.stringify({ ...payload, title: `${chars.join("")}…` });
  }
  return body;
}

/** A Topic header (≤ 32 base64url chars): a second announcement of the same article replaces one still queued. */
function topicFor(payload: PushPayload): string {
  return createHash("sha256").update(payload.id).digest("base64url").slice(0, 22);
}

/** The endpoint without its path, which is the subscription's capability: origin plus a short hash to tell them apart. */
function describeEndpoint(endpoint: string): string {
  const hash = createHash("sha256").update(endpoint).digest("hex").slice(0, 8);
  try {
    return `${new URL(endpoint).origin} #${hash}`;
  } catch {
    return `#${hash}`;
  }
}

type Outcome = { kind: "sent" | "gone" } | { kind: "failed"; reason: string };

async function deliver(
  sub: PushSubscriptionRecord,
  body: string,
  options: RequestOptions,
  timeoutMs: number,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // web-push's timeout only fires on an idle socket; the race also bounds a service that answers byte by byte.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([webpush.sendNotification(sub, body, options), timeout]);
    return { kind: "sent" };
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 404 || status === 410) return { kind: "gone" };
    return { kind: "failed", reason: typeof status === "number" ? `answered ${status}` : (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `payload` to every subscription, deleting those the push service reports gone; never throws. */
export async function notifySubscribers(
  store: ArticleStore,
  payload: PushPayload,
  options: NotifyOptions = {},
): Promise<NotifyResult> {
  const result: NotifyResult = { sent: 0, removed: 0, failed: 0 };
  let subscriptions: PushSubscriptionRecord[] = [];
  let settled = 0;
  let open = true;
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    subscriptions = await store.listSubscriptions();
    // Without subscribers there is nothing to sign, so a publish never creates or reads the key file.
    if (subscriptions.length === 0) return result;
    const vapid = options.vapid ?? vapidKeys(dataDir());
    const body = encodePayload(payload);
    const requestOptions: RequestOptions = {
      vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: TTL_SECONDS,
      urgency: "normal",
      timeout: timeoutMs,
      topic: topicFor(payload),
      ...(options.agent ? { agent: options.agent } : {}),
    };

    let next = 0;
    const worker = async (): Promise<void> => {
      for (let sub = subscriptions[next++]; sub && open; sub = subscriptions[next++]) {
        const outcome = await deliver(sub, body, requestOptions, timeoutMs);
        if (!open) return;
        settled++;
        if (outcome.kind === "sent") {
          result.sent++;
        } else if (outcome.kind === "failed") {
          result.failed++;
          console.warn(`push: delivery to ${describeEndpoint(sub.endpoint)} failed: ${outcome.reason}`);
        } else if (await removeGone(store, sub.endpoint)) {
          result.removed++;
        } else {
          result.failed++;
        }
      }
    };
    const workers = Promise.all(Array.from({ length: Math.min(concurrency, subscriptions.length) }, worker));

    if (options.deadlineMs === undefined) {
      await workers;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.deadlineMs);
      });
      await Promise.race([workers, deadline]);
      clearTimeout(timer);
    }
  } catch (error) {
    console.warn(`push: announcement stopped: ${(error as Error).message}`);
  } finally {
    open = false;
  }
  const unfinished = subscriptions.length - settled;
  if (unfinished > 0) {
    console.warn(`push: ${unfinished} subscription(s) not reached (stopped early)`);
    result.failed += unfinished;
  }
  return result;
}

/** True once the subscription is no longer stored (an unsubscribe may have raced us to it). */
async function removeGone(store: ArticleStore, endpoint: string): Promise<boolean> {
  try {
    await store.removeSubscription(endpoint);
    return true;
  } catch (error) {
    console.warn(`push: could not remove gone subscription ${describeEndpoint(endpoint)}: ${(error as Error).message}`);
    return false;
  }
}

/** Announces a freshly published article to every subscriber; swallows every error (a publish never fails for push). */
export async function announceArticle(
  store: ArticleStore,
  article: Pick<Article, "id" | "slug" | "title">,
  options?: NotifyOptions,
): Promise<NotifyResult> {
  try {
    return await notifySubscribers(store, pushPayloadFor(article), options);
  } catch (error) {
    console.warn(`push: announcement failed: ${(error as Error).message}`);
    return { sent: 0, removed: 0, failed: 0 };
  }
}
