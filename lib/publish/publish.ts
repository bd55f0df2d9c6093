/**
 * The single publish path: the HTTP API and the CLI both end here. Input is
 * validated and parsed to blocks before anything is written, and the write is
 * one transaction, so a failed publish leaves the store as it was.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Article, Block } from "@/lib/article/model";
import { SLUG_PATTERN } from "@/lib/article/model";
import { parseMarkdownArticle } from "@/lib/article/markdown";
import { parseSeedText } from "@/lib/article/seed-text";
import { isoDate } from "@/lib/arabic/date";
import { site } from "@/lib/site";
import type { ArticleStore } from "@/lib/store/article-store";
import { SlugTakenError } from "@/lib/store/article-store";
import { MAX_BODY_BYTES, PublishError } from "./errors";

const FIELD_MESSAGES: Record<string, string> = {
  title: "العنوان مطلوب ولا يكون فارغًا",
  body: "نص المقال مطلوب (Markdown) ولا يكون فارغًا",
  summary: "الملخص نص",
  section: "القسم نص",
  publishedAt: "تاريخ النشر بصيغة ISO 8601 مع المنطقة الزمنية، مثل 2024-12-08T09:00:00+03:00",
  slug: "المعرّف في الرابط حروف لاتينية صغيرة وأرقام وشرطات فقط",
};

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ? s : undefined));

/** The JSON body of POST /api/articles, and the front matter of a .md file. */
export const publishRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  body: z.string().refine((s) => s.trim().length > 0),
  summary: optionalText,
  section: optionalText,
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  slug: z.string().regex(SLUG_PATTERN).max(120).optional(),
});

export type PublishRequest = z.input<typeof publishRequestSchema>;

interface ArticleMeta {
  title: string;
  summary?: string | undefined;
  section?: string | undefined;
  publishedAt?: string | undefined;
  slug?: string | undefined;
}

/** Turns the first zod issue into a message that names the field. */
function fieldError(error: z.ZodError): PublishError {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    return new PublishError(400, `حقل غير معروف: ${issue.keys.join("، ")}`, issue.keys[0]);
  }
  const field = String(issue?.path[0] ?? "");
  const message = FIELD_MESSAGES[field] ?? issue?.message ?? "طلب غير صالح";
  return new PublishError(400, `${field}: ${message}`, field || undefined);
}

function newSlug(publishedAt: string): string {
  return `${isoDate(publishedAt, site.timeZone)}-${randomBytes(4).toString("hex").slice(0, 6)}`;
}

async function storeArticle(store: ArticleStore, meta: ArticleMeta, blocks: Block[]): Promise<Article> {
  if (!blocks.some((b) => b.type !== "subheading")) {
    throw new PublishError(400, `body: ${FIELD_MESSAGES.body}`, "body");
  }
  const publishedAt = new Date(meta.publishedAt ?? Date.now()).toISOString();
  const input = { title: meta.title, summary: meta.summary, section: meta.section, blocks, publishedAt };
  if (meta.slug) {
    try {
      return await store.create({ ...input, slug: meta.slug });
    } catch (error) {
      if (error instanceof SlugTakenError) throw new PublishError(409, `slug: الرابط ${meta.slug} مستخدم لمقال آخر`, "slug");
      throw error;
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.create({ ...input, slug: newSlug(publishedAt) });
    } catch (error) {
      if (!(error instanceof SlugTakenError) || attempt >= 4) throw error;
    }
  }
}

/** Validates a request and parses its Markdown body, before anything is written. */
function parseRequest(request: unknown): { meta: ArticleMeta; blocks: Block[] } {
  const parsed = publishRequestSchema.safeParse(request);
  if (!parsed.success) throw fieldError(parsed.error);
  const { body, ...meta } = parsed.data;
  if (new TextEncoder().encode(body).byteLength > MAX_BODY_BYTES) {
    throw new PublishError(413, "body: نص المقال أكبر من الحد المسموح (1 ميغابايت)", "body");
  }
  try {
    return { meta, blocks: parseMarkdownArticle(body).blocks };
  } catch (error) {
    throw new PublishError(400, `body: ${(error as Error).message}`, "body");
  }
}

/** Publishes a Markdown article from an untrusted request body (already JSON-parsed). */
export async function publishArticle(store: ArticleStore, request: unknown): Promise<Article> {
  const { meta, blocks } = parseRequest(request);
  return storeArticle(store, meta, blocks);
}

/** Edits a live article: new content at the next revision, same id and slug (links keep working). */
export async function reviseArticle(store: ArticleStore, id: string, request: unknown): Promise<Article> {
  const { meta, blocks } = parseRequest(request);
  const current = await store.getById(id);
  if (!current) throw new PublishError(404, "لا يوجد مقال منشور بهذا المعرّف");
  if (meta.slug && meta.slug !== current.slug) throw new PublishError(400, "slug: رابط المقال لا يتغيّر بعد نشره", "slug");
  if (!blocks.some((b) => b.type !== "subheading")) throw new PublishError(400, `body: ${FIELD_MESSAGES.body}`, "body");
  const revised = await store.revise(id, {
    title: meta.title,
    summary: meta.summary,
    section: meta.section,
    blocks,
    publishedAt: meta.publishedAt ?? current.publishedAt,
  });
  if (!revised) throw new PublishError(404, "لا يوجد مقال منشور بهذا المعرّف");
  return revised;
}

/** Withdraws a live article: it disappears from the site and, at their next sync, from every phone. */
export async function withdrawArticle(store: ArticleStore, id: string): Promise<void> {
  if (!(await store.withdraw(id))) throw new PublishError(404, "لا يوجد مقال منشور بهذا المعرّف");
}

/** Publishes a Markdown document whose front matter carries title, summary, section, publishedAt or slug. */
export async function publishMarkdownDocument(store: ArticleStore, source: string): Promise<Article> {
  let frontMatter: Record<string, unknown>;
  try {
    frontMatter = parseMarkdownArticle(source).frontMatter;
  } catch (error) {
    throw new PublishError(400, (error as Error).message, "frontMatter");
  }
  // YAML turns unquoted dates into Date objects; the request schema wants ISO strings.
  const fields = Object.fromEntries(
    Object.entries(frontMatter).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
  return publishArticle(store, { ...fields, body: stripFrontMatter(source) });
}

function stripFrontMatter(source: string): string {
  return source.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, "");
}

/** Publishes a page in the newspaper's plain-text layout (masthead, headline, «شارك», body, trailer). */
export async function publishSeedText(
  store: ArticleStore,
  text: string,
  meta: Omit<ArticleMeta, "title"> = {},
): Promise<Article> {
  if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) {
    throw new PublishError(413, "body: النص أكبر من الحد المسموح (1 ميغابايت)", "body");
  }
  let parsed: ReturnType<typeof parseSeedText>;
  try {
    parsed = parseSeedText(text);
  } catch (error) {
    throw new PublishError(400, `body: ${(error as Error).message}`, "body");
  }
  return storeArticle(store, { ...meta, title: parsed.title }, parsed.blocks);
}
