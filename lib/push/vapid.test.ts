import { createECDH } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import webpush from "web-push";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/push/key/route";
import type { ArticleStore } from "@/lib/store/article-store";
import { getStore } from "@/lib/store/open-store";
import { openPgStore } from "@/lib/store/pg-store";
import { createTestDatabase, type TestDatabase } from "@/test/support/postgres";
import { DEFAULT_VAPID_SUBJECT, sharedVapidKeys, VAPID_FILE, VAPID_SETTING, vapidKeys } from "./vapid";

// connection() needs a live Next request; outside one there is nothing to wait for.
vi.mock("next/server", () => ({ connection: async () => {} }));

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "vapid-test-"));

function publicKeyOf(privateKey: string): string {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
  return ecdh.getPublicKey().toString("base64url");
}

beforeEach(() => {
  vi.stubEnv("VAPID_PUBLIC_KEY", "");
  vi.stubEnv("VAPID_PRIVATE_KEY", "");
  vi.stubEnv("VAPID_SUBJECT", "");
  vi.stubEnv("SITE_URL", "");
});
afterEach(() => vi.unstubAllEnvs());

describe("vapidKeys", () => {
  it("generates a matching P-256 pair on first use and keeps it, owner-only, in DATA_DIR", () => {
    const dir = tempDir();
    const keys = vapidKeys(dir);

    expect(Buffer.from(keys.publicKey, "base64url")).toHaveLength(65);
    expect(Buffer.from(keys.privateKey, "base64url")).toHaveLength(32);
    expect(publicKeyOf(keys.privateKey)).toBe(keys.publicKey);
    const file = path.join(dir, VAPID_FILE);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ publicKey: keys.publicKey, privateKey: keys.privateKey });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([VAPID_FILE]);
    expect(keys.subject).toBe(DEFAULT_VAPID_SUBJECT);
  });

  it("reads the kept pair instead of generating another", () => {
    const dir = tempDir();
    const kept = webpush.generateVAPIDKeys();
    writeFileSync(path.join(dir, VAPID_FILE), JSON.stringify(kept));
    expect(vapidKeys(dir)).toEqual({ ...kept, subject: DEFAULT_VAPID_SUBJECT });
  });

  it("caches per data directory", () => {
    const dir = tempDir();
    const first = vapidKeys(dir);
    unlinkSync(path.join(dir, VAPID_FILE));
    expect(vapidKeys(dir)).toBe(first);
    expect(vapidKeys(tempDir()).publicKey).not.toBe(first.publicKey);
  });

  it("refuses a damaged key file rather than orphaning every subscription with new keys", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, VAPID_FILE), '{"publicKey":"short"}');
    expect(() => vapidKeys(dir)).toThrow(/not a valid VAPID key file/);
    expect(readFileSync(path.join(dir, VAPID_FILE), "utf8")).toBe('{"publicKey":"short"}');
  });

  it("prefers VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, writing nothing", () => {
    const dir = tempDir();
    const env = webpush.generateVAPIDKeys();
    vi.stubEnv("VAPID_PUBLIC_KEY", env.publicKey);
    vi.stubEnv("VAPID_PRIVATE_KEY", ` ${env.privateKey}\n`);
    expect(vapidKeys(dir)).toEqual({ ...env, subject: DEFAULT_VAPID_SUBJECT });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([["VAPID_PUBLIC_KEY"], ["VAPID_PRIVATE_KEY"]])("refuses %s set alone, naming it", (name) => {
    vi.stubEnv(name, webpush.generateVAPIDKeys().publicKey);
    expect(() => vapidKeys(tempDir())).toThrow(new RegExp(`يُعيَّنان معًا \\(المعيَّن ${name} وحده\\)`));
  });

  it("refuses env keys that are not P-256 keys", () => {
    vi.stubEnv("VAPID_PUBLIC_KEY", "not-a-key");
    vi.stubEnv("VAPID_PRIVATE_KEY", webpush.generateVAPIDKeys().privateKey);
    expect(() => vapidKeys(tempDir())).toThrow(/مفتاحا P-256 بترميز base64url/);
  });

  it("takes the subject from VAPID_SUBJECT, else an https SITE_URL, else the default", () => {
    vi.stubEnv("SITE_URL", "https://akhbar.example/some/path");
    expect(vapidKeys(tempDir()).subject).toBe("https://akhbar.example");
    vi.stubEnv("SITE_URL", "http://localhost:3000");
    expect(vapidKeys(tempDir()).subject).toBe(DEFAULT_VAPID_SUBJECT);
    vi.stubEnv("VAPID_SUBJECT", "mailto:desk@akhbar.example");
    expect(vapidKeys(tempDir()).subject).toBe("mailto:desk@akhbar.example");
  });

  it("refuses a subject push services would reject", () => {
    vi.stubEnv("VAPID_SUBJECT", "desk@akhbar.example");
    expect(() => vapidKeys(tempDir())).toThrow(/^VAPID_SUBJECT: عنوان mailto: أو https:\/\/، لا "desk@akhbar.example"$/);
  });
});

