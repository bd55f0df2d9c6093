import { connection } from "next/server";
import { vapidKeys } from "@/lib/push/vapid";
import { dataDir } from "@/lib/store/open-store";

/** The VAPID public key browsers pass to `pushManager.subscribe({ applicationServerKey })`: { publicKey }. */
export async function GET(): Promise<Response> {
  // The key belongs to the running server's DATA_DIR, never to the machine that built it.
  await connection();
  const { publicKey } = vapidKeys(dataDir());
  return Response.json({ publicKey }, { headers: { "Cache-Control": "public, max-age=3600" } });
}
