/**
 * Validating the browser's `PushSubscription.toJSON()` at the HTTP boundary,
 * so every stored subscription is one web-push can actually encrypt for and
 * deliver to.
 */
import { ECDH } from "node:crypto";
import { z } from "zod";
import { pushServiceHosts } from "@/lib/config";
import type { PushSubscriptionRecord } from "@/lib/store/article-store";

/** Longest endpoint accepted; real push services use a few hundred characters. */
export const MAX_ENDPOINT_LENGTH = 2048;
/** Largest subscription request body accepted, in bytes. */
export const MAX_SUBSCRIPTION_BYTES = 8 * 1024;

const FIELD_MESSAGES: Record<string, string> = {
  endpoint: `رابط خدمة الإشعارات مطلوب: رابط https لخدمة إشعارات معروفة، على المنفذ 443، لا يزيد على ${MAX_ENDPOINT_LENGTH} حرف`,
  expirationTime: "وقت انتهاء الاشتراك رقم (ميلي ثانية) أو null",
  keys: "مفاتيح الاشتراك مطلوبة: p256dh و auth",
  "keys.p256dh": "المفتاح العام للاشتراك مفتاح P-256 غير مضغوط (65 بايت) بترميز base64url",
  "keys.auth": "سرّ المصادقة 16 بايت بترميز base64url",
};

/**
 * A hostname as DNS and the allow-list see it: IDNA to ASCII and lower case
 * (the URL parser's work), the ideographic and full-width dots U+3002, U+FF0E
 * and U+FF61 read as dots, and no trailing dot (the same host written as a
 * fully qualified name). Undefined when it is no valid hostname.
 */
export function normalizeHost(host: string): string | undefined {
  if (host.length > 1024) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`https://${host.replace(/[\u3002\uFF0E\uFF61]/g, ".")}/`).hostname;
  } catch {
    return undefined;
  }
  const bare = hostname.replace(/\.+$/, "");
  return bare === "" || bare.includes("..") ? undefined : bare;
}

/**
 * The endpoint in canonical form when it may be stored, else undefined.
 * web-push 3 sends every request with `https.request`, whatever the scheme, so
 * an http endpoint could never be delivered to: only https is stored, on the
 * default port (push services use no other, and another port is how a
 * request would reach a different service on an allowed host). The stored
 * form is the parsed, ASCII one, so web-push's own URL parsing cannot read a
 * different host from it than the one checked here.
 */
export function canonicalEndpoint(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  // Credentials in the URL would end up in logs and request lines; no push service issues them.
  if (url.protocol !== "https:" || url.port !== "" || url.username !== "" || url.password !== "") return undefined;
  const host = normalizeHost(url.hostname);
  if (host === undefined || !isPushServiceHost(host)) return undefined;
  url.hostname = host;
  return url.href;
}

/** The browsers' push services (Chrome and Android, Firefox, Edge, Safari). */
export const DEFAULT_PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "android.googleapis.com",
  "push.services.mozilla.com",
  "notify.windows.com",
  "push.apple.com",
];

/**
 * Only hosts of real push services are stored: every publish sends a request to
 * every endpoint, so an open list would let anyone aim the server at internal
 * hosts. PUSH_SERVICE_HOSTS (comma-separated; "*" for any) replaces the list.
 */
export function isPushServiceHost(hostname: string, configured: readonly string[] | undefined = pushServiceHosts()): boolean {
  const listed = configured ?? DEFAULT_PUSH_SERVICE_HOSTS;
  if (listed.includes("*")) return true;
  const host = normalizeHost(hostname);
  if (host === undefined) return false;
  // The list is normalised like the host, so "FCM.googleapis.com." in the environment still matches.
  const hosts = listed.map(normalizeHost).filter((h): h is string => h !== undefined);
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** base64url (padding tolerated, then dropped) decoding to exactly `bytes` bytes, optionally checked further. */
function base64urlBytes(bytes: number, check: (decoded: Buffer) => boolean = () => true) {
  return z
    .string()
    .max(Math.ceil((bytes * 4) / 3) + 2)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .transform((s) => s.replace(/=+$/, ""))
    .refine((s) => {
      const decoded = Buffer.from(s, "base64url");
      return decoded.length === bytes && check(decoded);
    });
}

function isP256Point(key: Buffer): boolean {
  if (key[0] !== 0x04) return false;
  try {
    // Throws unless the point is on the curve: web-push would otherwise fail on every publish, forever.
    ECDH.convertKey(key, "prime256v1");
    return true;
  } catch {
    return false;
  }
}

const endpointSchema = z
  .string()
  .min(1)
  .max(MAX_ENDPOINT_LENGTH)
  .transform((value, ctx) => {
    const canonical = canonicalEndpoint(value);
    if (canonical === undefined || canonical.length > MAX_ENDPOINT_LENGTH) {
      ctx.addIssue({ code: "custom", message: "invalid endpoint" });
      return z.NEVER;
    }
    return canonical;
  });

/** The body of POST /api/push/subscriptions: `PushSubscription.toJSON()`. Unknown keys are dropped, not refused, so a browser that adds one keeps working. */
export const subscriptionSchema = z.object({
  endpoint: endpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64urlBytes(65, isP256Point),
    auth: base64urlBytes(16),
  }),
});

/** The body of DELETE /api/push/subscriptions; the endpoint is read in the canonical form it was stored in. */
export const unsubscribeSchema = z.object({
  endpoint: z
    .string()
    .min(1)
    .max(MAX_ENDPOINT_LENGTH)
    .transform((value) => canonicalEndpoint(value) ?? value),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };

/** Names the first invalid field, in the API's `field: message` form. */
function fieldError(error: z.ZodError): { ok: false; error: string; field?: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  if (!field) return { ok: false, error: "جسم الطلب يجب أن يكون كائن JSON لاشتراك الإشعارات" };
  const message = FIELD_MESSAGES[field] ?? FIELD_MESSAGES[field.split(".")[0] ?? ""] ?? issue?.message ?? "قيمة غير صالحة";
  return { ok: false, error: `${field}: ${message}`, field };
}

/** Validates an untrusted subscription body into the record the store keeps. */
export function parseSubscription(body: unknown): ParseResult<PushSubscriptionRecord> {
  const parsed = subscriptionSchema.safeParse(body);
  if (!parsed.success) return fieldError(parsed.error);
  const { endpoint, keys } = parsed.data;
  return { ok: true, value: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } } };
}

/** Validates the `{ endpoint }` body of an unsubscribe request. */
export function parseUnsubscribe(body: unknown): ParseResult<string> {
  const parsed = unsubscribeSchema.safeParse(body);
  if (!parsed.success) return fieldError(parsed.error);
  return { ok: true, value: parsed.data.endpoint };
}
