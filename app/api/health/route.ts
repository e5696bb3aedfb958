import { connection } from "next/server";
import { db } from "@/lib/platform/db";

/** Liveness and database check, used by the e2e web server and deployments. */
export async function GET() {
  await connection();
  try {
    await db.user.count();
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
