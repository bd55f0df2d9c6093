/**
 * The shape of one page of GET /api/articles?since=…, shared by the server that
 * writes it and the service worker that validates it.
 */
import * as z from "zod/mini";
import type { Article } from "@/lib/article/model";
import { articleSchema } from "@/lib/article/schema";

export interface FeedPage {
  articles: Article[];
  /** Ids of articles withdrawn since the cursor. */
  deleted: string[];
  /** Where the next request continues from. */
  cursor: string;
  hasMore: boolean;
}

export const feedPageSchema: z.ZodMiniType<FeedPage> = z.strictObject({
  articles: z.array(articleSchema),
  deleted: z.array(z.string().check(z.minLength(1))),
  cursor: z.string().check(z.minLength(1)),
  hasMore: z.boolean(),
});

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 500;
