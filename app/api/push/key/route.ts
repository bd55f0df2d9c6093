import { connection } from "next/server";
import { configuredVapidKeys } from "@/lib/push/vapid";
import { getStore } from "@/lib/store/open-store";

/** The VAPID public key browsers pass to `pushManager.subscribe({ applicationServerKey })`: { publicKey }. */
export async function GET(): Promise<Response> {
  // The key belongs to the running server's store (or DATA_DIR), never to the machine that built it.
  await connection();
  const { publicKey } = await configuredVapidKeys(await getStore());
  return Response.json({ publicKey }, { headers: { "Cache-Control": "public, max-age=3600" } });
}
