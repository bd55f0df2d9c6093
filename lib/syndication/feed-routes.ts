/**
 * The feed routes' one handler: the site's newest articles or a section's,
 * as RSS or Atom. A section with no live article has no feed (404).
 */
import { sectionFromParam } from "@/lib/sections";
import { getStore } from "@/lib/store/open-store";
import { buildFeed, FEED_ITEMS, feedResponse, type FeedFormat } from "./feeds";

export async function siteFeed(request: Request, format: FeedFormat): Promise<Response> {
  const items = await (await getStore()).latest(FEED_ITEMS);
  return feedResponse(buildFeed(items), format, request);
}

export async function sectionFeed(request: Request, format: FeedFormat, param: string): Promise<Response> {
  const section = sectionFromParam(param);
  const items = section === undefined ? [] : await (await getStore()).latestInSection(section, FEED_ITEMS);
  if (section === undefined || items.length === 0) return new Response("لا قسم بهذا الاسم", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return feedResponse(buildFeed(items, section), format, request);
}
