import { articlePath } from "@/lib/article/model";
import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { authorizePublish } from "@/lib/publish/authorize";
import { MAX_BODY_BYTES, PublishError } from "@/lib/publish/errors";
import { reviseArticle, withdrawArticle } from "@/lib/publish/publish";
import { wakePushWorker } from "@/lib/push/worker";
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

/** Edits an article, live or scheduled: same body as POST /api/articles; 200 { id, slug, url, revision } (and `scheduled`, `publishedAt` while it waits). */
export async function PUT(request: Request, { params }: RouteContext<"/api/articles/[id]">): Promise<Response> {
  const refused = refuse(request);
  if (refused) return refused;
  try {
    const { id } = await params;
    const { article, scheduled } = await reviseArticle(await getStore(), id, await readJsonBody(request, MAX_REQUEST_BYTES));
    // A scheduled article's new time may be sooner: the worker in this process sets its timer again.
    wakePushWorker();
    return Response.json({
      id: article.id,
      slug: article.slug,
      url: articlePath(article.slug),
      revision: article.revision,
      ...(scheduled ? { scheduled: true, publishedAt: article.publishedAt } : {}),
    });
  } catch (error) {
    return failure(error);
  }
}

/** Withdraws an article (phones drop it at their next sync) or cancels a scheduled one: 204. */
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
