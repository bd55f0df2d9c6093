/**
 * The delta feed's cursor: an opaque token wrapping the store's identity and
 * its change sequence number. Clients only echo it back. The identity lets a
 * store tell its own cursors from another store's (one replaced, restored or
 * mistyped in DATA_DIR), whose numbers mean nothing here; the version prefix
 * lets the encoding change without old phones resyncing from the wrong place.
 */

const PREFIX = "c2.";
/** Cursors from before stores had an identity: still honoured, as far as their number allows. */
const LEGACY_PREFIX = "c1.";
const STORE_ID = /^[a-z0-9]{8,64}$/;

export interface FeedPosition {
  /** The identity of the store that issued the cursor; undefined for a legacy cursor. */
  store: string | undefined;
  seq: number;
}

const toBase64Url = (text: string) => btoa(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

/** Encodes a store's change sequence number as an opaque cursor. */
export function encodeCursor(store: string, seq: number): string {
  if (!STORE_ID.test(store)) throw new Error(`not a store identity: ${store}`);
  return toBase64Url(`${PREFIX}${store}.${seq}`);
}

function sequenceNumber(digits: string): number | undefined {
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return undefined;
  const seq = Number(digits);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

/** Decodes a cursor; undefined when it is not one any version of this server issued. */
export function decodeCursor(cursor: string): FeedPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return undefined;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  if (text.startsWith(LEGACY_PREFIX)) {
    const seq = sequenceNumber(text.slice(LEGACY_PREFIX.length));
    return seq === undefined ? undefined : { store: undefined, seq };
  }
  if (!text.startsWith(PREFIX)) return undefined;
  const [store, digits, ...rest] = text.slice(PREFIX.length).split(".");
  if (rest.length > 0 || store === undefined || digits === undefined || !STORE_ID.test(store)) return undefined;
  const seq = sequenceNumber(digits);
  return seq === undefined ? undefined : { store, seq };
}
