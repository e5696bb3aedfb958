import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/platform/db-client";

/**
 * The tool's RS256 signing keys (LTI Security Framework: RSA, at least 2048 bits). Stored in the
 * database (LtiKey) so every server signs with the same key and publishes the same JWKS. Rotation
 * adds a new key that signs from then on; the previous ones stay published for `RETIRE_AFTER_MS`
 * so that platforms' cached JWKS and tokens signed just before still verify, then are retired.
 */
export const TOOL_KEY_ALG = "RS256";
/** A platform caches our JWKS for a while; a day covers every cache we know of. */
export const RETIRE_AFTER_MS = 24 * 60 * 60 * 1000;

export type SigningKey = { kid: string; key: CryptoKey };

async function createKey(client: Db, now: Date): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALG, use: "sig" };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG };
  await client.ltiKey.create({ data: { kid, publicJwk: JSON.stringify(pub), privateJwk: JSON.stringify(priv), createdAt: now } });
  return { kid, key: privateKey };
}

/** The key that signs now: the newest unretired one, created on first use. */
export async function currentSigningKey(client: Db, now = new Date()): Promise<SigningKey> {
  const row = await client.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  if (!row) return createKey(client, now);
  const key = (await importJWK(JSON.parse(row.privateJwk) as JWK, TOOL_KEY_ALG)) as CryptoKey;
  return { kid: row.kid, key };
}

/**
 * Rotation: a new key signs from now on; keys older than the previous one that have been
 * superseded for RETIRE_AFTER_MS are retired (no longer published). Returns the new key id.
 */
export async function rotateSigningKey(client: Db, now = new Date()): Promise<{ kid: string; retired: number }> {
  const { kid } = await createKey(client, now);
  // A key is superseded when a newer one exists; the one just before the new key stays published.
  const live = await client.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { kid: true, createdAt: true } });
  const stale = live.slice(2).filter((k) => now.getTime() - k.createdAt.getTime() > RETIRE_AFTER_MS).map((k) => k.kid);
  const { count } = await client.ltiKey.updateMany({ where: { kid: { in: stale } }, data: { retiredAt: now } });
  return { kid, retired: count };
}

/** The JWKS document published at /lti/jwks: public parts of every unretired key. */
export async function publicJwks(client: Db): Promise<{ keys: JWK[] }> {
  const rows = await client.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { publicJwk: true } });
  if (rows.length === 0) {
    await currentSigningKey(client);
    return publicJwks(client);
  }
  return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
}
