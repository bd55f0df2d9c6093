/**
 * The process-wide store, opened lazily and filled with the seed article the
 * first time it is empty: PostgreSQL when DATABASE_URL is set, otherwise
 * SQLite in DATA_DIR (default ./data).
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { databaseUrl, dataDir } from "@/lib/config";
import type { ArticleStore } from "./article-store";
import { seedIfEmpty } from "@/lib/publish/seed";
import { describeDatabaseUrl, isPostgresUrl, openPgStore } from "./pg-store";
import { DATABASE_FILE, openSqliteStore } from "./sqlite-store";

// Re-exported: the store's callers have always found them here; lib/config.ts reads them.
export { databaseUrl, dataDir } from "@/lib/config";

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

/** Why the database at `url` would not open as a store, said in one line, its password left out. */
export function describePgOpenFailure(url: string, error: unknown): StoreOpenError {
  const location = describeDatabaseUrl(url);
  const code = String((error as { code?: unknown }).code ?? "");
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  const fail = (reason: string) => new StoreOpenError(location, reason, { cause: error });
  if (code === "ECONNREFUSED") return fail("خادم PostgreSQL لا يقبل الاتصال (ECONNREFUSED)");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return fail(`اسم خادم PostgreSQL غير معروف (${code})`);
  if (code === "28P01" || code === "28000") return fail(`رفض الخادم الدخول؛ تحقّق من اسم المستخدم وكلمة المرور (${detail})`);
  if (code === "3D000") return fail(`قاعدة البيانات غير موجودة (${detail})`);
  if (code === "42501") return fail(`لا صلاحية لهذا المستخدم على قاعدة البيانات (${detail})`);
  if (code === "STORE_NEEDS_MIGRATION") return fail(`قاعدة البيانات للقراءة فقط ولا يمكن ترقية بنيتها (${detail})`);
  if (/timeout/i.test(detail)) return fail(`انتهت مهلة الاتصال بخادم PostgreSQL (${detail})`);
  return fail(detail || "سبب غير معروف");
}

async function openConfigured(): Promise<ArticleStore> {
  const url = databaseUrl();
  if (url === undefined) {
    const dir = dataDir();
    try {
      return openSqliteStore(dir);
    } catch (error) {
      throw describeOpenFailure(dir, error);
    }
  }
  if (!isPostgresUrl(url)) {
    throw new StoreOpenError("DATABASE_URL", "ليس رابط PostgreSQL؛ يبدأ بـ postgres:// أو postgresql://، أو اتركه فارغًا لاستعمال SQLite");
  }
  try {
    return await openPgStore(url);
  } catch (error) {
    throw describePgOpenFailure(url, error);
  }
}

const opened = new Map<string, Promise<ArticleStore>>();

/**
 * The configured store, seeded on first open. A failure rejects with
 * StoreOpenError and is not kept: the next call tries again.
 */
export function getStore(): Promise<ArticleStore> {
  const key = databaseUrl() ?? `sqlite:${dataDir()}`;
  let store = opened.get(key);
  if (!store) {
    store = (async () => {
      const s = await openConfigured();
      try {
        await seedIfEmpty(s);
      } catch (error) {
        await s.close();
        throw error;
      }
      return s;
    })();
    opened.set(key, store);
    store.catch(() => opened.delete(key));
  }
  return store;
}
