import { getCardCache } from "@/lib/share-card/card-cache";
import { renderArticleCard, renderSiteCard } from "@/lib/share-card/render";
import { serveCard } from "@/lib/share-card/serve";
import { getStore } from "@/lib/store/open-store";

// sharp (libvips, Pango) and the disk cache need Node.
export const runtime = "nodejs";

/** A share card: `/cards/<article id>-<revision>-<look>.png` or `/cards/site-<look>.png`. */
export async function GET(request: Request, { params }: RouteContext<"/cards/[file]">): Promise<Response> {
  const { file } = await params;
  return serveCard(
    {
      cache: getCardCache(),
      article: async (id) => (await getStore()).getById(id),
      renderArticle: (title) => renderArticleCard(title),
      renderSite: () => renderSiteCard(),
    },
    file,
    request,
  );
}
