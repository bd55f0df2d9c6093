/**
 * The single publish path: the HTTP API and the CLI both end here. Input is
 * validated and parsed to blocks before anything is written, and the write is
 * one transaction, so a failed publish leaves the store as it was.
 */
import { randomBytes } from "node:crypto";
import type { Article, Block } from "@/lib/article/model";
import { FrontMatterError, MarkdownLimitError, parseFrontMatter, parseMarkdownArticle, splitFrontMatter } from "@/lib/article/markdown";
import { parseSeedText } from "@/lib/article/seed-text";
import { isoDate } from "@/lib/arabic/date";
import { site } from "@/lib/site";
import type { MediaStore } from "@/lib/media/media-store";
import { getMediaStore } from "@/lib/media/media-store";
import type { ArticleStore } from "@/lib/store/article-store";
import { SlugTakenError, StoreReadOnlyError } from "@/lib/store/article-store";
import { MAX_BODY_BYTES, PublishError } from "./errors";
import { attachImages } from "./images";
import { fieldError, MAX_CORRECTIONS, publishRequestSchema, reviseRequestSchema } from "./request";

export { publishRequestSchema } from "./request";
export type { PublishRequest } from "./request";

const EMPTY_BODY = "body: نص المقال مطلوب (Markdown) ولا يكون فارغًا";
const READ_ONLY = "مخزن المقالات مفتوح للقراءة فقط الآن، فالنشر والتعديل متوقفان؛ أعد المحاولة بعد إصلاحه";
const NOT_FOUND = "لا يوجد مقال منشور أو مجدول بهذا المعرّف";
const LIVE_IN_FUTURE = "publishedAt: المقال منشور ولا يُؤجَّل نشره إلى موعد قادم؛ اسحبه وانشره من جديد بموعد";
const SCHEDULED_CORRECTION = "correction: المقال لم يُنشر بعد، فلا تصحيح له؛ عدّل نصّه مباشرة";

interface ArticleMeta {
  title: string;
  summary?: string | undefined;
  section?: string | undefined;
  authors?: string[] | undefined;
  publishedAt?: string | undefined;
  slug?: string | undefined;
  urgent?: boolean | undefined;
}

/** What a publish or an edit did: the article, and whether it waits for its time (a `publishedAt` ahead of now). */
export interface PublishOutcome {
  article: Article;
  scheduled: boolean;
}

function newSlug(publishedAt: string): string {
  return `${isoDate(publishedAt, site.timeZone)}-${randomBytes(4).toString("hex").slice(0, 6)}`;
}

/** Runs a store write, answering 503 when the store is open read-only. */
async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StoreReadOnlyError) throw new PublishError(503, READ_ONLY);
    throw error;
  }
}

/** How a publish is stored. */
export interface PublishOptions {
  /** Announce it to push subscribers (an outbox row in the same transaction); default true. */
  announce?: boolean;
  /** Where the body's pictures are looked up; the configured MediaStore by default. */
  media?: MediaStore;
}

/** True when `publishedAt` is still ahead: the article is scheduled, not published. */
export function isFuture(publishedAt: string, now = Date.now()): boolean {
  return Date.parse(publishedAt) > now;
}

async function storeArticle(store: ArticleStore, meta: ArticleMeta, blocks: Block[], options: PublishOptions): Promise<PublishOutcome> {
  const create = { announce: options.announce ?? true };
  if (!blocks.some((b) => b.type !== "subheading")) throw new PublishError(400, EMPTY_BODY, "body");
  const publishedAt = new Date(meta.publishedAt ?? Date.now()).toISOString();
  const input = { title: meta.title, summary: meta.summary, section: meta.section, authors: meta.authors, blocks, publishedAt, urgent: meta.urgent };
  // A time ahead schedules it: kept apart until then (the push workers release it, lib/publish/release.ts).
  const scheduled = isFuture(publishedAt);
  const write = (slug: string) => (scheduled ? store.schedule({ ...input, slug }, create) : store.create({ ...input, slug }, create));
  if (meta.slug) {
    const slug = meta.slug;
    try {
      return { article: await writing(() => write(slug)), scheduled };
    } catch (error) {
      if (error instanceof SlugTakenError) throw new PublishError(409, `slug: الرابط ${slug} مستخدم لمقال آخر`, "slug");
      throw error;
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return { article: await writing(() => write(newSlug(publishedAt))), scheduled };
    } catch (error) {
      if (!(error instanceof SlugTakenError) || attempt >= 4) throw error;
    }
  }
}

