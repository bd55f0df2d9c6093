/**
 * Runs before the article routes: answers what must never reach them.
 * - A path segment that is not a slug (or not even valid percent-encoding,
 *   which Next's router would answer with a bare 500) gets the Arabic 404.
 * - A withdrawn article's slug answers 410 Gone from its tombstone, at once.
 * - A malformed article id on the API answers 400 in the API's error shape.
 */
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { SLUG_PATTERN } from "@/lib/article/model";
import { goneResponse } from "@/lib/http/gone-page";
import { errorResponse } from "@/lib/http/read-json";
import { getStore } from "@/lib/store/open-store";

/** Next's built-in route for the app's not-found page (app/not-found.tsx), answered with 404. */
const NOT_FOUND_ROUTE = "/_not-found";

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest): Promise<Response> {
  const [, first, second, third] = request.nextUrl.pathname.split("/");
  if (first === "api") {
    if (second === "articles" && third !== undefined && !decodes(third)) {
      return errorResponse(400, "معرّف المقال في الرابط غير صالح");
    }
    return NextResponse.next();
  }
  // Slugs are plain ASCII, so a valid one needs no decoding: the raw segment is checked as sent.
  const slug = second ?? "";
  if (!SLUG_PATTERN.test(slug)) return NextResponse.rewrite(new URL(NOT_FOUND_ROUTE, request.url));
  if (await (await getStore()).isWithdrawnSlug(slug)) return goneResponse(request.method);
  return NextResponse.next();
}

export const config = { matcher: ["/articles/:slug", "/api/articles/:id"] };
