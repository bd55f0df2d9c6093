/** Reading untrusted JSON request bodies with a size limit, for route handlers. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Reads a JSON body of at most `limit` bytes; 413 past it, 415 for another type, 400 for malformed JSON or bytes that are no UTF-8. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, "نوع المحتوى يجب أن يكون application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw new HttpError(413, `حجم الطلب أكبر من الحد المسموح (${limit} بايت)`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new HttpError(413, `حجم الطلب أكبر من الحد المسموح (${limit} بايت)`);
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    // Fatal: bytes that are no UTF-8 would otherwise be published as U+FFFD, silently.
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "جسم الطلب ليس نصًا بترميز UTF-8 صالح");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "JSON غير صالح في جسم الطلب");
  }
}

/** A JSON error answer in the API's one shape: { error, field? }. */
export function errorResponse(status: number, message: string, field?: string, headers?: HeadersInit): Response {
  return Response.json(field ? { error: message, field } : { error: message }, {
    status,
    headers: { "Cache-Control": "no-store", ...headers },
  });
}