/** Parses a Markdown body to blocks and the image URLs it names; a body beyond the limits is the author's to fix (400). */
function bodyBlocks(body: string): { blocks: Block[]; images: string[] } {
  try {
    return parseMarkdownArticle(body);
  } catch (error) {
    if (error instanceof MarkdownLimitError || error instanceof FrontMatterError) {
      throw new PublishError(400, `body: ${error.message}`, "body");
    }
    throw error;
  }
}

const FIRST_CORRECTION = "correction: التصحيح يرافق تعديل مقال منشور (PUT)، لا نشره أول مرة";

/** Validates a request, parses its Markdown body and checks its pictures, before anything is written. */
async function parseRequest(
  request: unknown,
  media: MediaStore,
  schema: typeof publishRequestSchema | typeof reviseRequestSchema = publishRequestSchema,
): Promise<{ meta: ArticleMeta & { correction?: string | undefined }; blocks: Block[] }> {
  if (schema === publishRequestSchema && typeof request === "object" && request !== null && "correction" in request) {
    throw new PublishError(400, FIRST_CORRECTION, "correction");
  }
  const parsed = schema.safeParse(request);
  if (!parsed.success) throw fieldError(parsed.error);
  const { body, ...meta } = parsed.data;
  if (Buffer.byteLength(body, "utf8") > MAX_BODY_BYTES) {
    throw new PublishError(413, "body: نص المقال أكبر من الحد المسموح (1 ميغابايت)", "body");
  }
  const { blocks, images } = bodyBlocks(body);
  return { meta, blocks: await attachImages(blocks, images, media) };
}

/** Publishes (or, with a `publishedAt` ahead, schedules) a Markdown article from an untrusted request body (already JSON-parsed). */
export async function publishRequest(store: ArticleStore, request: unknown, options: PublishOptions = {}): Promise<PublishOutcome> {
  const { meta, blocks } = await parseRequest(request, options.media ?? getMediaStore());
  return storeArticle(store, meta, blocks, options);
}

/** publishRequest, for callers that need only the article. */
export async function publishArticle(store: ArticleStore, request: unknown, options: PublishOptions = {}): Promise<Article> {
  return (await publishRequest(store, request, options)).article;
}

/**
 * Edits an article. A live one gets new content at the next revision, same id
 * and slug (links keep working). The body replaces the article's fields (an
 * edit without `authors` leaves no byline), but its corrections stay: a
 * `correction` is added after them, with the edit's time. A scheduled one
 * gets new content and, when given, a new time (now or past publishes it at
 * once); it has no corrections to make yet.
 */
export async function reviseArticle(
  store: ArticleStore,
  id: string,
  request: unknown,
  media: MediaStore = getMediaStore(),
): Promise<PublishOutcome> {
  const { meta, blocks } = await parseRequest(request, media, reviseRequestSchema);
  const live = await store.getById(id);
  const current = live ?? (await store.getScheduled(id));
  if (!current) throw new PublishError(404, NOT_FOUND);
  if (meta.correction !== undefined && (current.corrections?.length ?? 0) >= MAX_CORRECTIONS) {
    throw new PublishError(400, `correction: للمقال ${MAX_CORRECTIONS} تصحيحًا، وهو الحد`, "correction");
  }
  if (meta.slug && meta.slug !== current.slug) throw new PublishError(400, "slug: رابط المقال لا يتغيّر بعد نشره", "slug");
  if (!blocks.some((b) => b.type !== "subheading")) throw new PublishError(400, EMPTY_BODY, "body");
  // Readers and phones already have it: a published article cannot go back into hiding.
  if (live && meta.publishedAt && isFuture(meta.publishedAt)) throw new PublishError(400, LIVE_IN_FUTURE, "publishedAt");
  const input = {
    title: meta.title,
    summary: meta.summary,
    section: meta.section,
    authors: meta.authors,
    blocks,
    publishedAt: meta.publishedAt ?? current.publishedAt,
    urgent: meta.urgent,
  };
  if (!live) {
    if (meta.correction !== undefined) throw new PublishError(400, SCHEDULED_CORRECTION, "correction");
    const scheduled = await writing(() => store.reviseScheduled(id, input));
    if (scheduled && isFuture(scheduled.publishedAt)) return { article: scheduled, scheduled: true };
    if (scheduled) {
      // Moved to now or before: out it goes at once, announced as it would have been at its time.
      await writing(() => store.releaseDue());
      const released = await store.getById(id);
      if (released) return { article: released, scheduled: false };
    }
    // Otherwise released in the meantime: edit it as the live article it now is.
  }
  const revised = await writing(() => store.revise(id, { ...input, ...(meta.correction === undefined ? {} : { correction: meta.correction }) }));
  if (!revised) throw new PublishError(404, NOT_FOUND);
  return { article: revised, scheduled: false };
}

