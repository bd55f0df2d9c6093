// lib/site.ts reads a few SITE_* variables; the worker build (scripts/build-sw.mjs)
// replaces each `process.env.X` with its value at build time.
declare const process: { env: Record<string, string | undefined> };

// Background Sync and Periodic Background Sync are not in TypeScript's webworker lib yet.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}
interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface ServiceWorkerGlobalScopeEventMap {
  sync: SyncEvent;
  periodicsync: PeriodicSyncEvent;
}
interface ServiceWorkerRegistration {
  readonly sync?: { register(tag: string): Promise<void> };
}
