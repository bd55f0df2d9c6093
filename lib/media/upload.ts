/**
 * The one way a picture enters the site: POST /api/media and the publish
 * command both call ingestImage. The bytes go to a scratch file as they
 * arrive (hashed and counted on the way, so a burst of uploads costs disk,
 * not memory), are checked, and are processed one upload at a time. A
 * refused upload stores nothing. Server only.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { MAX_UPLOAD_BYTES, MediaError, MESSAGES } from "./errors";
import type { MediaInfo, MediaStore } from "./media-store";
import { processImage } from "./process";
import type { Sniffed } from "./sniff";
import { ACCEPTED_TYPES, sniff } from "./sniff";
import { mediaPath } from "./variants";

/**
 * Bumped whenever processing changes what readers get: the same bytes then
 * make a new id, because a URL once served is cached for a year.
 */
const PIPELINE_VERSION = "v1";
/** Uploads waiting for their turn past the one being processed; past it, 503. */
const MAX_WAITING = 32;

export interface Uploaded extends MediaInfo {
  /** The site path Markdown uses: `/media/<id>`. */
  url: string;
  /** False when the same bytes were uploaded before. */
  created: boolean;
}

const REFUSED_BY_NAME: Readonly<Record<string, string>> = {
  "image/svg+xml": MESSAGES.svg,
  "image/gif": MESSAGES.gif,
  "image/heic": MESSAGES.heic,
  "image/heif": MESSAGES.heic,
};
const REFUSED_BYTES: Partial<Record<Sniffed, MediaError>> = {
  svg: new MediaError(415, MESSAGES.svg),
  gif: new MediaError(415, MESSAGES.gif),
  heic: new MediaError(415, MESSAGES.heic),
  unknown: new MediaError(400, MESSAGES.notImage),
};

/** The format a Content-Type header promises; throws 415 for anything we do not take. */
export function declaredFormat(contentType: string | null): { type: string; format: Sniffed } {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const refused = REFUSED_BY_NAME[type];
  if (refused) throw new MediaError(415, refused);
  const format = ACCEPTED_TYPES[type];
  if (!format) throw new MediaError(415, MESSAGES.contentType);
  return { type, format };
}

// One upload is processed at a time: sharp decodes a 12-megapixel photo into
// a few hundred MB at its peak, so two at once on a small server is a risk
// and brings nothing (encoding already keeps a core busy).
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (waiting >= MAX_WAITING) return Promise.reject(new MediaError(503, MESSAGES.busy));
  waiting++;
  const turn = queue.then(
    () => {
      waiting--;
      return work();
    },
    () => {
      waiting--;
      return work();
    },
  );
  queue = turn.catch(() => undefined);
  return turn;
}

/** Streams `body` to `file`, hashing and counting; throws 413 past the limit. */
async function receive(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, file: string): Promise<{ hash: string; size: number; head: Buffer }> {
  const hash = createHash("sha256").update(`${PIPELINE_VERSION}\0`);
  let size = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  async function* counted() {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > MAX_UPLOAD_BYTES) throw new MediaError(413, MESSAGES.tooBig);
      hash.update(chunk);
      if (headSize < 4096) {
        head.push(Buffer.from(chunk.subarray(0, 4096 - headSize)));
        headSize += Math.min(chunk.byteLength, 4096 - headSize);
      }
      yield chunk;
    }
  }
  await pipeline(counted, createWriteStream(file, { flags: "wx" }));
  return { hash: hash.digest("hex"), size, head: Buffer.concat(head) };
}

/**
 * Checks an upload, processes it into variants and stores them; answers with
 * its URL and size. Throws MediaError (4xx/503, Arabic) when refused, having
 * stored nothing.
 */
export async function ingestImage(
  store: MediaStore,
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null,
  contentType: string | null,
  declaredLength?: number,
): Promise<Uploaded> {
  const declared = declaredFormat(contentType);
  if (declaredLength !== undefined && declaredLength > MAX_UPLOAD_BYTES) throw new MediaError(413, MESSAGES.tooBig);
  if (!body) throw new MediaError(400, MESSAGES.empty);
  const file = path.join(await store.scratchDir(), `${randomBytes(12).toString("hex")}.upload`);
  try {
    const { hash, size, head } = await receive(body, file);
    if (size === 0) throw new MediaError(400, MESSAGES.empty);
    const actual = sniff(head);
    const refused = REFUSED_BYTES[actual];
    if (refused) throw refused;
    if (actual !== declared.format) throw new MediaError(400, MESSAGES.mismatch(actual.toUpperCase(), declared.type));
    const id = hash.slice(0, 32);
    // The same bytes again: a use, so the collection of unused pictures counts its grace from now.
    const existing = await store.claim(id);
    if (existing) return { ...existing, url: mediaPath(id), created: false };
    return await inTurn(async () => {
      const again = await store.claim(id);
      if (again) return { ...again, url: mediaPath(id), created: false };
      const processed = await processImage(file, actual);
      const info: MediaInfo = {
        id,
        width: processed.width,
        height: processed.height,
        placeholder: processed.placeholder,
        createdAt: new Date().toISOString(),
      };
      await store.put(info, processed.files);
      return { ...info, url: mediaPath(id), created: true };
    });
  } finally {
    await rm(file, { force: true });
  }
}
