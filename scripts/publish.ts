/**
 * `npm run publish -- FILE [--slug SLUG] [--published-at ISO]`: publishes a
 * Markdown file (front matter + body) or a page in the newspaper's plain-text
 * layout (.txt) through the same publish path as POST /api/articles.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pluralPhrase } from "@/lib/arabic/plural";
import type { PluralForms } from "@/lib/arabic/plural";
import { articlePath } from "@/lib/article/model";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { publishMarkdownDocument, publishSeedText } from "@/lib/publish/publish";
import { announceArticle } from "@/lib/push/notify";
import { getStore } from "@/lib/store/open-store";

/** Past this the command stops announcing and exits: a slow push service never holds the newsroom's terminal. */
const ANNOUNCE_DEADLINE_MS = 10_000;

const SUBSCRIBERS_NOTIFIED: PluralForms = {
  zero: "لم يُرسَل إشعار إلى أي مشترك",
  one: "أُرسل إشعار إلى مشترك واحد",
  two: "أُرسل إشعار إلى مشتركَين",
  few: "أُرسل إشعار إلى {n} مشتركين",
  many: "أُرسل إشعار إلى {n} مشتركًا",
  other: "أُرسل إشعار إلى {n} مشترك",
};

const USAGE = "الاستخدام: npm run publish -- FILE.md|FILE.txt [--slug SLUG] [--published-at 2024-12-08T09:00:00+03:00]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { slug: { type: "string" }, "published-at": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
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
  if (statSync(file).size > MAX_BODY_BYTES) {
    console.error("الملف أكبر من الحد المسموح (1 ميغابايت).");
    return 1;
  }
  const text = readFileSync(file, "utf8");
  const store = await getStore();
  const meta = {
    ...(values.slug ? { slug: values.slug } : {}),
    ...(values["published-at"] ? { publishedAt: values["published-at"] } : {}),
  };
  const article =
    ext === ".txt"
      ? await publishSeedText(store, text, meta)
      : await publishMarkdownDocument(store, Object.keys(meta).length ? withFrontMatter(text, meta) : text);
  const base = process.env.SITE_URL?.replace(/\/$/, "") ?? `http://localhost:${process.env.PORT || 3000}`;
  console.log(`${base}${articlePath(article.slug)}`);
  // stdout stays just the URL, so scripts can use it; the announcement report goes to stderr.
  const { sent, removed, failed } = await announceArticle(store, article, { deadlineMs: ANNOUNCE_DEADLINE_MS });
  const details = [failed ? `تعذّر الإرسال: ${failed}` : "", removed ? `اشتراكات منتهية حُذفت: ${removed}` : ""].filter(Boolean);
  console.error(`${pluralPhrase(sent, SUBSCRIBERS_NOTIFIED)}${details.length ? ` (${details.join("، ")})` : ""}.`);
  await store.close();
  return 0;
}

/** Command-line options win over the file's own front matter. */
function withFrontMatter(text: string, meta: Record<string, string>): string {
  const lines = Object.entries(meta).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return `---\n${lines.join("\n")}\n---\n${text}`;
  const kept = (match[1] ?? "").split(/\r?\n/).filter((l) => !Object.keys(meta).some((k) => l.startsWith(`${k}:`)));
  return `---\n${[...kept, ...lines].join("\n")}\n---\n${text.slice(match[0].length)}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof PublishError) {
      console.error(`لم يُنشر المقال: ${error.message}`);
      process.exit(1);
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      console.error(`الملف غير موجود: ${(error as NodeJS.ErrnoException).path}`);
      process.exit(1);
    }
    throw error;
  },
);
