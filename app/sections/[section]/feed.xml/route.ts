import { sectionFeed } from "@/lib/syndication/feed-routes";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: RouteContext<"/sections/[section]/feed.xml">): Promise<Response> {
  return sectionFeed(request, "rss", (await params).section);
}
