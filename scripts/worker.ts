/**
 * `npm run worker`: the push workers and the collection of unused pictures
 * as a process of their own, for servers started with WORKER=off (or beside
 * them: several workers share the queue).
 * Same store settings as the server (DATABASE_URL, or DATA_DIR). Stops on
 * SIGTERM or SIGINT after the batches in hand; a worker killed outright loses
 * nothing: its batch runs again once the job expires.
 */
import { ConfigError, configProblems } from "@/lib/config";
import { mediaCollectionConfig } from "@/lib/media/collect";
import { getMediaStore } from "@/lib/media/media-store";
import { fanoutConfig } from "@/lib/push/fanout";
import { startPushWorker } from "@/lib/push/worker";
import { getStore, StoreOpenError } from "@/lib/store/open-store";

async function main(): Promise<void> {
  const problems = configProblems();
  if (problems.length > 0) throw new ConfigError(problems);
  const config = fanoutConfig();
  const mediaConfig = mediaCollectionConfig();
  const store = await getStore();
  const worker = await startPushWorker(store, { config, media: { store: getMediaStore(), config: mediaConfig } });
  console.log("عامل الإشعارات يعمل.");
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  const line = error instanceof StoreOpenError ? error.message : error instanceof ConfigError ? error.message : `تعذّر تشغيل عامل الإشعارات: ${error instanceof Error ? error.message : String(error)}`;
  console.error(error instanceof ConfigError ? line : line.replace(/\s+/g, " ").trim());
  process.exit(1);
});
