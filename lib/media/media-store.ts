/**
 * Where processed pictures live. Routes and publishing talk to MediaStore,
 * never to the file system, so an object store (S3-compatible) can stand in
 * for the files in DATA_DIR/media without touching pages. Server only.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { dataDir } from "@/lib/store/open-store";
import { MEDIA_ID } from "./variants";

/** What publishing and pages need to know of a stored picture. */
export interface MediaInfo {
  id: string;
  /** The upload's size once oriented; variants are this shape. */
  width: number;
  height: number;
  /** A tiny blurred preview (data: URL). */
  placeholder: string;
  /** ISO 8601 instant. */
  createdAt: string;
  /** ISO 8601: the latest upload of the same bytes or publish naming the picture; none since its first upload when absent. */
  usedAt?: string;
  /** ISO 8601: when the collection of unused pictures first found no article naming it; absent while one does. */
  unusedSince?: string;
}

export interface MediaFile {
  /** The bytes, streamed. */
  body: ReadableStream<Uint8Array>;
  size: number;
}

export interface MediaStore {
  info(id: string): Promise<MediaInfo | undefined>;
  /**
   * Stores a picture's variants and info all at once: when it returns, every
   * file is readable; when it fails, none is. A picture stored already (the
   * same bytes uploaded twice) is left as it is.
   */
  put(info: MediaInfo, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void>;
  /** A stored variant (`<width>.<format>`), or undefined. */
  open(id: string, name: string): Promise<MediaFile | undefined>;
  /** A folder for an upload's bytes while they are checked: local, never served. */
  scratchDir(): Promise<string>;
  /** Every stored picture's id, in no particular order. */
  list(): Promise<string[]>;
  /**
   * A picture about to be used (its bytes uploaded again, a publish naming
   * it): its info, with the use recorded now and any unused mark cleared, so
   * the collection of unused pictures leaves it be. Undefined when not stored.
   */
  claim(id: string): Promise<MediaInfo | undefined>;
  /** Records that no article has named the picture since `since` (ISO 8601). */
  markUnused(id: string, since: string): Promise<void>;
  /**
   * Deletes a picture with all its variants at once, but only if
   * `stillUnused` holds for its info as read once it is out of readers' and
   * claims' reach; otherwise puts it back. True when it was deleted.
   */
  remove(id: string, stillUnused: (info: MediaInfo) => boolean): Promise<boolean>;
}

const FILE_NAME = /^\d{1,5}\.(?:avif|webp|jpg)$/;
const INFO_FILE = "info.json";
/** Left-over work folders (a process killed mid-upload) older than this are removed on open. */
const STALE_SCRATCH_MS = 60 * 60 * 1000;

function readInfo(value: unknown, id: string): MediaInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { width, height, placeholder, createdAt, usedAt, unusedSince } = value as Record<string, unknown>;
  const dimension = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;
  if (!dimension(width) || !dimension(height) || typeof placeholder !== "string" || typeof createdAt !== "string") return undefined;
  return {
    id,
    width,
    height,
    placeholder,
    createdAt,
    ...(typeof usedAt === "string" ? { usedAt } : {}),
    ...(typeof unusedSince === "string" ? { unusedSince } : {}),
  };
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Pictures as folders of files: DATA_DIR/media/<id>/{info.json,<width>.<format>…}. */
export class FileMediaStore implements MediaStore {
  constructor(readonly root: string) {}

  private folder(id: string): string {
    if (!MEDIA_ID.test(id)) throw new Error(`not a media id: ${id}`);
    return path.join(this.root, id);
  }

  async info(id: string): Promise<MediaInfo | undefined> {
    if (!MEDIA_ID.test(id)) return undefined;
    try {
      return readInfo(JSON.parse(await readFile(path.join(this.folder(id), INFO_FILE), "utf8")), id);
    } catch {
      return undefined;
    }
  }

  async put(info: MediaInfo, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void> {
    const target = this.folder(info.id);
    if (await this.info(info.id)) return;
    // Written beside the target and renamed into place: readers see the whole folder or none of it.
    const temp = path.join(this.root, `.tmp-${randomBytes(8).toString("hex")}`);
    await mkdir(temp, { recursive: true });
    try {
      for (const file of files) {
        if (!FILE_NAME.test(file.name)) throw new Error(`not a variant name: ${file.name}`);
        await writeFile(path.join(temp, file.name), file.bytes);
      }
      const { id: _id, ...stored } = info;
      await writeFile(path.join(temp, INFO_FILE), JSON.stringify(stored));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      // Another upload of the same bytes got there first: theirs is the same picture.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === "ENOTEMPTY" || code === "EEXIST") && (await this.info(info.id))) return;
      throw error;
    }
  }

  async open(id: string, name: string): Promise<MediaFile | undefined> {
    if (!MEDIA_ID.test(id) || !FILE_NAME.test(name)) return undefined;
    const file = path.join(this.folder(id), name);
    try {
      const { size } = await stat(file);
      return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size };
    } catch {
      return undefined;
    }
  }

