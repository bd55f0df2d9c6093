/** Answering GET /media/…: a stored variant with a year's immutable caching, or 404. Server only. */
import type { MediaStore } from "./media-store";
import { FORMAT_TYPES, MEDIA_ID, shareWidth } from "./variants";
import type { VariantFormat } from "./variants";

/** Content-addressed: a URL's bytes never change, so browsers and CDNs may keep them for a year without asking. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const FILE = /^(\d{1,5})\.(avif|webp|jpg)$/;

function notFound(): Response {
  return new Response("الصورة غير موجودة", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** `/media/<id>/<file>`, or `/media/<id>` (file undefined): the widest JPEG, for readers that ask for the picture itself. */
export async function serveMedia(store: MediaStore, id: string, file: string | undefined, request: Request): Promise<Response> {
  if (!MEDIA_ID.test(id)) return notFound();
  let name = file;
  if (name === undefined) {
    const info = await store.info(id);
    if (!info) return notFound();
    name = `${shareWidth(info.width)}.jpg`;
  }
  const match = FILE.exec(name);
  if (!match) return notFound();
  const etag = `"${id}-${name}"`;
  const headers = {
    "Content-Type": FORMAT_TYPES[match[2] as VariantFormat],
    "Cache-Control": IMMUTABLE,
    ETag: etag,
  };
  if (request.headers.get("if-none-match")?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  const found = await store.open(id, name);
  if (!found) return notFound();
  return new Response(request.method === "HEAD" ? null : found.body, {
    headers: { ...headers, "Content-Length": String(found.size) },
  });
}
