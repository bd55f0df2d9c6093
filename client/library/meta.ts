/**
 * Small typed values the library keeps beside its articles. Every read checks
 * the stored value's type: a value written by another version of the app that
 * does not fit reads as absent.
 */
import { library } from "./connection";
import type { MetaKey, MetaValues } from "./schema";

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

const guards: { [K in MetaKey]: (v: unknown) => v is MetaValues[K] } = {
  cursor: (v): v is string => typeof v === "string" && v !== "",
  lastSyncAt: isCount,
  unread: (v): v is string[] => Array.isArray(v),
  libraryLimit: isCount,
  resyncFrom: isCount,
  imagesOffline: (v): v is MetaValues["imagesOffline"] => v === "always" || v === "wifi" || v === "never",
  screen: (v): v is MetaValues["screen"] => {
    const s = v as Partial<MetaValues["screen"]> | null;
    return typeof s === "object" && s !== null && isCount(s.width) && isCount(s.devicePixelRatio) && typeof s.avif === "boolean";
  },
  mediaListed: (v): v is boolean => v === true,
  formatRefreshed: isCount,
  refreshCursor: (v): v is string => typeof v === "string" && v !== "",
};

/** Reads a stored value as it may come from any version: checked against its key's type. */
export function metaValue<K extends MetaKey>(key: K, value: unknown): MetaValues[K] | undefined {
  if (!guards[key](value)) return undefined;
  // Only strings are ids: an older version's stray entries are ignored.
  if (key === "unread") return (value as unknown[]).filter((v): v is string => typeof v === "string") as MetaValues[K];
  return value;
}

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  return metaValue(key, await (await library()).get("meta", key));
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  await (await library()).put("meta", value, key);
}
