import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { MAX_SUBSCRIPTION_BYTES, parseSubscription, parseUnsubscribe } from "@/lib/push/subscription";
import { getStore } from "@/lib/store/open-store";

/** Stores the browser's `PushSubscription.toJSON()`: 201 { ok: true }. */
export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseSubscription(await readJsonBody(request, MAX_SUBSCRIPTION_BYTES));
    if (!parsed.ok) return errorResponse(400, parsed.error, parsed.field);
    await (await getStore()).saveSubscription(parsed.value);
    return Response.json({ ok: true }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
    throw error;
  }
}

/** Forgets the subscription named by { endpoint }: 204, or 404 when there is none. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    const parsed = parseUnsubscribe(await readJsonBody(request, MAX_SUBSCRIPTION_BYTES));
    if (!parsed.ok) return errorResponse(400, parsed.error, parsed.field);
    if (!(await (await getStore()).removeSubscription(parsed.value))) {
      return errorResponse(404, "endpoint: لا يوجد اشتراك إشعارات بهذا الرابط", "endpoint");
    }
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
    throw error;
  }
}
