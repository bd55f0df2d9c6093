/**
 * Checks the environment (lib/config.ts), then opens the store (migrating and seeding it) when the server boots, not on
 * the first reader's request; a store that cannot be opened stops the server
 * with one line (lib/store/startup.ts). Then starts the push workers, unless
 * WORKER=off says they run apart (`npm run worker`).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigOrExit, openStoreOrExit, startWorkerUnlessOff } = await import("@/lib/store/startup");
  checkConfigOrExit();
  await openStoreOrExit();
  await startWorkerUnlessOff();
}
