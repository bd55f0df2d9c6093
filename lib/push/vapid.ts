/**
 * The server's VAPID identity for web push: the key pair browsers subscribe
 * with, and the contact the push services see. Keys come from
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, or are generated once and kept, so
 * subscriptions survive restarts: in DATA_DIR/vapid.json with the SQLite
 * store (servers sharing a store share DATA_DIR), in the database's
 * store_meta with DATABASE_URL, so every server on it signs with one pair.
 *
 * The subject is VAPID_SUBJECT (a `mailto:` or `https:` URL); without it,
 * SITE_URL when that is an https address, else `mailto:newsroom@localhost`.
 * Push services use it only to contact the sender; set a real one in
 * production (Apple's service refuses a localhost https subject).
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import type { VapidKeyPair } from "@/lib/config";
import { checkedKeyPair, databaseUrl, dataDir, vapidKeyPair, vapidSubject } from "@/lib/config";
import type { ArticleStore } from "@/lib/store/article-store";

export const VAPID_FILE = "vapid.json";
export { DEFAULT_VAPID_SUBJECT } from "@/lib/config";

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url: what `pushManager.subscribe({ applicationServerKey })` takes. */
  publicKey: string;
  /** 32-byte P-256 private key, base64url. */
  privateKey: string;
  /** `mailto:` or `https:` contact sent in the VAPID token. */
  subject: string;
}

const cache = new Map<string, VapidKeys>();
const sharedCache = new WeakMap<ArticleStore, Promise<VapidKeys>>();

/** The store_meta key of the pair kept in a PostgreSQL store. */
export const VAPID_SETTING = "vapid-keys";

/** The keys for the configured store: `sharedVapidKeys` with DATABASE_URL, else `vapidKeys` in DATA_DIR. */
export function configuredVapidKeys(store: ArticleStore): Promise<VapidKeys> {
  return databaseUrl() ? sharedVapidKeys(store, dataDir()) : Promise.resolve(vapidKeys(dataDir()));
}

/**
 * The VAPID keys every process on `store` signs with: env first; else the
 * pair kept in the store, made by whichever process asks first. That one
 * offers DATA_DIR's vapid.json when it has one (a server upgraded from keys
 * kept on its disk keeps its subscriptions), else a new pair.
 */
export function sharedVapidKeys(store: ArticleStore, dataDir: string): Promise<VapidKeys> {
  let keys = sharedCache.get(store);
  if (!keys) {
    keys = (async () => {
      const subject = vapidSubject();
      const fromEnv = vapidKeyPair();
      if (fromEnv) return { ...fromEnv, subject };
      const offered = readKept(path.join(path.resolve(dataDir), VAPID_FILE)) ?? webpush.generateVAPIDKeys();
      const kept = await store.keepSetting(VAPID_SETTING, JSON.stringify({ publicKey: offered.publicKey, privateKey: offered.privateKey }));
      let json: unknown;
      try {
        json = JSON.parse(kept);
      } catch {
        json = undefined;
      }
      // Never replace a damaged pair: new keys would silently orphan every subscription.
      const pair = checkedKeyPair(json);
      if (!pair) throw new Error(`store_meta '${VAPID_SETTING}' is not a valid VAPID key pair; fix or delete that row (deleting it ends every push subscription)`);
      return { ...pair, subject };
    })();
    sharedCache.set(store, keys);
    keys.catch(() => sharedCache.delete(store));
  }
  return keys;
}

/** The VAPID keys and subject for `dataDir`: env first, then the kept file, else freshly generated and kept. */
export function vapidKeys(dataDir: string): VapidKeys {
  const dir = path.resolve(dataDir);
  let keys = cache.get(dir);
  if (!keys) {
    keys = { ...keyPair(dir), subject: vapidSubject() };
    cache.set(dir, keys);
  }
  return keys;
}

function keyPair(dir: string): VapidKeyPair {
  return vapidKeyPair() ?? readKept(path.join(dir, VAPID_FILE)) ?? keepNew(path.join(dir, VAPID_FILE));
}

function readKept(file: string): VapidKeyPair | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  // Never regenerate over a damaged file: new keys would silently orphan every subscription.
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const pair = checkedKeyPair(json);
  if (!pair) throw new Error(`${file} is not a valid VAPID key file; fix or delete it (deleting it ends every push subscription)`);
  return pair;
}

function keepNew(file: string): VapidKeyPair {
  mkdirSync(path.dirname(file), { recursive: true });
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ publicKey, privateKey }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    // link() is atomic and refuses to replace: when the server and the CLI generate at once, the first file wins
    // and both use it, instead of the loser caching keys that are no longer on disk.
    linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") {
      unlinkSync(temp);
      if (code === "EEXIST") return readKept(file) ?? keepNew(file);
      throw error;
    }
    // A filesystem without hard links: rename is still atomic for readers.
    renameSync(temp, file);
    return { publicKey, privateKey };
  }
  unlinkSync(temp);
  return { publicKey, privateKey };
}
