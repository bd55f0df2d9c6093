/**
 * An article's pictures at publish: every image must be one the site holds
 * (`/media/<id>`, uploaded first), and each image block takes its size and
 * placeholder from the media store, so pages and phones know the shape before
 * the bytes arrive. The server never fetches a URL an author typed.
 */
import type { Block } from "@/lib/article/model";
import type { MediaInfo, MediaStore } from "@/lib/media/media-store";
import { mediaPath, parseMediaPath } from "@/lib/media/variants";
import { PublishError } from "./errors";

/** More pictures than any article needs; each one costs every phone storage. */
export const MAX_IMAGES = 100;

const short = (url: string) => (url.length > 80 ? `${url.slice(0, 77)}…` : url);

const NOT_OURS = (url: string) =>
  `body: الصورة «${short(url)}» ليست من صور الموقع. ارفعها أولًا (POST /api/media، أو npm run publish مع ملف الصورة بجانب المقال) ثم استعمل الرابط /media/… الذي يعود`;
const NOT_UPLOADED = (url: string) => `body: الصورة ${short(url)} غير مرفوعة إلى الموقع. ارفعها أولًا ثم استعمل الرابط الذي يعود`;

/**
 * Checks every image URL the author wrote and fills in the image blocks.
 * Throws PublishError 400 naming the first picture that is not the site's.
 */
export async function attachImages(blocks: Block[], urls: readonly string[], media: MediaStore): Promise<Block[]> {
  if (urls.length === 0) return blocks;
  if (urls.length > MAX_IMAGES) throw new PublishError(400, `body: في المقال أكثر من ${MAX_IMAGES} صورة`, "body");
  const found = new Map<string, MediaInfo>();
  for (const url of urls) {
    const id = parseMediaPath(url.trim())?.id;
    if (id === undefined) throw new PublishError(400, NOT_OURS(url), "body");
    if (found.has(id)) continue;
    // Claimed before the article is written: the collection of unused pictures never takes one a publish is about to name.
    const info = await media.claim(id);
    if (!info) throw new PublishError(400, NOT_UPLOADED(url), "body");
    found.set(id, info);
  }
  return blocks.map((block) => {
    if (block.type !== "image") return block;
    const info = found.get(parseMediaPath(block.src.trim())?.id ?? "");
    // Unreachable: every image block's URL is among those checked above.
    if (!info) throw new PublishError(400, NOT_OURS(block.src), "body");
    return { ...block, src: mediaPath(info.id), width: info.width, height: info.height, placeholder: info.placeholder };
  });
}
