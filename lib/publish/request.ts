/**
 * What a publish request may carry, field by field, and the Arabic message
 * for each way a field can be wrong. The HTTP API's JSON body, a Markdown
 * file's front matter and the CLI's options all pass through here.
 */
import { z } from "zod";
import { AUTHOR_KEY_PATTERN, authorKey, SLUG_PATTERN } from "@/lib/article/model";
import { PublishError } from "./errors";

export const MAX_TITLE_CHARS = 300;
export const MAX_SUMMARY_CHARS = 1000;
export const MAX_SECTION_CHARS = 60;
export const MAX_SLUG_CHARS = 120;
export const MAX_AUTHORS = 10;
export const MAX_AUTHOR_CHARS = 80;
export const MAX_CORRECTION_CHARS = 1000;
/** Corrections one article may gather over its edits. */
export const MAX_CORRECTIONS = 50;
/** Publication dates run from this year to a century past the current one. */
export const MIN_PUBLISHED_YEAR = 1900;
export const PUBLISHED_YEARS_AHEAD = 100;

// Lone surrogates cannot be encoded as UTF-8: SQLite, JSON and the phone would each mangle them differently.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
// The body keeps tab, line feed and carriage return: Markdown needs them.
const BODY_CONTROL = /[^\P{Cc}\t\n\r]/u;
// Characters that draw nothing: a title made only of these shows as a blank headline.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;

/** True when the text shows at least one visible character. */
export function hasVisibleText(s: string): boolean {
  return s.replace(INVISIBLE, "") !== "";
}

function maxPublishedYear(): number {
  return new Date().getUTCFullYear() + PUBLISHED_YEARS_AHEAD;
}

/** An ISO instant whose UTC year the site's date code (and every phone's) handles. */
export function publishedYearInRange(iso: string): boolean {
  const year = new Date(iso).getUTCFullYear();
  return Number.isInteger(year) && year >= MIN_PUBLISHED_YEAR && year <= maxPublishedYear();
}

const M = {
  title: {
    required: "العنوان مطلوب ولا يكون فارغًا",
    type: "العنوان نص",
    tooLong: `العنوان أطول من ${MAX_TITLE_CHARS} حرف`,
  },
  summary: { type: "الملخص نص", tooLong: `الملخص أطول من ${MAX_SUMMARY_CHARS} حرف` },
  section: { type: "القسم نص", tooLong: `اسم القسم أطول من ${MAX_SECTION_CHARS} حرفًا` },
  body: { required: "نص المقال مطلوب (Markdown) ولا يكون فارغًا", type: "نص المقال (Markdown) نص" },
  publishedAt: {
    format: "تاريخ النشر بصيغة ISO 8601 مع المنطقة الزمنية، مثل 2024-12-08T09:00:00+03:00",
    range: () => `سنة تاريخ النشر (بتوقيت غرينتش) بين ${MIN_PUBLISHED_YEAR} و${maxPublishedYear()}`,
  },
  authors: {
    type: "الكتّاب قائمة أسماء، مثل [\"سعاد الأحمد\"]",
    name: "اسم الكاتب نص",
    tooMany: `الكتّاب ${MAX_AUTHORS} على الأكثر`,
    tooLong: `اسم الكاتب أطول من ${MAX_AUTHOR_CHARS} حرفًا`,
    empty: "اسم الكاتب لا يكون فارغًا",
    letters: "اسم الكاتب حروف وأرقام ومسافات، وقد يحوي نقطة أو شرطة أو فاصلة عليا (')",
    duplicate: "اسم كاتب مكرّر",
  },
  correction: {
    type: "التصحيح نص",
    tooLong: `التصحيح أطول من ${MAX_CORRECTION_CHARS} حرف`,
    empty: "التصحيح لا يكون فارغًا",
  },
  urgent: "قيمته true للخبر العاجل أو false، دون علامات اقتباس",
  slug: `المعرّف في الرابط حروف لاتينية صغيرة وأرقام وشرطات فقط، حتى ${MAX_SLUG_CHARS} حرف`,
  surrogate: "فيه محرف غير صالح في ترميز يونيكود (نصف زوج بديل منفرد)",
  control: "لا يحتوي محارف تحكّم (مثل سطر جديد أو جدولة)",
  bodyControl: "نص المقال لا يحتوي محارف تحكّم غير الجدولة ونهاية السطر",
} as const;

const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
const noControl = (s: string): boolean => !CONTROL.test(s);

