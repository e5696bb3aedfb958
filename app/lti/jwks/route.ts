import { connection } from "next/server";
import { db } from "@/lib/platform/db";
import { publicJwks } from "@/lib/lti/keys";

/** The tool's public keys (JWKS) for platforms verifying its deep-linking responses and client assertions. */
export async function GET(): Promise<Response> {
  await connection();
  return Response.json(await publicJwks(db), { headers: { "cache-control": "public, max-age=300" } });
}
