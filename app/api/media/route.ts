import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { errorResponse } from "@/lib/http/read-json";
import { MediaError } from "@/lib/media/errors";
import { getMediaStore } from "@/lib/media/media-store";
import { ingestImage } from "@/lib/media/upload";
import { authorizePublish } from "@/lib/publish/authorize";

/**
 * Uploads a picture: the image bytes as the body, its type as Content-Type.
 * 201 { url, width, height } with the same URL for the same bytes; 4xx with
 * the reason in Arabic, storing nothing, for anything refused.
 */
export async function POST(request: Request): Promise<Response> {
  const auth = authorizePublish(request.headers.get("authorization"));
  if (!auth.ok) {
    return errorResponse(auth.status, auth.message, undefined, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }
  const length = request.headers.get("content-length");
  try {
    const body = request.body ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>) : null;
    const uploaded = await ingestImage(getMediaStore(), body, request.headers.get("content-type"), length === null ? undefined : Number(length));
    const { url, width, height } = uploaded;
    // 201 for the same bytes again too: the answer is the same picture, whoever stored it first.
    return Response.json({ url, width, height }, { status: 201, headers: { Location: url, "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof MediaError) {
      return errorResponse(error.status, error.message, undefined, error.status === 503 ? { "Retry-After": "5" } : {});
    }
    throw error;
  }
}
