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
}

const FILE_NAME = /^\d{1,5}\.(?:avif|webp|jpg)$/;
const INFO_FILE = "info.json";
/** Left-over work folders (a process killed mid-upload) older than this are removed on open. */
const STALE_SCRATCH_MS = 60 * 60 * 1000;

function readInfo(value: unknown, id: string): MediaInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { width, height, placeholder, createdAt } = value as Record<string, unknown>;
  const dimension = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;
  if (!dimension(width) || !dimension(height) || typeof placeholder !== "string" || typeof createdAt !== "string") return undefined;
  return { id, width, height, placeholder, createdAt };
}

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

  /** Removes work folders and files a killed process left behind. */
  async sweep(now = Date.now()): Promise<void> {
    const leftovers = [
      ...(await readdir(this.root).catch(() => [])).filter((n) => n.startsWith(".tmp-")).map((n) => path.join(this.root, n)),
      ...(await readdir(path.join(this.root, ".incoming")).catch(() => [])).map((n) => path.join(this.root, ".incoming", n)),
    ];
    for (const entry of leftovers) {
      const info = await stat(entry).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_SCRATCH_MS) await rm(entry, { recursive: true, force: true });
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
