/**
 * Rendered cards on disk, in DATA_DIR/cards/<article id or "site">/<file name>: each card is drawn
 * once, by one render at a time, and read back from the file afterwards.
 * Several servers sharing DATA_DIR may each draw the same card once; the file
 * is written beside its place and renamed in, so a reader never sees half of one.
 * Server only.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/lib/store/open-store";
import { cardFile, parseCardFile } from "./card-path";

/** Renders wait for each other: a crawler asking for fifty cards at once costs one core, not all of them. */
let renderQueue: Promise<unknown> = Promise.resolve();
function serially<T>(render: () => Promise<T>): Promise<T> {
  const run = renderQueue.then(render);
  renderQueue = run.catch(() => undefined);
  return run;
}

export class CardCache {
  private readonly inflight = new Map<string, Promise<Buffer>>();

  constructor(readonly root: string) {}

  /**
   * The card named `file`: from disk when drawn before, else drawn by `render`
   * (once, however many ask at the same moment) and kept. A card that cannot be
   * kept (a read-only DATA_DIR) is still returned.
   */
  async get(file: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const card = parseCardFile(file);
    if (!card || cardFile(card) !== file) throw new Error(`not a card file: ${file}`);
    const folder = path.join(this.root, card.kind === "article" ? card.id : "site");
    const target = path.join(folder, file);
    const stored = await readFile(target).catch(() => undefined);
    if (stored) return stored;
    let pending = this.inflight.get(file);
    if (!pending) {
      pending = serially(render).then(async (bytes) => {
        await this.keep(folder, file, bytes).catch(() => undefined);
        return bytes;
      });
      this.inflight.set(file, pending);
      void pending.finally(() => this.inflight.delete(file)).catch(() => undefined);
    }
    return pending;
  }

  /** Writes the card and removes the folder's older cards: only the current revision is ever drawn again. */
  private async keep(folder: string, file: string, bytes: Buffer): Promise<void> {
    await mkdir(folder, { recursive: true });
    const temp = path.join(folder, `.tmp-${randomBytes(8).toString("hex")}`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, path.join(folder, file));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    for (const other of await readdir(folder)) {
      if (other !== file && !other.startsWith(".tmp-")) await rm(path.join(folder, other), { force: true });
    }
  }

  /** Removes an article's cards: a withdrawn headline does not stay on disk. `id` must be a checked article id. */
  async forget(id: string): Promise<void> {
    if (!parseCardFile(`${id}-1-000000000000.png`)) throw new Error(`not an article id: ${id}`);
    await rm(path.join(this.root, id), { recursive: true, force: true });
  }
}

const caches = new Map<string, CardCache>();

/** The card cache for DATA_DIR (DATA_DIR/cards). */
export function getCardCache(): CardCache {
  const root = path.join(dataDir(), "cards");
  let cache = caches.get(root);
  if (!cache) {
    cache = new CardCache(root);
    caches.set(root, cache);
  }
  return cache;
}
