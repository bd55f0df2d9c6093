/**
 * `npm run publish -- FILE [--slug SLUG] [--published-at ISO] [--author NAME]…`: publishes a
 * Markdown file (front matter + body) or a page in the newspaper's plain-text
 * layout (.txt) through the same publish path as POST /api/articles.
 */
import { readFileSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pluralPhrase } from "@/lib/arabic/plural";
import type { PluralForms } from "@/lib/arabic/plural";
import { articlePath } from "@/lib/article/model";
import { ConfigError, configProblems, publicUrl } from "@/lib/config";
import { getMediaStore } from "@/lib/media/media-store";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { LocalImageError, uploadLocalImages } from "@/lib/publish/local-images";
import { formatArabicDateTime } from "@/lib/arabic/date";
import { publishMarkdown, publishSeedPage } from "@/lib/publish/publish";
import { site } from "@/lib/site";
import { getStore, StoreOpenError } from "@/lib/store/open-store";

const SUBSCRIBERS_TO_NOTIFY: PluralForms = {
  zero: "لا مشتركين في الإشعارات الآن",
  one: "سيُرسَل إشعار إلى مشترك واحد",
  two: "سيُرسَل إشعار إلى مشتركَين",
  few: "سيُرسَل إشعار إلى {n} مشتركين",
  many: "سيُرسَل إشعار إلى {n} مشتركًا",
  other: "سيُرسَل إشعار إلى {n} مشترك",
};

const IMAGES_UPLOADED: PluralForms = {
  zero: "لم تُرفع صور",
  one: "رُفعت صورة واحدة",
  two: "رُفعت صورتان",
  few: "رُفعت {n} صور",
  many: "رُفعت {n} صورة",
  other: "رُفعت {n} صورة",
};

const USAGE = "الاستخدام: npm run publish -- FILE.md|FILE.txt [--slug SLUG] [--published-at 2024-12-08T09:00:00+03:00] [--author الاسم]…";

/** A refusal the command explains in one line of its own (Arabic), with exit code 1 unless told. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        slug: { type: "string" },
        "published-at": { type: "string" },
        // Once per name, in byline order; replaces the file's own `authors`.
        author: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch {
    throw new CliError(`خيار غير معروف أو بلا قيمة. ${USAGE}`, 2);
  }
}

function fileProblem(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return new CliError(`الملف غير موجود: ${file}`);
  if (code === "EACCES" || code === "EPERM") return new CliError(`لا صلاحية لقراءة الملف: ${file}`);
  if (code === "EISDIR") return new CliError(`ليس ملفًا بل مجلد: ${file}`);
  return new CliError(`تعذّرت قراءة الملف ${file} (${code ?? String(error)})`);
}

/** The file's text: a regular file, within the size limit, valid UTF-8. */
function readArticleFile(file: string): string {
  let stat: Stats;
  let bytes: Buffer;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) throw new CliError(`ليس ملفًا بل مجلد: ${file}`);
    if (!stat.isFile()) throw new CliError(`ليس ملفًا عاديًا: ${file}`);
    if (stat.size > MAX_BODY_BYTES) throw new CliError(`الملف أكبر من الحد المسموح (1 ميغابايت): ${file}`);
    bytes = readFileSync(file);
  } catch (error) {
    throw error instanceof CliError ? error : fileProblem(file, error);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`الملف ليس نصًا بترميز UTF-8: ${file}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine();
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".md" && ext !== ".markdown" && ext !== ".txt") {
    console.error(`نوع ملف غير مدعوم: ${ext || "(بلا امتداد)"}. ${USAGE}`);
    return 2;
  }
  const problems = configProblems();
  if (problems.length > 0) throw new ConfigError(problems);
  let text = readArticleFile(file);
  const store = await getStore();
  if (ext !== ".txt") {
    // Pictures beside the article go up first, through POST /api/media's own code.
    const local = await uploadLocalImages(text, path.dirname(path.resolve(file)), getMediaStore());
    text = local.markdown;
    if (local.uploaded > 0) console.error(`${pluralPhrase(local.uploaded, IMAGES_UPLOADED)}.`);
  }
  const meta = {
    ...(values.slug ? { slug: values.slug } : {}),
    ...(values["published-at"] ? { publishedAt: values["published-at"] } : {}),
    ...(values.author?.length ? { authors: values.author } : {}),
  };
  const { article, scheduled } =
    ext === ".txt"
      ? await publishSeedPage(store, text, meta, { announce: true })
      : await publishMarkdown(store, Object.keys(meta).length ? withFrontMatter(text, meta) : text, { announce: true });
  console.log(`${publicUrl()}${articlePath(article.slug)}`);
  if (scheduled) {
    // The push workers release it at its time (npm start, or npm run worker): its push goes out then.
    console.error(`جُدول المقال للنشر في ${formatArabicDateTime(article.publishedAt, site.timeZone)}، ولا يظهر قبل ذلك (يلزم أن يعمل npm start أو npm run worker).`);
    await store.close();
    return 0;
  }
  // stdout stays just the URL, so scripts can use it. The announcement was stored with the article;
  // the push workers (npm start, or npm run worker) send it, so the terminal never waits on a push service.
  const subscribers = await store.countSubscriptions();
  console.error(`${pluralPhrase(subscribers, SUBSCRIBERS_TO_NOTIFY)}${subscribers > 0 ? " من طابور الإرسال (npm start أو npm run worker)" : ""}.`);
  await store.close();
  return 0;
}

/** Command-line options win over the file's own front matter. */
function withFrontMatter(text: string, meta: Record<string, string | string[]>): string {
  const lines = Object.entries(meta).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return `---\n${lines.join("\n")}\n---\n${text}`;
  const kept = (match[1] ?? "").split(/\r?\n/).filter((l) => !Object.keys(meta).some((k) => l.startsWith(`${k}:`)));
  return `---\n${[...kept, ...lines].join("\n")}\n---\n${text.slice(match[0].length)}`;
}

/** Every failure is one line on stderr, never a stack trace: the newsroom reads it, scripts test the exit code. */
function failureLine(error: unknown): string {
  if (error instanceof PublishError) return `لم يُنشر المقال: ${error.message}`;
  if (error instanceof CliError || error instanceof StoreOpenError || error instanceof ConfigError) return error.message;
  if (error instanceof LocalImageError) return `لم يُنشر المقال: ${error.message}`;
  return `لم يُنشر المقال، خطأ غير متوقع: ${error instanceof Error ? error.message : String(error)}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad setting is one line per variable; anything else is squeezed into one line.
    console.error(error instanceof ConfigError ? error.message : failureLine(error).replace(/\s+/g, " ").trim());
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);
