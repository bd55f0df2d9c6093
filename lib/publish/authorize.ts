/** Bearer-token check for publishing over HTTP. */
import { createHash, timingSafeEqual } from "node:crypto";
import { publishToken } from "@/lib/config";

export type AuthResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/** Allows the request only when PUBLISH_TOKEN is set and the Authorization header carries it. */
export function authorizePublish(authorization: string | null, token = publishToken()): AuthResult {
  if (!token) {
    return {
      ok: false,
      status: 403,
      message: "النشر عبر HTTP معطّل: لم يُعيَّن PUBLISH_TOKEN على الخادم. انشر بالأمر npm run publish أو عيّن الرمز.",
    };
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  // Compare digests so the comparison takes the same time whatever the length.
  if (!match?.[1] || !timingSafeEqual(digest(match[1].trim()), digest(token))) {
    return { ok: false, status: 401, message: "رمز النشر مفقود أو غير صحيح (Authorization: Bearer …)" };
  }
  return { ok: true };
}
