/**
 * The server's VAPID identity for web push: the key pair browsers subscribe
 * with, and the contact the push services see. Keys come from
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, or are generated once and kept in
 * DATA_DIR/vapid.json, so subscriptions survive restarts.
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
import { checkedKeyPair, vapidKeyPair, vapidSubject } from "@/lib/config";

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
