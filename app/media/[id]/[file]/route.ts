import { getMediaStore } from "@/lib/media/media-store";
import { serveMedia } from "@/lib/media/serve";

/** One variant: `/media/<id>/<width>.<avif|webp|jpg>`. */
export async function GET(request: Request, { params }: RouteContext<"/media/[id]/[file]">): Promise<Response> {
  const { id, file } = await params;
  return serveMedia(getMediaStore(), id, file, request);
}
