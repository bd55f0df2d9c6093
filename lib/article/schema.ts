/**
 * Validation of articles that cross a boundary (HTTP, IndexedDB, messages).
 * zod/mini keeps this small enough for the service worker; the page never
 * needs it.
 */
import * as z from "zod/mini";
import type { Article, Block, Inline } from "./model";
import { SLUG_PATTERN } from "./model";

const text = z.string();
const children = (): z.ZodMiniType<Inline[]> => z.array(inlineSchema);

const inlineSchema: z.ZodMiniType<Inline> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("text"), value: text }),
    z.strictObject({ type: z.literal("strong"), children: children() }),
    z.strictObject({ type: z.literal("emphasis"), children: children() }),
    z.strictObject({ type: z.literal("link"), href: z.string().check(z.minLength(1)), children: children() }),
    z.strictObject({ type: z.literal("break") }),
  ]),
);

export const blockSchema: z.ZodMiniType<Block> = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("paragraph"), children: children() }),
  z.strictObject({ type: z.literal("subheading"), children: children() }),
  z.strictObject({ type: z.literal("quote"), paragraphs: z.array(children()) }),
  z.strictObject({ type: z.literal("list"), ordered: z.boolean(), items: z.array(children()) }),
  z.strictObject({
    type: z.literal("image"),
    src: z.string().check(z.minLength(1)),
    alt: text,
    caption: z.optional(children()),
  }),
]);

const isoInstant = z.iso.datetime({ offset: true });

/** Validates an article that crossed a boundary. */
export const articleSchema: z.ZodMiniType<Article> = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  slug: z.string().check(z.regex(SLUG_PATTERN), z.maxLength(120)),
  title: z.string().check(z.minLength(1)),
  summary: z.optional(text),
  section: z.optional(text),
  blocks: z.array(blockSchema),
  publishedAt: isoInstant,
  updatedAt: isoInstant,
  revision: z.int().check(z.positive()),
});
