import { articlePath } from "@/lib/article/model";
import { decodeCursor, encodeCursor } from "@/lib/feed/cursor";
import type { FeedPage, FeedReset } from "@/lib/feed/feed-page";
import { FEED_DEFAULT_LIMIT, FEED_MAX_BYTES, FEED_MAX_LIMIT } from "@/lib/feed/feed-page";
import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { authorizePublish } from "@/lib/publish/authorize";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { publishRequest } from "@/lib/publish/publish";
import { wakePushWorker } from "@/lib/push/worker";
import { getStore } from "@/lib/store/open-store";

// The JSON envelope around a body of up to MAX_BODY_BYTES.
const MAX_REQUEST_BYTES = MAX_BODY_BYTES + 64 * 1024;

/**
 * Publishes a Markdown article: 201 { id, slug, url }. A `publishedAt` ahead
 * of now schedules it instead: 201 with `scheduled: true` and the time; the
 * URL answers 404 until then.
 */
export async function POST(request: Request): Promise<Response> {
  const auth = authorizePublish(request.headers.get("authorization"));
  if (!auth.ok) {
    return errorResponse(auth.status, auth.message, undefined, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }
  try {
    const input = await readJsonBody(request, MAX_REQUEST_BYTES);
    // The announcement is stored with the article (the outbox); the push workers send it, and a
    // worker in this process starts at once. A slow push service never holds the publisher.
    const { article, scheduled } = await publishRequest(await getStore(), input, { announce: true });
    // Also for a scheduled one: the worker sets its timer for the new time.
    wakePushWorker();
    // No revalidatePath here: cached pages are keyed on the store's sequence (lib/render-cache).
    const url = articlePath(article.slug);
    const body = { id: article.id, slug: article.slug, url, ...(scheduled ? { scheduled: true, publishedAt: article.publishedAt } : {}) };
    return Response.json(body, { status: 201, headers: { Location: url } });
  } catch (error) {
    if (error instanceof PublishError || error instanceof HttpError) {
      return errorResponse(error.status, error.message, error.field);
    }
    throw error;
  }
}

/** True when an If-None-Match header matches the ETag: `*`, or any listed tag compared weakly (RFC 9110 13.1.2). */
function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
}

/**
 * The delta feed: articles published or edited after `since`, ids withdrawn
 * after it, and the cursor to continue from. Without `since`, from the start.
 * A cursor another store issued (or one ahead of this store: a restored
 * backup, a truncated file) is answered 400 with `reset: true`: the phone
 * starts over from the beginning and drops what this store does not have.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const since = params.get("since");
  const position = since === null ? undefined : decodeCursor(since);
  if (since !== null && position === undefined) {
    return errorResponse(400, "since: مؤشر غير صالح؛ استعمل cursor من ردّ سابق", "since");
  }
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? FEED_DEFAULT_LIMIT : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? "1") || !Number.isInteger(limit) || limit < 1 || limit > FEED_MAX_LIMIT) {
    return errorResponse(400, `limit: عدد صحيح من 1 إلى ${FEED_MAX_LIMIT}`, "limit");
  }
  const store = await getStore();
  const identity = await store.identity();
  const currentSeq = await store.currentSeq();
  const afterSeq = position?.seq ?? 0;
  // A legacy cursor (no identity) is taken at its word as long as its number exists here.
  if (position && ((position.store !== undefined && position.store !== identity) || position.seq > currentSeq)) {
    const body: FeedReset = { error: "since: هذا المؤشر من مخزن آخر؛ ابدأ المزامنة من أولها", field: "since", reset: true };
    return Response.json(body, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  // The answer depends only on the request and the store's identity and sequence, so they make the ETag.
  const etag = `"feed-${identity}-${afterSeq}-${limit}-${currentSeq}"`;
  const headers = { ETag: etag, "Cache-Control": "no-cache" };
  if (matchesEtag(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  const page = await store.changesSince(afterSeq, limit, FEED_MAX_BYTES);
  const body: FeedPage = {
    articles: page.articles,
    deleted: page.deleted,
    cursor: encodeCursor(identity, page.lastSeq),
    hasMore: page.hasMore,
  };
  return Response.json(body, { headers });
}
