import { sectionFeed } from "@/lib/syndication/feed-routes";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: RouteContext<"/sections/[section]/atom.xml">): Promise<Response> {
  return sectionFeed(request, "atom", (await params).section);
}