describe("GET /api/push/key", () => {
  it("answers the public key kept for DATA_DIR, cacheable for an hour", async () => {
    const dir = tempDir();
    vi.stubEnv("DATA_DIR", dir);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await response.json()).toEqual({ publicKey: vapidKeys(dir).publicKey });
  });
});

describe("VAPID keys on PostgreSQL (DATABASE_URL)", () => {
  let db: TestDatabase | undefined;
  let stores: ArticleStore[] = [];
  const openStore = async () => {
    db ??= await createTestDatabase("vapid");
    const store = await openPgStore(db.url, { maxConnections: 2 });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    await db?.drop();
    db = undefined;
  });

  it("gives two stores opened on one database the same pair, made once, kept in the database and not on disk", async () => {
    const [a, b] = [await openStore(), await openStore()];
    const [dirA, dirB] = [tempDir(), tempDir()];
    const [keysA, keysB] = await Promise.all([sharedVapidKeys(a, dirA), sharedVapidKeys(b, dirB)]);
    expect(keysB).toEqual(keysA);
    expect(publicKeyOf(keysA.privateKey)).toBe(keysA.publicKey);
    expect(keysA.subject).toBe(DEFAULT_VAPID_SUBJECT);
    expect(readdirSync(dirA)).toEqual([]);
    expect(readdirSync(dirB)).toEqual([]);
    const { rows } = await db!.sql("SELECT value FROM store_meta WHERE key = $1", [VAPID_SETTING]);
    expect(JSON.parse(rows[0].value)).toEqual({ publicKey: keysA.publicKey, privateKey: keysA.privateKey });
    // A server started later, or restarted, signs with the same pair.
    expect(await sharedVapidKeys(await openStore(), tempDir())).toEqual(keysA);
  });

  it("answers GET /api/push/key with the database's key on every server", async () => {
    const store = await openStore();
    const kept = await sharedVapidKeys(store, tempDir());
    vi.stubEnv("DATABASE_URL", db!.url);
    vi.stubEnv("DATA_DIR", tempDir());
    expect(await (await GET()).json()).toEqual({ publicKey: kept.publicKey });
    stores.push(await getStore());
  });

  it("keeps the pair a server already had on disk, so its subscriptions survive the move to shared keys", async () => {
    const dir = tempDir();
    const onDisk = vapidKeys(dir);
    expect(await sharedVapidKeys(await openStore(), dir)).toEqual(onDisk);
    expect(await sharedVapidKeys(await openStore(), tempDir())).toEqual(onDisk);
  });

  it("lets VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY override the database, writing nothing", async () => {
    const env = webpush.generateVAPIDKeys();
    vi.stubEnv("VAPID_PUBLIC_KEY", env.publicKey);
    vi.stubEnv("VAPID_PRIVATE_KEY", env.privateKey);
    expect(await sharedVapidKeys(await openStore(), tempDir())).toEqual({ ...env, subject: DEFAULT_VAPID_SUBJECT });
    expect((await db!.sql("SELECT value FROM store_meta WHERE key = $1", [VAPID_SETTING])).rows).toEqual([]);
  });

  it("refuses a damaged pair in the database instead of replacing it", async () => {
    const store = await openStore();
    await db!.sql("INSERT INTO store_meta (key, value) VALUES ($1, $2)", [VAPID_SETTING, '{"publicKey":"short"}']);
    await expect(sharedVapidKeys(store, tempDir())).rejects.toThrow(/not a valid VAPID key pair/);
    expect((await db!.sql("SELECT value FROM store_meta WHERE key = $1", [VAPID_SETTING])).rows).toEqual([{ value: '{"publicKey":"short"}' }]);
  });
});
