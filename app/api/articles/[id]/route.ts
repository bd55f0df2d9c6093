import { articlePath } from "@/lib/article/model";
import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { authorizePublish } from "@/lib/publish/authorize";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { reviseArticle, withdrawArticle } from "@/lib/publish/publish";
import { getStore } from "@/lib/store/open-store";

const MAX_REQUEST_BYTES = MAX_BODY_BYTES + 64 * 1024;

function refuse(request: Request): Response | undefined {
  const auth = authorizePublish(request.headers.get("authorization"));
  if (auth.ok) return undefined;
  return errorResponse(auth.status, auth.message, undefined, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
}

function failure(error: unknown): Response {
  if (error instanceof PublishError || error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
  throw error;
}

/** Edits an article: same body as POST /api/articles; 200 { id, slug, url, revision }. */
export async function PUT(request: Request, { params }: RouteContext<"/api/articles/[id]">): Promise<Response> {
  const refused = refuse(request);
  if (refused) return refused;
  try {
    const { id } = await params;
    const article = await reviseArticle(await getStore(), id, await readJsonBody(request, MAX_REQUEST_BYTES));
    return Response.json({ id: article.id, slug: article.slug, url: articlePath(article.slug), revision: article.revision });
  } catch (error) {
    return failure(error);
  }
}

/** Withdraws an article: 204; phones drop it at their next sync. */
export async function DELETE(request: Request, { params }: RouteContext<"/api/articles/[id]">): Promise<Response> {
  const refused = refuse(request);
  if (refused) return refused;
  try {
    const { id } = await params;
    await withdrawArticle(await getStore(), id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return failure(error);
  }
}
