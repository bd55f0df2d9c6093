import { getMediaStore } from "@/lib/media/media-store";
import { serveMedia } from "@/lib/media/serve";

/** The picture itself (`/media/<id>`, what Markdown names): its widest JPEG. */
export async function GET(request: Request, { params }: RouteContext<"/media/[id]">): Promise<Response> {
  return serveMedia(getMediaStore(), (await params).id, undefined, request);
}
