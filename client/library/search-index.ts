/** The stored search index: one record, written and read whole. */
import { library } from "./connection";
import type { StoredSearchIndex } from "./schema";
import { RECORD_FORMAT } from "./schema";

/** The stored index, or undefined when there is none or it is not one this version can read. */
export async function loadSearchIndex(): Promise<StoredSearchIndex | undefined> {
  const stored: unknown = await (await library()).get("search", "index");
  if (typeof stored !== "object" || stored === null) return undefined;
  const { index, savedAt, cursor } = stored as Partial<StoredSearchIndex>;
  // The index itself is lib/search's to check; a record of the first format has none.
  if (index === undefined || typeof savedAt !== "number") return undefined;
  return { key: "index", index, savedAt, ...(typeof cursor === "string" ? { cursor } : {}) };
}

export async function saveSearchIndex(index: Omit<StoredSearchIndex, "key" | "format">): Promise<void> {
  await (await library()).put("search", { ...index, format: RECORD_FORMAT, key: "index" });
}

export async function clearSearchIndex(): Promise<void> {
  await (await library()).clear("search");
}
