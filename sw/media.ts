/**
 * The worker's pictures: after each text sync, stores the one variant of
 * every listed picture that fits this phone's screen (articles never opened
 * included), and answers `/media/…` from them. Text always comes first: this
 * runs after the articles are stored, and nothing here can fail a sync.
 */
import type { RouteHandlerCallbackOptions } from "workbox-core/types";
import type { ImagesOffline, ScreenInfo, StoredMedia } from "@/client/library/schema";
import {
  cacheImage,
  cachedImage,
  effectiveImagesOffline,
  evictableImages,
  heldImages,
  imagesOfflineChoice,
  listAllImages,
  markHeld,
  markMissing,
  releaseImages,
  sweepImages,
  wantedImages,
} from "@/client/library/media";
import { getMeta } from "@/client/library/meta";
import { FORMAT_TYPES, parseMediaPath, storedWidth, variantPath } from "@/lib/media/variants";

/** Until a page has told us its screen: a common phone, 390 CSS px at DPR 3. */
const DEFAULT_SCREEN: ScreenInfo = { width: 390, devicePixelRatio: 3, avif: false };
/** When storage is full: pictures freed at once before trying again. */
const EVICT_AT_ONCE = 10;

interface NetworkInformationLike {
  saveData?: boolean;
  type?: string;
}

function connection(): NetworkInformationLike | undefined {
  return (globalThis.navigator as { connection?: NetworkInformationLike } | undefined)?.connection;
}

/** Whether this choice lets pictures be fetched now. «Wi‑Fi فقط»: a connection the browser calls cellular (or data saver) is not Wi‑Fi; one it does not name (desktops) is taken as one. */
export function mayFetchImages(choice: ImagesOffline, net: NetworkInformationLike | undefined): boolean {
  if (choice === "never") return false;
  if (choice === "always") return true;
  return !net?.saveData && net?.type !== "cellular";
}

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === "QuotaExceededError";

export interface ImagePass {
  stored: number;
  /** Pictures let go: no article shows them, the reader chose «أبدًا», or room was short. */
  released: number;
  /** Why the pass stopped early, if it did. */
  stopped?: "offline" | "full";
}

/** Stores one picture; "full" when even after making room the phone has none, "evicted" when older pictures made way for it. */
async function storeOne(record: StoredMedia, screen: ScreenInfo): Promise<"stored" | "evicted" | "missing" | "offline" | "full" | "released"> {
  const width = storedWidth(record.width, screen);
  const format = screen.avif ? "avif" : "webp";
  const url = variantPath(record.id, width, format);
  let response: Response;
  try {
    response = await fetch(url, { credentials: "omit" });
  } catch {
    return "offline";
  }
  if (response.status === 404) {
    await markMissing(record.id);
    return "missing";
  }
  if (!response.ok) return "offline";
  const body = await response.blob();
  let evicted = false;
  for (let attempt = 0; ; attempt++) {
    try {
      await cacheImage(record.id, body, FORMAT_TYPES[format]);
      break;
    } catch (error) {
      if (!isQuotaError(error) || attempt > 0) {
        if (isQuotaError(error)) return "full";
        throw error;
      }
      // Room goes from the oldest unsaved pictures, never for one older than them.
      const victims = await evictableImages(EVICT_AT_ONCE, record.publishedAt);
      if (victims.length === 0) return "full";
      await releaseImages(victims);
      evicted = true;
    }
  }
  const held = await markHeld(record.id, { url, bytes: body.size, storedAt: Date.now() });
  if (!held) {
    // Its article left while we fetched it.
    await releaseImages([record.id]);
    return "released";
  }
  return evicted ? "evicted" : "stored";
}

let running: Promise<ImagePass> | undefined;
let queued: Promise<ImagePass> | undefined;

async function runImagePass(): Promise<ImagePass> {
  await listAllImages();
  const pass: ImagePass = { stored: 0, released: await sweepImages() };
  const choice = effectiveImagesOffline(await imagesOfflineChoice(), connection()?.saveData);
  if (choice === "never") {
    const held = await heldImages();
    await releaseImages(held);
    pass.released += held.length;
    return pass;
  }
  if (!mayFetchImages(choice, connection())) return pass;
  const screen = (await getMeta("screen")) ?? DEFAULT_SCREEN;
  let wanted = await wantedImages();
  for (let i = 0; i < wanted.length; i++) {
    const outcome = await storeOne(wanted[i]!, screen);
    if (outcome === "stored" || outcome === "evicted") pass.stored++;
    if (outcome === "offline" || outcome === "full") return { ...pass, stopped: outcome };
    if (outcome === "evicted") {
      // The pictures that made way are newer than the rest of the list: the room they left is
      // theirs first, not older pictures'. Eviction only ever takes older pictures than the one
      // stored, so these restarts end.
      wanted = await wantedImages();
      i = -1;
    }
  }
  return pass;
}

/**
 * One pass at a time. A pass asked for while one runs gets one more after it
 * (the running one may have read the list before the sync that asked);
 * any number of such requests share that one queued pass.
 */
export function storeImages(): Promise<ImagePass> {
  if (!running) {
    running = runImagePass().finally(() => (running = undefined));
    return running;
  }
  queued ??= running
    .catch(() => undefined)
    .then(() => {
      queued = undefined;
      return storeImages();
    });
  return queued;
}

/** Frees room for text: the oldest unsaved pictures go before any article does. Returns how many went. */
export async function freeImageRoom(count: number): Promise<number> {
  const victims = await evictableImages(count);
  await releaseImages(victims);
  return victims.length;
}

/** A transparent picture: what an image request gets offline when the phone holds no copy, so no broken image shows. */
const EMPTY_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

/**
 * `/media/…`: the phone's own copy first (whatever width or format the page
 * asked for, it is the picture sized for this screen), else the network,
 * else, for an image, a transparent one so the placeholder shows through.
 */
export async function handleMedia({ request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  const media = parseMediaPath(url.pathname);
  if (media) {
    const held = await cachedImage(media.id).catch(() => undefined);
    if (held) return held;
  }
  try {
    return await fetch(request);
  } catch {
    if (request.destination !== "image") {
      return new Response("غير متصل", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return new Response(EMPTY_IMAGE, {
      headers: { "Content-Type": "image/svg+xml", "Cache-Control": "no-store", "X-Served-By": "service-worker-placeholder" },
    });
  }
}