/** A one-line text field: well-formed, no control characters, trimmed, at most `max` characters. */
function lineText(messages: { type: string; tooLong: string }, max: number) {
  return z
    .string({ error: messages.type })
    .refine(wellFormed, { error: M.surrogate, abort: true })
    .trim()
    .refine(noControl, { error: M.control, abort: true })
    .max(max, { error: messages.tooLong });
}

const optionalLineText = (messages: { type: string; tooLong: string }, max: number) =>
  lineText(messages, max)
    .optional()
    // Empty or invisible-only means "none": such a summary or section would show as a blank line.
    .transform((s) => (s !== undefined && hasVisibleText(s) ? s : undefined));

const title = z
  .string({ error: (issue) => (issue.input === undefined ? M.title.required : M.title.type) })
  .refine(wellFormed, { error: M.surrogate, abort: true })
  .trim()
  .refine(noControl, { error: M.control, abort: true })
  .max(MAX_TITLE_CHARS, { error: M.title.tooLong, abort: true })
  .refine(hasVisibleText, { error: M.title.required });

const body = z
  .string({ error: (issue) => (issue.input === undefined ? M.body.required : M.body.type) })
  .refine(wellFormed, { error: M.surrogate, abort: true })
  .refine((s) => !BODY_CONTROL.test(s), { error: M.bodyControl, abort: true })
  .refine((s) => s.trim().length > 0, { error: M.body.required });

const publishedAt = z.iso
  .datetime({ offset: true, error: M.publishedAt.format })
  .refine(publishedYearInRange, { error: M.publishedAt.range });

const slug = z.string({ error: M.slug }).max(MAX_SLUG_CHARS, { error: M.slug }).regex(SLUG_PATTERN, { error: M.slug });

// Letters, marks, digits, spaces and the punctuation names carry: a name is also its page's address.
const AUTHOR_NAME = /^[\p{L}\p{M}\p{N}\p{Zs}.'\u2019\u0640-]+$/u;

const authorName = lineText({ type: M.authors.name, tooLong: M.authors.tooLong }, MAX_AUTHOR_CHARS)
  // Runs of spaces (a pasted name) read as one.
  .transform((s) => s.replace(/\p{Zs}+/gu, " "))
  .refine(hasVisibleText, { error: M.authors.empty, abort: true })
  // Its key must make an author page's address: no hyphen or tatweel standing alone.
  .refine((s) => AUTHOR_NAME.test(s) && /[\p{L}\p{N}]/u.test(s) && AUTHOR_KEY_PATTERN.test(authorKey(s)), { error: M.authors.letters });

/** The byline: names in order, none twice (two spellings of one name are one author: authorKey). */
const authors = z
  .array(authorName, { error: M.authors.type })
  .max(MAX_AUTHORS, { error: M.authors.tooMany })
  .refine((names) => new Set(names.map(authorKey)).size === names.length, { error: M.authors.duplicate })
  .optional()
  .transform((names) => (names && names.length > 0 ? names : undefined));

/** A correction note: one paragraph of plain text. */
const correction = lineText({ type: M.correction.type, tooLong: M.correction.tooLong }, MAX_CORRECTION_CHARS)
  .refine(hasVisibleText, { error: M.correction.empty });

const metaFields = {
  summary: optionalLineText(M.summary, MAX_SUMMARY_CHARS),
  authors,
  section: optionalLineText(M.section, MAX_SECTION_CHARS),
  publishedAt: publishedAt.optional(),
  slug: slug.optional(),
  // Strictly a boolean: "true" in quotes or 1 is refused, never guessed at.
  urgent: z.boolean({ error: M.urgent }).optional(),
};

/** The JSON body of POST /api/articles, and the front matter of a .md file. */
export const publishRequestSchema = z.strictObject({ title, body, ...metaFields });

export type PublishRequest = z.input<typeof publishRequestSchema>;

/** The JSON body of PUT /api/articles/<id>: a publish request, and a correction note when the edit corrects. */
export const reviseRequestSchema = z.strictObject({ title, body, ...metaFields, correction: correction.optional() });

export type ReviseRequest = z.input<typeof reviseRequestSchema>;

/** Turns the first zod issue into a PublishError whose message names the field. */
export function fieldError(error: z.ZodError): PublishError {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    return new PublishError(400, `حقل غير معروف: ${issue.keys.join("، ")}`, issue.keys[0]);
  }
  const field = issue?.path[0];
  if (typeof field !== "string") {
    return new PublishError(400, "الطلب كائن JSON فيه title وbody على الأقل");
  }
  // Our schemas give every issue an Arabic message; zod's own (English) ones never reach the author.
  const message = issue?.message ?? "";
  return new PublishError(400, `${field}: ${/\p{Script=Arabic}/u.test(message) ? message : "قيمة غير صالحة"}`, field);
}
