/**
 * The process-wide store, opened lazily from DATA_DIR (default ./data) and
 * filled with the seed article the first time it is empty.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import type { ArticleStore } from "./article-store";
import { seedIfEmpty } from "@/lib/publish/seed";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

/** Where the data lives: DATA_DIR, or ./data beside the project. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || "data");
}

/** The store could not be opened; the message is one line naming the path and the cause, for an operator. */
export class StoreOpenError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`تعذّر فتح مخزن المقالات ${location}: ${reason}`, options);
    this.name = "StoreOpenError";
  }
}

function canAccess(target: string, mode: number): boolean {
  try {
    accessSync(target, mode);
    return true;
  } catch {
    return false;
  }
}

/** Why `dir` would not open as a store, said in one line; the underlying error's own words as a last resort. */
export function describeOpenFailure(dir: string, error: unknown): StoreOpenError {
  const file = path.join(dir, DATABASE_FILE);
  const code = String((error as { code?: unknown }).code ?? "");
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  const fail = (location: string, reason: string) => new StoreOpenError(location, reason, { cause: error });
  if (existsSync(dir) && !statSync(dir).isDirectory()) return fail(dir, "المسار ملف وليس مجلدًا (DATA_DIR يجب أن يكون مجلدًا)");
  if (code === "ENOTDIR" || code === "EEXIST") return fail(dir, "جزء من المسار ملف وليس مجلدًا");
  if (existsSync(dir) && !canAccess(dir, constants.R_OK | constants.X_OK)) return fail(dir, "لا صلاحية لقراءة المجلد");
  if (code === "EACCES" || code === "EPERM") return fail(dir, "لا صلاحية لإنشاء المجلد أو الكتابة فيه");
  if (existsSync(file) && statSync(file).isDirectory()) return fail(file, "المسار مجلد وليس ملف قاعدة بيانات");
  if (existsSync(file) && !canAccess(file, constants.R_OK)) return fail(file, "لا صلاحية لقراءة الملف");
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return fail(file, `الملف تالف أو ليس قاعدة بيانات SQLite (${detail})`);
  }
  if (code === "STORE_NEEDS_MIGRATION") return fail(file, `المخزن للقراءة فقط ولا يمكن ترقية بنيته (${detail})`);
  if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN")) {
    return fail(file, `لا يمكن قراءة الملف دون الكتابة بجانبه في مجلد للقراءة فقط (${detail})`);
  }
  return fail(file, detail || "سبب غير معروف");
}

const opened = new Map<string, Promise<ArticleStore>>();

/**
 * The store for DATA_DIR, seeded on first open. A failure rejects with
 * StoreOpenError and is not kept: the next call tries again.
 */
export function getStore(): Promise<ArticleStore> {
  const dir = dataDir();
  let store = opened.get(dir);
  if (!store) {
    store = (async () => {
      let s: ArticleStore;
      try {
        s = openSqliteStore(dir);
      } catch (error) {
        throw describeOpenFailure(dir, error);
      }
      try {
        await seedIfEmpty(s);
      } catch (error) {
        await s.close();
        throw error;
      }
      return s;
    })();
    opened.set(dir, store);
    store.catch(() => opened.delete(dir));
  }
  return store;
}