/** Withdraws a live article (it disappears from the site and, at their next sync, from every phone) or cancels a scheduled one. */
export async function withdrawArticle(store: ArticleStore, id: string): Promise<void> {
  if (await writing(() => store.withdraw(id))) return;
  if (!(await writing(() => store.cancelScheduled(id)))) throw new PublishError(404, NOT_FOUND);
}

/** Publishes a Markdown document whose front matter carries title, summary, section, authors, publishedAt, slug or urgent. */
export async function publishMarkdownDocument(store: ArticleStore, source: string, options: PublishOptions = {}): Promise<Article> {
  return (await publishMarkdown(store, source, options)).article;
}

/** publishMarkdownDocument, saying whether the article was scheduled. */
export async function publishMarkdown(store: ArticleStore, source: string, options: PublishOptions = {}): Promise<PublishOutcome> {
  const { yaml, body } = splitFrontMatter(source);
  let frontMatter: Record<string, unknown> = {};
  try {
    if (yaml !== undefined) frontMatter = parseFrontMatter(yaml);
  } catch (error) {
    if (error instanceof FrontMatterError) throw new PublishError(400, `frontMatter: ${error.message}`, "frontMatter");
    throw error;
  }
  if ("body" in frontMatter) {
    throw new PublishError(400, "body: نص المقال يأتي بعد الترويسة، لا حقلًا فيها", "body");
  }
  // parseFrontMatter keeps tagged dates as written; should a Date still arrive, the schema judges its ISO form.
  const fields = Object.fromEntries(
    Object.entries(frontMatter).map(([k, v]) => [k, v instanceof Date ? dateField(v) : v]),
  );
  // `authors: سعاد الأحمد` in YAML is one name, as an author writing front matter by hand means it.
  if (typeof fields.authors === "string") fields.authors = [fields.authors];
  return publishRequest(store, { ...fields, body }, options);
}

/** An ISO string for a YAML date; an impossible one stays a string the schema refuses. */
function dateField(date: Date): string {
  return Number.isNaN(date.getTime()) ? String(date) : date.toISOString();
}

/** Publishes a page in the newspaper's plain-text layout (masthead, headline, «شارك», body, trailer). */
export async function publishSeedText(
  store: ArticleStore,
  text: string,
  meta: Omit<ArticleMeta, "title"> = {},
  options: PublishOptions = {},
): Promise<Article> {
  return (await publishSeedPage(store, text, meta, options)).article;
}

/** publishSeedText, saying whether the article was scheduled. */
export async function publishSeedPage(
  store: ArticleStore,
  text: string,
  meta: Omit<ArticleMeta, "title"> = {},
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
    throw new PublishError(413, "body: النص أكبر من الحد المسموح (1 ميغابايت)", "body");
  }
  let parsed: ReturnType<typeof parseSeedText>;
  try {
    parsed = parseSeedText(text);
  } catch (error) {
    throw new PublishError(400, `body: ${(error as Error).message}`, "body");
  }
  // The page's headline and text, and the metadata given beside it, meet the same rules as a request.
  const checked = publishRequestSchema.safeParse({ ...meta, title: parsed.title, body: text });
  if (!checked.success) throw fieldError(checked.error);
  const { body: _body, ...fields } = checked.data;
  return storeArticle(store, fields, parsed.blocks, options);
}
