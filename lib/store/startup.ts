/**
 * The server's start-up check (instrumentation.ts, Node runtime only): open
 * the store, migrating and seeding it, before the first reader arrives.
 */
import { configProblems, workerMode } from "@/lib/config";
import { getStore, StoreOpenError } from "./open-store";

/** Ends the process when any variable is bad, printing one line for each: a typo stops the server, never hides. */
export function checkConfigOrExit(): void {
  const problems = configProblems();
  if (problems.length === 0) return;
  for (const line of problems) console.error(line);
  process.exit(1);
}

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

/**
 * Starts this server's push workers (and the collection of unused pictures)
 * unless WORKER=off (when they run as `npm run worker` instead). Bad push settings stop the server with one line;
 * a queue that cannot start is reported and the server serves on: publishes
 * wait in the outbox until a worker runs.
 */
export async function startWorkerUnlessOff(): Promise<void> {
  if (workerMode() === "off") return;
  const { fanoutConfig } = await import("@/lib/push/fanout");
  const { startPushWorker } = await import("@/lib/push/worker");
  const { mediaCollectionConfig } = await import("@/lib/media/collect");
  const { getMediaStore } = await import("@/lib/media/media-store");
  let config;
  let mediaConfig;
  try {
    config = fanoutConfig();
    mediaConfig = mediaCollectionConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  try {
    await startPushWorker(await getStore(), { config, media: { store: getMediaStore(), config: mediaConfig } });
  } catch (error) {
    console.error(`تعذّر تشغيل عامل الإشعارات، والموقع يعمل؛ تنتظر الإشعارات حتى يعمل عامل: ${(error as Error).message}`.replace(/\s+/g, " "));
  }
}
