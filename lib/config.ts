/**
 * The server's environment, read in one place: every variable the server, the
 * publish command and the push worker take, typed and checked. Each reader
 * takes the environment as an argument (process.env by default) and reads it
 * when called, never at import, so tests may change process.env as they run.
 * A bad value throws ConfigError with one line naming the variable;
 * `configProblems` collects every such line, and start-up prints them all
 * and exits (lib/store/startup.ts).
 *
 * Read elsewhere, on purpose:
 * - SITE_NAME, SITE_SHORT_NAME, SITE_TIME_ZONE in lib/site.ts, which is also
 *   bundled into the service worker (scripts/build-sw.mjs writes their values
 *   in at build time); they are checked here too.
 * - DATA_DIR and DATABASE_URL in lib/render-cache/cache-handler.cjs, plain
 *   CommonJS that Next loads outside the bundler.
 */
import path from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

/** One or more bad variables; each line of the message names one. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

const bad = (line: string): never => {
  throw new ConfigError([line]);
};

/** Every reader run; their problems thrown together, so a fix is never followed by the next complaint. */
function allOf<T extends Record<string, unknown>>(readers: { [K in keyof T]: () => T[K] }): T {
  const result: Partial<T> = {};
  const problems: string[] = [];
  for (const key of Object.keys(readers) as (keyof T)[]) {
    try {
      result[key] = readers[key]();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as T;
}

/** The value, trimmed; undefined when unset or blank. */
function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Quoted and cut short, so a line stays one line whatever was set. */
const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

function integer(env: Env, name: string, min: number, max: number, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) bad(`${name}: عدد صحيح من ${min} إلى ${max}، لا ${shown(value)}`);
  return n;
}

/** Where the SQLite store, the pictures and a generated VAPID key file live (DATA_DIR, default ./data). */
export function dataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ text(env, "DATA_DIR") ?? "data");
}

/**
 * DATABASE_URL when set: the PostgreSQL store; undefined means SQLite in
 * DATA_DIR. Its scheme is checked where the store opens (a StoreOpenError)
 * and by configProblems.
 */
export function databaseUrl(env: Env = process.env): string | undefined {
  return text(env, "DATABASE_URL");
}

export const isPostgresUrl = (url: string) => /^postgres(?:ql)?:\/\//i.test(url);

/** The port `npm start` serves on (PORT, default 3000). */
export function port(env: Env = process.env): number {
  return integer(env, "PORT", 1, 65_535, 3000);
}

/** SITE_URL as an origin-and-path without a trailing slash (`https://news.example`); undefined when unset. */
export function siteUrl(env: Env = process.env): string | undefined {
  const value = text(env, "SITE_URL");
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
    return bad(`SITE_URL: عنوان http:// أو https:// للموقع (مثل https://akhbar.example)، لا ${shown(value)}`);
  }
  return url.href.replace(/\/$/, "");
}

/** The site's public address: SITE_URL, else this machine on PORT (canonical links, the publish command's output). */
export function publicUrl(env: Env = process.env): string {
  return siteUrl(env) ?? `http://localhost:${port(env)}`;
}

/** Failed guesses are not limited (lib/publish/authorize.ts), so the token's length is what keeps them out. */
export const MIN_PUBLISH_TOKEN_CHARS = 16;

/** The bearer token for publishing over HTTP (PUBLISH_TOKEN); undefined leaves HTTP publishing off. */
export function publishToken(env: Env = process.env): string | undefined {
  const token = text(env, "PUBLISH_TOKEN");
  // Never shown: it is a secret.
  if (token !== undefined && token.length < MIN_PUBLISH_TOKEN_CHARS) {
    bad(`PUBLISH_TOKEN: رمز النشر أقصر من ${MIN_PUBLISH_TOKEN_CHARS} حرفًا، فيُخمَّن؛ ولّد رمزًا عشوائيًا طويلًا (مثل openssl rand -hex 32)`);
  }
  return token;
}

/** WORKER: "on" (default) runs the push workers inside the server, "off" leaves them to `npm run worker`. */
export function workerMode(env: Env = process.env): "on" | "off" {
  const value = text(env, "WORKER")?.toLowerCase() ?? "on";
  if (value !== "on" && value !== "off") bad(`WORKER: "on" أو "off" فقط، لا ${shown(env.WORKER ?? "")}`);
  return value as "on" | "off";
}

export interface VapidKeyPair {
  /** Uncompressed P-256 public key, base64url. */
  publicKey: string;
  /** 32-byte P-256 private key, base64url. */
  privateKey: string;
}

const isBase64urlOf = (s: string, bytes: number) => /^[A-Za-z0-9_-]+$/.test(s) && Buffer.from(s, "base64url").length === bytes;

/** A well-formed key pair, or undefined (for keys read back from a file or the database). */
export function checkedKeyPair(value: unknown): VapidKeyPair | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { publicKey, privateKey } = value as Record<string, unknown>;
  if (typeof publicKey !== "string" || typeof privateKey !== "string") return undefined;
  return isBase64urlOf(publicKey, 65) && isBase64urlOf(privateKey, 32) ? { publicKey, privateKey } : undefined;
}

/** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, both or neither; undefined when neither is set. */
export function vapidKeyPair(env: Env = process.env): VapidKeyPair | undefined {
  const publicKey = text(env, "VAPID_PUBLIC_KEY");
  const privateKey = text(env, "VAPID_PRIVATE_KEY");
  if (!publicKey && !privateKey) return undefined;
  if (!publicKey || !privateKey) {
    return bad(`VAPID_PUBLIC_KEY و VAPID_PRIVATE_KEY يُعيَّنان معًا (المعيَّن ${publicKey ? "VAPID_PUBLIC_KEY" : "VAPID_PRIVATE_KEY"} وحده)`);
  }
  return (
    checkedKeyPair({ publicKey, privateKey }) ??
    bad("VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY: مفتاحا P-256 بترميز base64url (65 و32 بايتًا) كما يطبعهما npx web-push generate-vapid-keys")
  );
}