  async scratchDir(): Promise<string> {
    const dir = path.join(this.root, ".incoming");
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async list(): Promise<string[]> {
    return (await readdir(this.root).catch(() => [])).filter((name) => MEDIA_ID.test(name));
  }

  /** Rewrites a picture's info.json whole (a new file renamed over it); false when the picture is not there. */
  private async rewriteInfo(id: string, change: (info: MediaInfo) => MediaInfo): Promise<MediaInfo | undefined> {
    const info = await this.info(id);
    if (!info) return undefined;
    const { id: _id, ...stored } = change(info);
    const file = path.join(this.folder(id), INFO_FILE);
    const temp = `${file}.${randomBytes(6).toString("hex")}`;
    try {
      await writeFile(temp, JSON.stringify(stored));
      await rename(temp, file);
      return { id, ...stored };
    } catch (error) {
      await rm(temp, { force: true });
      // Taken away meanwhile (a removal in progress): for a claim, the picture is not there.
      if (errorCode(error) === "ENOENT") return undefined;
      throw error;
    }
  }

  async claim(id: string): Promise<MediaInfo | undefined> {
    if (!MEDIA_ID.test(id)) return undefined;
    try {
      return await this.rewriteInfo(id, ({ unusedSince: _unused, ...info }) => ({ ...info, usedAt: new Date().toISOString() }));
    } catch {
      // A folder that cannot be written (read-only DATA_DIR) still serves the picture: nothing collects it there either.
      return this.info(id);
    }
  }

  async markUnused(id: string, since: string): Promise<void> {
    await this.rewriteInfo(id, (info) => ({ ...info, unusedSince: since }));
  }

  async remove(id: string, stillUnused: (info: MediaInfo) => boolean): Promise<boolean> {
    const folder = this.folder(id);
    // Renamed out of the way first: from here a claim or a reader finds nothing, so what is
    // checked below is the last word, and the files go all at once or not at all.
    // The time is in the name: a folder's mtime is its last change, not when it was moved here.
    const trash = path.join(this.root, `.trash-${Date.now()}-${randomBytes(8).toString("hex")}`);
    try {
      await rename(folder, trash);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return false;
      throw error;
    }
    let info: MediaInfo | undefined;
    try {
      info = readInfo(JSON.parse(await readFile(path.join(trash, INFO_FILE), "utf8")), id);
    } catch {
      info = undefined;
    }
    if (info && stillUnused(info)) {
      await rm(trash, { recursive: true, force: true });
      return true;
    }
    try {
      await rename(trash, folder);
    } catch {
      // The same bytes were uploaded again meanwhile: that copy is the picture now.
      await rm(trash, { recursive: true, force: true });
    }
    return false;
  }

  /** Removes work folders and files a killed process left behind. */
  async sweep(now = Date.now()): Promise<void> {
    const leftovers = [
      ...(await readdir(this.root).catch(() => []))
        .filter((n) => n.startsWith(".tmp-") || n.startsWith(".trash-"))
        .map((n) => path.join(this.root, n)),
      ...(await readdir(path.join(this.root, ".incoming")).catch(() => [])).map((n) => path.join(this.root, ".incoming", n)),
    ];
    for (const entry of leftovers) {
      const movedAt = /^\.trash-(\d+)-/.exec(path.basename(entry))?.[1];
      const since = movedAt === undefined ? (await stat(entry).catch(() => undefined))?.mtimeMs : Number(movedAt);
      if (since !== undefined && now - since > STALE_SCRATCH_MS) await rm(entry, { recursive: true, force: true });
    }
  }
}

const stores = new Map<string, FileMediaStore>();

/** The media store for DATA_DIR (DATA_DIR/media). */
export function getMediaStore(): MediaStore {
  const root = path.join(dataDir(), "media");
  let store = stores.get(root);
  if (!store) {
    store = new FileMediaStore(root);
    stores.set(root, store);
    void store.sweep().catch(() => undefined);
  }
  return store;
}
