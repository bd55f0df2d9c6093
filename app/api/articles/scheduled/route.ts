import { articlePath } from "@/lib/article/model";
import { errorResponse } from "@/lib/http/read-json";
import { authorizePublish } from "@/lib/publish/authorize";
import { getStore } from "@/lib/store/open-store";

/** The newsroom's list of scheduled articles, soonest first (same token as publishing): 200 { articles }. */
export async function GET(request: Request): Promise<Response> {
  const auth = authorizePublish(request.headers.get("authorization"));
  if (!auth.ok) {
    return errorResponse(auth.status, auth.message, undefined, auth.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
  }
  const scheduled = await (await getStore()).listScheduled();
  const articles = scheduled.map((a) => ({
    id: a.id,
    slug: a.slug,
    url: articlePath(a.slug),
    title: a.title,
    publishedAt: a.publishedAt,
    ...(a.urgent ? { urgent: true } : {}),
  }));
  return Response.json({ articles }, { headers: { "Cache-Control": "no-store" } });
}
