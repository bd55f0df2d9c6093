/**
 * Sending pushes: the payload announcing an article, its encryption and
 * VAPID signature (web-push), and what each push service's answer means.
 * Never throws: a slow or failing push service costs a reader a
 * notification, never the newsroom its publish.
 */
import { createHash } from "node:crypto";
import type { OutgoingHttpHeaders } from "node:http2";
import type { Agent } from "node:https";
import type { RequestOptions } from "web-push";
import webpush from "web-push";
import type { Article } from "@/lib/article/model";
import { articlePath } from "@/lib/article/model";
import type { ArticleStore, PushSubscriptionRecord } from "@/lib/store/article-store";
import { dataDir } from "@/lib/store/open-store";
import type { H2Options } from "./h2";
import { Expiry, H2Pool, tlsOptionsOf, UseHttp1 } from "./h2";
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

/** What a push service's answer means; the same on HTTP/2 and HTTP/1.1. */
export function outcomeOf(status: number, headers: Record<string, unknown> | undefined): Outcome {
  if (status >= 200 && status <= 299) return { kind: "sent" };
  if (status === 404 || status === 410) return { kind: "gone" };
  if (status === 429 || status >= 500) {
    const wait = retryAfterMs(headers?.["retry-after"]);
    return { kind: "retry", reason: `answered ${status}`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  return { kind: "failed", reason: `answered ${status}` };
}

/** web-push's request headers as HTTP/2 wants them: lower-case names, string values. */
function h2Headers(headers: Record<string, unknown>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = String(value);
  return out;
}

/** A push encrypted ahead of its sending (PushSender.prepare): the request as HTTP/2 sends it. */
export interface PreparedPush {
  endpoint: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | null;
}

export interface PushSenderOptions {
  /** HTTP/2 toward push services that speak it (the default), or false for HTTP/1.1 always. */
  http2?: boolean | H2Options;
}

/**
 * Sends encrypted pushes: one VAPID token per push service origin, signed
 * once and reused while valid (web-push would sign every request), so a
 * fan-out's CPU goes to the per-message encryption. Pushes go over one
 * HTTP/2 session per origin (lib/push/h2.ts), or HTTPS/1.1 to an origin that
 * does not speak it. `close()` when done: it ends the kept sessions.
 */
export class PushSender {
  private readonly tokens = new Map<string, { authorization: string; expires: number }>();
  /** Undefined when HTTP/2 is off. */
  readonly h2: H2Pool | undefined;

  constructor(
    private readonly vapid: VapidKeys,
    private readonly timeoutMs: number,
    private readonly agent?: Agent,
    options: PushSenderOptions = {},
  ) {
    const h2 = options.http2 ?? true;
    this.h2 = h2 === false ? undefined : new H2Pool({ tls: tlsOptionsOf(agent), connectTimeoutMs: timeoutMs, ...(h2 === true ? {} : h2) });
  }

  private authorization(origin: string): string {
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

  private requestOptions(origin: string, topic: string, ttlSeconds: number, urgency: "high" | "normal"): RequestOptions {
    return {
      // Signed here, once per origin: vapidDetails null stops web-push signing again.
      vapidDetails: null as unknown as RequestOptions["vapidDetails"],
      headers: { Authorization: this.authorization(origin) },
      TTL: ttlSeconds,
      urgency,
      timeout: this.timeoutMs,
      topic,
      ...(this.agent ? { agent: this.agent } : {}),
    };
  }

  /**
   * The push to `sub` encrypted now, to be sent later by `send`; undefined
   * when it would go by HTTP/1.1 (web-push encrypts on that path itself) or
   * cannot be built (then `send` meets the same error and reports it). A
   * fan-out encrypts a batch this way in one tight run before sending it:
   * interleaved with the sending, the same encryption measured about a third
   * slower (caches shared with the HTTP/2 work), which is most of the CPU.
   */
  prepare(sub: PushSubscriptionRecord, body: string, topic: string, ttlSeconds: number, urgency: "high" | "normal" = "normal"): PreparedPush | undefined {
    try {
      const origin = new URL(sub.endpoint).origin;
      if (!this.h2 || this.h2.prefersHttp1(origin)) return undefined;
      // web-push builds the request (encryption and headers); only the transport is ours.
      const details = webpush.generateRequestDetails(sub, body, this.requestOptions(origin, topic, ttlSeconds, urgency));
      return { endpoint: sub.endpoint, headers: h2Headers(details.headers), body: details.body };
    } catch {
      return undefined;
    }
  }

  /** One push (encrypted now, or earlier by `prepare`); never throws. */
  async send(
    sub: PushSubscriptionRecord,
    body: string,
    topic: string,
    ttlSeconds: number,
    urgency: "high" | "normal" = "normal",
    prepared?: PreparedPush,
  ): Promise<Outcome> {
    // One clock for the whole push, whichever protocol: web-push's own timeout only fires on an idle socket, this also bounds a service that answers byte by byte.
    const expiry = new Expiry(this.timeoutMs);
    try {
      const endpoint = new URL(sub.endpoint);
      const options = this.requestOptions(endpoint.origin, topic, ttlSeconds, urgency);
      if (this.h2 && !this.h2.prefersHttp1(endpoint.origin)) {
        const request = prepared?.endpoint === sub.endpoint ? prepared : undefined;
        const details = request ?? webpush.generateRequestDetails(sub, body, options);
        try {
          const answer = await this.h2.post(endpoint, request ? request.headers : h2Headers(details.headers), details.body, expiry);
          return outcomeOf(answer.status, answer.headers);
        } catch (error) {
          if (!(error instanceof UseHttp1)) throw error;
          // A set-up that took the whole time leaves none for HTTP/1.1.
          if (expiry.expired) throw expiry.error;
        }
      }
      const late = new Promise<never>((_, reject) => expiry.onExpire(() => reject(expiry.error)));
      await Promise.race([webpush.sendNotification(sub, body, options), late]);
      return { kind: "sent" };
    } catch (error) {
      const { statusCode: status, headers } = error as { statusCode?: unknown; headers?: Record<string, unknown> };
      if (typeof status === "number") return outcomeOf(status, headers);
      return { kind: "retry", reason: (error as Error).message };
    } finally {
      expiry.clear();
    }
  }

  /** Ends the kept HTTP/2 sessions (open streams finish first); later pushes go by HTTP/1.1. */
  close(): void {
    this.h2?.close();
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
  let sender: PushSender | undefined;
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    let page = await store.subscriptionsAfter(undefined, PAGE);
    // Without subscribers there is nothing to sign, so a publish never creates or reads the key file.
    if (page.length === 0) return result;
    loaded = page.length;
    const pushes = (sender = new PushSender(options.vapid ?? vapidKeys(dataDir()), timeoutMs, options.agent));
    const body = encodePayload(payload);
    const topic = topicFor(payload);

    const sendAll = async () => {
      while (page.length > 0 && open) {
        await inPool(
          page,
          concurrency,
          async (sub) => {
            const outcome = await pushes.send(sub, body, topic, TTL_SECONDS, urgencyFor(payload));
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
    sender?.close();
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
