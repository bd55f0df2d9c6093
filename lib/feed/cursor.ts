/**
 * The delta feed's cursor: an opaque token wrapping the store's change
 * sequence number. Clients only echo it back; the version prefix lets the
 * encoding change without old phones resyncing from the wrong place.
 */

const PREFIX = "c1.";

/** Encodes a change sequence number as an opaque cursor. */
export function encodeCursor(seq: number): string {
  return btoa(`${PREFIX}${seq}`).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Decodes a cursor; undefined when it is not one this server issued. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return undefined;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  if (!text.startsWith(PREFIX)) return undefined;
  const digits = text.slice(PREFIX.length);
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return undefined;
  const seq = Number(digits);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
