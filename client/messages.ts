/**
 * Messages between the page and the service worker. Both sides check what
 * they receive with these guards: a message from an older or newer version
 * of the other side is ignored, never trusted.
 */

/** The screen pictures are stored for (client/library/schema.ts ScreenInfo). */
export interface ScreenMessage {
  width: number;
  devicePixelRatio: number;
  avif: boolean;
}

export type PageToWorker = { type: "SYNC" } | { type: "SKIP_WAITING" } | { type: "SCREEN"; screen: ScreenMessage };

/** An article that arrived in a sync, enough to name and link it. */
export interface ArrivedArticle {
  id: string;
  slug: string;
  title: string;
}

export interface SyncSummary {
  /** Articles held after the sync. */
  count: number;
  /** Articles new to this phone, newest first (at most a few); empty on the very first sync. */
  arrived: ArrivedArticle[];
  added: number;
  updated: number;
  removed: number;
  /** Feed entries this worker could not read and left out (absent from workers before it was counted). */
  skipped?: number;
  /**
   * Ids written (new or replaced) and ids that left, so a listener (the search
   * index) updates only those. Absent when there were more than MAX_CHANGED_IDS,
   * or from an older worker: then the listener compares the whole library.
   */
  changed?: string[];
  gone?: string[];
  /** ms since epoch */
  at: number;
}

/** After each pass over the pictures: what it stored, and what the phone holds and lists now. */
export interface ImagesSummary {
  stored: number;
  /** Pictures held for reading offline. */
  held: number;
  /** Pictures the held articles show, held or not. */
  listed: number;
}

export type WorkerToPage =
  | ({ type: "SYNCED" } & SyncSummary)
  | { type: "SYNC_FAILED"; reason: "offline" | "server" | "invalid" | "full" }
  | ({ type: "IMAGES_STORED" } & ImagesSummary);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Accepts only messages this version of the page sends. */
export function isPageToWorker(value: unknown): value is PageToWorker {
  if (!isRecord(value)) return false;
  if (value.type === "SCREEN") {
    const screen = value.screen;
    const positive = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v > 0 && v < 100_000;
    return isRecord(screen) && positive(screen.width) && positive(screen.devicePixelRatio) && typeof screen.avif === "boolean";
  }
  return value.type === "SYNC" || value.type === "SKIP_WAITING";
}

/** Past this many changed ids a SYNCED message names none (see SyncSummary.changed). */
export const MAX_CHANGED_IDS = 2000;

const count = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const optionalIds = (v: unknown) => v === undefined || (Array.isArray(v) && v.length <= MAX_CHANGED_IDS && v.every((id) => typeof id === "string"));

/** Accepts only messages this version of the worker sends. */
export function isWorkerToPage(value: unknown): value is WorkerToPage {
  if (!isRecord(value)) return false;
  if (value.type === "SYNCED") {
    return (
      count(value.count) &&
      count(value.added) &&
      count(value.updated) &&
      count(value.removed) &&
      (value.skipped === undefined || count(value.skipped)) &&
      optionalIds(value.changed) &&
      optionalIds(value.gone) &&
      count(value.at) &&
      Array.isArray(value.arrived) &&
      value.arrived.every(
        (a: unknown) => isRecord(a) && typeof a.id === "string" && typeof a.slug === "string" && typeof a.title === "string",
      )
    );
  }
  if (value.type === "IMAGES_STORED") return count(value.stored) && count(value.held) && count(value.listed);
  return value.type === "SYNC_FAILED" && ["offline", "server", "invalid", "full"].includes(value.reason as string);
}
