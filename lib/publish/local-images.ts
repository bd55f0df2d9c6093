/**
 * `npm run publish -- article.md`: the pictures the Markdown names by a path
 * beside it are uploaded through the same code as POST /api/media, and the
 * Markdown is rewritten to their `/media/…` URLs before it is published.
 * Server only (reads the author's disk).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { localImagePaths, rewriteImagePaths } from "@/lib/article/markdown-images";
import { MAX_UPLOAD_BYTES, MediaError, MESSAGES } from "@/lib/media/errors";
import type { MediaStore } from "@/lib/media/media-store";
import { sniff } from "@/lib/media/sniff";
import { ingestImage } from "@/lib/media/upload";

/** A picture the command could not upload; the message is one Arabic line for the newsroom. */
export class LocalImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalImageError";
  }
}

const TYPES: Readonly<Record<string, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  svg: "image/svg+xml",
  heic: "image/heic",
};

/** The file a Markdown image path names, relative to the Markdown file's folder. */
async function readLocal(dir: string, url: string): Promise<Buffer> {
  // Written as a URL, so spaces may come percent-encoded; try the path as written first.
  const candidates = [url];
  try {
    candidates.push(decodeURI(url));
  } catch {
    // not percent-encoded
  }
  for (const candidate of candidates) {
    const file = path.resolve(dir, candidate.split(/[?#]/)[0]!);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (!info.isFile()) throw new LocalImageError(`الصورة ${url} ليست ملفًا`);
    if (info.size > MAX_UPLOAD_BYTES) throw new LocalImageError(`الصورة ${url}: ${MESSAGES.tooBig}`);
    return readFile(file);
  }
  throw new LocalImageError(`الصورة غير موجودة: ${url} (المسار نسبةً إلى مجلد المقال)`);
}

/**
 * Uploads every local picture of `markdown` (a file in `dir`) and returns
 * the Markdown with their `/media/…` URLs, and how many there were.
 */
export async function uploadLocalImages(markdown: string, dir: string, media: MediaStore): Promise<{ markdown: string; uploaded: number }> {
  const paths = localImagePaths(markdown);
  if (paths.length === 0) return { markdown, uploaded: 0 };
  const urls = new Map<string, string>();
  for (const local of paths) {
    const bytes = await readLocal(dir, local);
    // The type is what the bytes are: a file that is no image is then refused for that, whatever its name.
    const type = TYPES[sniff(bytes)] ?? "image/jpeg";
    try {
      urls.set(local, (await ingestImage(media, [bytes], type)).url);
    } catch (error) {
      if (error instanceof MediaError) throw new LocalImageError(`الصورة ${local}: ${error.message}`);
      throw error;
    }
  }
  return { markdown: rewriteImagePaths(markdown, (url) => urls.get(url)), uploaded: urls.size };
}
