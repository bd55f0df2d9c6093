import { connection } from "next/server";
import { serverHealth } from "@/lib/health/server-health";

/** 200 when this server reaches its store and push queue, 503 when not; the report as JSON, never cached. */
export async function GET(): Promise<Response> {
  await connection();
  const report = await serverHealth();
  return Response.json(report, { status: report.healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
