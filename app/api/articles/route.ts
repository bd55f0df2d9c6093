import { articlePath } from "@/lib/article/model";
import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { authorizePublish } from "@/lib/publish/authorize";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { publishArticle } from "@/lib/publish/publish";
import { getStore } from "@/lib/store/open-store";

// The JSON envelope around a body of up to MAX_BODY_BYTES.
const MAX_REQUEST_BYTES = MAX_BODY_BYTES + 64 * 1024;

/** Publishes a Markdown article: 201 { id, slug, url }. */
export async function POST(request: Request): Promise<Response> {
  const auth = authorizePublish(request.headers.get("authorization"));
  if (!auth.ok) {
    return errorResponse(auth.status, auth.message, undefined, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }
  try {
    const input = await readJsonBody(request, MAX_REQUEST_BYTES);
    const article = await publishArticle(await getStore(), input);
    // No revalidatePath here: cached pages are keyed on the store's sequence (lib/render-cache).
    const url = articlePath(article.slug);
    return Response.json({ id: article.id, slug: article.slug, url }, { status: 201, headers: { Location: url } });
  } catch (error) {
    if (error instanceof PublishError || error instanceof HttpError) {
      return errorResponse(error.status, error.message, error.field);
    }
    throw error;
  }
}
