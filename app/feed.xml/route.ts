import { siteFeed } from "@/lib/syndication/feed-routes";

// Read per request: it answers If-None-Match, and the newest fifty summaries are one index scan.
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return siteFeed(request, "rss");
}
