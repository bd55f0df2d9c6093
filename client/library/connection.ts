/**
 * The one connection to the library per JavaScript context (a page, the
 * service worker, the search worker): opened on first use, upgraded on the
 * way, closed and forgotten when a newer version of the app needs the
 * database, and opened again on next use.
 */
import { openDB } from "idb";
import type { LibraryDB, LibrarySchema } from "./schema";
import { DB_NAME, DB_VERSION, upgrades } from "./schema";

/** Fired on the global scope when a newer version of the app needs the library: this context's code is out of date. */
export const LIBRARY_VERSION_CHANGE = "akhbar:library-version-change";

const announceVersionChange = () => globalThis.dispatchEvent?.(new Event(LIBRARY_VERSION_CHANGE));

let connection: Promise<LibraryDB> | undefined;

function open(): Promise<LibraryDB> {
  return openDB<LibrarySchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < DB_VERSION; version++) upgrades[version]?.(db, tx);
    },
    blocking(_current, _blockedVersion, event) {
      // A newer app version is waiting for us: step aside rather than stall its upgrade.
      (event.target as IDBDatabase).close();
      connection = undefined;
      announceVersionChange();
    },
    terminated() {
      // The browser closed it (storage cleared, for one): open afresh next time.
      connection = undefined;
    },
  });
}

/** The context's connection to the library. */
export function library(): Promise<LibraryDB> {
  connection ??= open().catch((error: unknown) => {
    connection = undefined;
    // This context's code is older than the library on disk: it must reload, never downgrade.
    if (error instanceof DOMException && error.name === "VersionError") announceVersionChange();
    throw error;
  });
  return connection;
}

/** Closes the connection (tests, and a page about to clear storage). */
export async function closeLibrary(): Promise<void> {
  const current = connection;
  connection = undefined;
  (await current?.catch(() => undefined))?.close();
}
