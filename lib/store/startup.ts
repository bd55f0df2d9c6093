/**
 * The server's start-up check (instrumentation.ts, Node runtime only): open
 * the store, migrating and seeding it, before the first reader arrives.
 */
import { getStore, StoreOpenError } from "./open-store";

/**
 * Opens the store, or ends the process with one line naming the path and the
 * cause: a supervisor sees the exit, where a server left running would answer
 * 500 to every reader. Nothing is cached on failure (getStore forgets it).
 */
export async function openStoreOrExit(): Promise<void> {
  try {
    await getStore();
  } catch (error) {
    const line =
      error instanceof StoreOpenError
        ? error.message
        : `تعذّر تجهيز مخزن المقالات: ${error instanceof Error ? error.message : String(error)}`;
    console.error(line.replace(/\s+/g, " ").trim());
    process.exit(1);
  }
}
