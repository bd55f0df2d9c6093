/**
 * Which screen pictures are stored for: the viewport's width, its density,
 * and whether AVIF decodes here. The page tells the worker (sw-registration.ts).
 */
import type { ScreenInfo } from "./library/schema";

/** A 1×1 AVIF: decoding it is the one sure test of support. */
const AVIF_PIXEL =
  "AAAAHGZ0eXBhdmlmAAAAAG1pZjFhdmlmbWlhZgAAANZtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAACJpbG9jAAAAAERAAAEAAQAAAAAA+gABAAAAAAAAAB8AAAAjaWluZgAAAAAAAQAAABVpbmZlAgAAAAABAABhdjAxAAAAAA5waXRtAAAAAAABAAAAVmlwcnAAAAA4aXBjbwAAAAxhdjFDgSACAAAAABRpc3BlAAAAAAAAAAEAAAABAAAAEHBpeGkAAAAAAwgICAAAABZpcG1hAAAAAAAAAAEAAQOBAgMAAAAnbWRhdBIACgc4AAaQENBpMhIZQmMEw88880EgAJBAyRxhQr4=";

async function decodesAvif(): Promise<boolean> {
  if (typeof createImageBitmap !== "function") return false;
  try {
    const bytes = Uint8Array.from(atob(AVIF_PIXEL), (c) => c.charCodeAt(0));
    (await createImageBitmap(new Blob([bytes], { type: "image/avif" }))).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * This page's screen, for the worker to store: a page never writes the
 * library as it loads (measured: a page's write at load, in Chromium, kept a
 * quota override from ever refusing the worker's writes; e2e/library.spec.ts).
 */
export async function thisScreen(win: Window): Promise<ScreenInfo> {
  return { width: Math.round(win.innerWidth), devicePixelRatio: win.devicePixelRatio || 1, avif: await decodesAvif() };
}
