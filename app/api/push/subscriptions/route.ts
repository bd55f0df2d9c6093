import { clientAddress } from "@/lib/http/rate-limit";
import { errorResponse, HttpError, readJsonBody } from "@/lib/http/read-json";
import { FULL_MESSAGE, maxSubscriptions, SubscriptionLimits, tooManyMessage } from "@/lib/push/limits";
import { MAX_SUBSCRIPTION_BYTES, parseSubscription, parseUnsubscribe } from "@/lib/push/subscription";
import { getStore } from "@/lib/store/open-store";

// Per server process: the limits are in memory (README, "Push subscriptions").
const limits = new SubscriptionLimits();

/** 429 with Retry-After when this client (or everyone together) asked too often; undefined to go on. */
function throttled(request: Request): Response | undefined {
  const wait = limits.take(clientAddress(request.headers));
  if (wait === 0) return undefined;
  return errorResponse(429, tooManyMessage(wait), undefined, { "Retry-After": String(wait) });
}

/** Stores the browser's `PushSubscription.toJSON()`: 201 { ok: true }; 429 too often, 503 when the list is full. */
export async function POST(request: Request): Promise<Response> {
  const refused = throttled(request);
  if (refused) return refused;
  try {
    const parsed = parseSubscription(await readJsonBody(request, MAX_SUBSCRIPTION_BYTES));
    if (!parsed.ok) return errorResponse(400, parsed.error, parsed.field);
    const store = await getStore();
    // Counted before the write, so concurrent requests may pass it together: the rate limits bound by how many.
    // A browser already on the list may renew its keys when it is full: that adds nothing.
    if ((await store.countSubscriptions()) >= maxSubscriptions() && (await store.subscriptionsByEndpoint([parsed.value.endpoint])).length === 0) {
      return errorResponse(503, FULL_MESSAGE);
    }
    await store.saveSubscription(parsed.value);
    return Response.json({ ok: true }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
    throw error;
  }
}

/** Forgets the subscription named by { endpoint }: 204, or 404 when there is none; 429 too often. */
export async function DELETE(request: Request): Promise<Response> {
  const refused = throttled(request);
  if (refused) return refused;
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