export const DEFAULT_VAPID_SUBJECT = "mailto:newsroom@localhost";

/** VAPID_SUBJECT (mailto: or https:); without it an https SITE_URL's origin, else a localhost mailto:. */
export function vapidSubject(env: Env = process.env): string {
  const configured = text(env, "VAPID_SUBJECT");
  if (configured) {
    if (!/^(?:mailto:|https:\/\/)\S+$/.test(configured)) bad(`VAPID_SUBJECT: عنوان mailto: أو https://، لا ${shown(configured)}`);
    return configured;
  }
  let site: string | undefined;
  try {
    site = siteUrl(env);
  } catch {
    // A bad SITE_URL is its own line in configProblems; here it just does not qualify.
  }
  if (site) {
    const url = new URL(site);
    if (url.protocol === "https:" && url.hostname !== "localhost") return url.origin;
  }
  return DEFAULT_VAPID_SUBJECT;
}

/** The push fan-out's settings (lib/push/fanout.ts adds the fixed ones). */
export interface PushSettings {
  batchSize: number;
  concurrency: number;
  batches: number;
  timeoutMs: number;
  batchSeconds: number;
  maxAttempts: number;
}

/** PUSH_BATCH_SIZE, PUSH_CONCURRENCY, PUSH_BATCHES, PUSH_TIMEOUT_MS, PUSH_BATCH_SECONDS, PUSH_MAX_ATTEMPTS. */
export function pushSettings(env: Env = process.env): PushSettings {
  return allOf({
    batchSize: () => integer(env, "PUSH_BATCH_SIZE", 1, 10_000, 500),
    concurrency: () => integer(env, "PUSH_CONCURRENCY", 1, 1000, 50),
    batches: () => integer(env, "PUSH_BATCHES", 1, 64, 2),
    timeoutMs: () => integer(env, "PUSH_TIMEOUT_MS", 100, 120_000, 5000),
    batchSeconds: () => integer(env, "PUSH_BATCH_SECONDS", 1, 3600, 120),
    maxAttempts: () => integer(env, "PUSH_MAX_ATTEMPTS", 1, 20, 5),
  });
}

/** Enough for a newsroom's readers; each publish sends one request per subscription. */
export const DEFAULT_MAX_SUBSCRIPTIONS = 10_000;

/** PUSH_MAX_SUBSCRIPTIONS: how many subscriptions are stored at most (0 accepts none). */
export function pushMaxSubscriptions(env: Env = process.env): number {
  return integer(env, "PUSH_MAX_SUBSCRIPTIONS", 0, 999_999_999, DEFAULT_MAX_SUBSCRIPTIONS);
}

/** PUSH_SERVICE_HOSTS split on commas ("*" for any); undefined when unset (the browsers' own services). */
export function pushServiceHosts(env: Env = process.env): string[] | undefined {
  const value = text(env, "PUSH_SERVICE_HOSTS");
  return value?.split(",").map((h) => h.trim()).filter(Boolean);
}

/** How unused uploads are collected (lib/media/collect.ts). */
export interface MediaCollectionSettings {
  unusedHours: number;
  withdrawnDays: number;
  collectMinutes: number;
}

/** MEDIA_UNUSED_HOURS, MEDIA_WITHDRAWN_DAYS, MEDIA_COLLECT_MINUTES. */
export function mediaCollectionSettings(env: Env = process.env): MediaCollectionSettings {
  return allOf({
    unusedHours: () => integer(env, "MEDIA_UNUSED_HOURS", 1, 24 * 365, 24),
    withdrawnDays: () => integer(env, "MEDIA_WITHDRAWN_DAYS", 0, 3650, 30),
    // At most 12 h: finished jobs are kept at least that long (pg-boss archives them after 12 h,
    // SQLite's queue keeps them 24 h), which is what makes a period's id run once.
    collectMinutes: () => integer(env, "MEDIA_COLLECT_MINUTES", 1, 12 * 60, 60),
  });
}

function checkTimeZone(env: Env): void {
  const zone = text(env, "SITE_TIME_ZONE");
  if (zone === undefined) return;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    bad(`SITE_TIME_ZONE: اسم منطقة زمنية من قاعدة IANA (مثل Asia/Damascus)، لا ${shown(zone)}`);
  }
}

function checkDatabaseUrl(env: Env): void {
  const url = databaseUrl(env);
  if (url !== undefined && !isPostgresUrl(url)) {
    bad("DATABASE_URL: رابط PostgreSQL يبدأ بـ postgres:// أو postgresql://، أو اتركه فارغًا لاستعمال SQLite");
  }
}

/** Every bad variable in `env`, one line each; empty when all is well. */
export function configProblems(env: Env = process.env): string[] {
  const checks: ((env: Env) => unknown)[] = [
    dataDir,
    checkDatabaseUrl,
    port,
    siteUrl,
    publishToken,
    workerMode,
    vapidKeyPair,
    vapidSubject,
    pushSettings,
    pushMaxSubscriptions,
    pushServiceHosts,
    mediaCollectionSettings,
    checkTimeZone,
  ];
  const problems: string[] = [];
  for (const check of checks) {
    try {
      check(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}
