import path from "node:path";
import webpush from "web-push";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  configProblems,
  ConfigError,
  dataDir,
  DEFAULT_MAX_SUBSCRIPTIONS,
  port,
  publicUrl,
  publishToken,
  pushMaxSubscriptions,
  pushServiceHosts,
  pushSettings,
  siteUrl,
  vapidKeyPair,
  vapidSubject,
  workerMode,
} from "./config";

afterEach(() => vi.unstubAllEnvs());

describe("the server's configuration", () => {
  it("has a default for every variable, and an empty environment has no problems", () => {
    expect(configProblems({})).toEqual([]);
    expect(dataDir({})).toBe(path.resolve("data"));
    expect(port({})).toBe(3000);
    expect(siteUrl({})).toBeUndefined();
    expect(publicUrl({})).toBe("http://localhost:3000");
    expect(publicUrl({ PORT: "8080" })).toBe("http://localhost:8080");
    expect(workerMode({})).toBe("on");
    expect(vapidKeyPair({})).toBeUndefined();
    expect(vapidSubject({})).toBe("mailto:newsroom@localhost");
    expect(pushSettings({})).toEqual({ batchSize: 500, concurrency: 50, batches: 2, timeoutMs: 5000, batchSeconds: 120, maxAttempts: 5 });
    expect(pushMaxSubscriptions({})).toBe(DEFAULT_MAX_SUBSCRIPTIONS);
    expect(pushServiceHosts({})).toBeUndefined();
  });

  it("treats blank values as unset and trims the rest", () => {
    expect(port({ PORT: "  " })).toBe(3000);
    expect(dataDir({ DATA_DIR: " /srv/akhbar " })).toBe("/srv/akhbar");
    expect(siteUrl({ SITE_URL: " https://akhbar.example/ " })).toBe("https://akhbar.example");
    expect(siteUrl({ SITE_URL: "https://akhbar.example/news/" })).toBe("https://akhbar.example/news");
    expect(workerMode({ WORKER: " OFF " })).toBe("off");
    expect(pushMaxSubscriptions({ PUSH_MAX_SUBSCRIPTIONS: "0" })).toBe(0);
    expect(pushServiceHosts({ PUSH_SERVICE_HOSTS: " a.example, ,b.example " })).toEqual(["a.example", "b.example"]);
  });

  it("reads process.env when called, not when imported", () => {
    vi.stubEnv("PORT", "4123");
    expect(port()).toBe(4123);
    vi.stubEnv("PORT", "4124");
    expect(port()).toBe(4124);
  });

  it.each([
    ["PORT", "0", "PORT: عدد صحيح من 1 إلى 65535، لا \"0\""],
    ["PORT", "80a", "PORT: عدد صحيح من 1 إلى 65535، لا \"80a\""],
    ["SITE_URL", "akhbar.example", "SITE_URL: عنوان http:// أو https:// للموقع (مثل https://akhbar.example)، لا \"akhbar.example\""],
    ["SITE_URL", "ftp://akhbar.example", "SITE_URL: عنوان http:// أو https:// للموقع (مثل https://akhbar.example)، لا \"ftp://akhbar.example\""],
    ["WORKER", "maybe", "WORKER: \"on\" أو \"off\" فقط، لا \"maybe\""],
    ["PUSH_CONCURRENCY", "2.5", "PUSH_CONCURRENCY: عدد صحيح من 1 إلى 1000، لا \"2.5\""],
    ["PUSH_MAX_SUBSCRIPTIONS", "-1", "PUSH_MAX_SUBSCRIPTIONS: عدد صحيح من 0 إلى 999999999، لا \"-1\""],
    ["PUSH_MAX_SUBSCRIPTIONS", "1e9", "PUSH_MAX_SUBSCRIPTIONS: عدد صحيح من 0 إلى 999999999، لا \"1e9\""],
    ["VAPID_SUBJECT", "desk@akhbar.example", "VAPID_SUBJECT: عنوان mailto: أو https://، لا \"desk@akhbar.example\""],
    ["SITE_TIME_ZONE", "Damascus", "SITE_TIME_ZONE: اسم منطقة زمنية من قاعدة IANA (مثل Asia/Damascus)، لا \"Damascus\""],
    ["DATABASE_URL", "mysql://db/news", "DATABASE_URL: رابط PostgreSQL يبدأ بـ postgres:// أو postgresql://، أو اتركه فارغًا لاستعمال SQLite"],
  ])("says what is wrong with %s=%s in one line", (name, value, line) => {
    expect(configProblems({ [name]: value })).toEqual([line]);
  });

  it("lists every bad variable at once, each on its own line, and never a secret's value", () => {
    const problems = configProblems({
      PORT: "http",
      PUSH_BATCH_SIZE: "0",
      PUSH_TIMEOUT_MS: "10",
      VAPID_PRIVATE_KEY: "s3cret-private-key",
      DATABASE_URL: "mysql://newsroom:s3cret@db/news",
    });
    expect(problems).toEqual([
      "DATABASE_URL: رابط PostgreSQL يبدأ بـ postgres:// أو postgresql://، أو اتركه فارغًا لاستعمال SQLite",
      "PORT: عدد صحيح من 1 إلى 65535، لا \"http\"",
      "VAPID_PUBLIC_KEY و VAPID_PRIVATE_KEY يُعيَّنان معًا (المعيَّن VAPID_PRIVATE_KEY وحده)",
      "PUSH_BATCH_SIZE: عدد صحيح من 1 إلى 10000، لا \"0\"",
      "PUSH_TIMEOUT_MS: عدد صحيح من 100 إلى 120000، لا \"10\"",
    ]);
    for (const line of problems) {
      expect(line).not.toContain("\n");
      expect(line).not.toContain("s3cret");
    }
  });

  it("refuses a publishing token short enough to guess, without showing it", () => {
    const line = "PUBLISH_TOKEN: رمز النشر أقصر من 16 حرفًا، فيُخمَّن؛ ولّد رمزًا عشوائيًا طويلًا (مثل openssl rand -hex 32)";
    expect(configProblems({ PUBLISH_TOKEN: "s3cret" })).toEqual([line]);
    expect(() => publishToken({ PUBLISH_TOKEN: " 123456789012345 " })).toThrow(ConfigError);
    expect(publishToken({ PUBLISH_TOKEN: " 1234567890123456 " })).toBe("1234567890123456");
  });

  it("throws ConfigError from a reader, carrying all of its lines", () => {
    let caught: unknown;
    try {
      pushSettings({ PUSH_BATCHES: "100", PUSH_MAX_ATTEMPTS: "x" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      "PUSH_BATCHES: عدد صحيح من 1 إلى 64، لا \"100\"",
      "PUSH_MAX_ATTEMPTS: عدد صحيح من 1 إلى 20، لا \"x\"",
    ]);
  });

  it("takes a VAPID key pair only whole and well formed", () => {
    const keys = webpush.generateVAPIDKeys();
    expect(vapidKeyPair({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: ` ${keys.privateKey}\n` })).toEqual(keys);
    expect(configProblems({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.publicKey })).toEqual([
      "VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY: مفتاحا P-256 بترميز base64url (65 و32 بايتًا) كما يطبعهما npx web-push generate-vapid-keys",
    ]);
  });

  it("takes the VAPID subject from an https SITE_URL, never a localhost or a bad one", () => {
    expect(vapidSubject({ SITE_URL: "https://akhbar.example/news" })).toBe("https://akhbar.example");
    expect(vapidSubject({ SITE_URL: "https://localhost:3000" })).toBe("mailto:newsroom@localhost");
    expect(vapidSubject({ SITE_URL: "not a url" })).toBe("mailto:newsroom@localhost");
  });
});
