import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/platform/db-client";
import { env } from "@/lib/platform/env";
import { encryptPrivateJwk, isEncryptedJwk, readPrivateJwk, ToolKeyUnreadableError } from "./key-encryption";

/**
 * The tool's RS256 signing keys (LTI Security Framework: RSA, at least 2048 bits). Stored in the
 * database (LtiKey) so every server signs with the same key and publishes the same JWKS; the
 * private half encrypted with a key derived from SESSION_SECRET (lib/lti/key-encryption.ts).
 * Rotation adds a new key that signs from then on; the previous ones stay published for
 * `RETIRE_AFTER_MS` so that platforms' cached JWKS and tokens signed just before still verify,
 * then are retired.
 *
 * `secret` parameters default to this server's SESSION_SECRET (lib/platform/env.ts); tests pass
 * their own.
 */
export const TOOL_KEY_ALG = "RS256";
/** A platform caches our JWKS for a while; a day covers every cache we know of. */
export const RETIRE_AFTER_MS = 24 * 60 * 60 * 1000;

export type SigningKey = { kid: string; key: CryptoKey };

const serverSecret = () => env().sessionSecret;

async function createKey(client: Db, now: Date, secret: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALG, use: "sig" };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG };
  const privateJwk = await encryptPrivateJwk(JSON.stringify(priv), kid, secret);
  await client.ltiKey.create({ data: { kid, publicJwk: JSON.stringify(pub), privateJwk, createdAt: now } });
  return { kid, key: privateKey };
}

/**
 * The key that signs now: the newest unretired one, created on first use. Throws
 * ToolKeyUnreadableError (a clear message: restore the secret or rotate) when `secret` cannot
 * decrypt it; callers turn that into a delivery error or a refusal page, never a crash.
 */
export async function currentSigningKey(client: Db, now = new Date(), secret = serverSecret()): Promise<SigningKey> {
  const row = await client.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  if (!row) return createKey(client, now, secret);
  const key = (await importJWK(await readPrivateJwk(row.privateJwk, row.kid, secret), TOOL_KEY_ALG)) as CryptoKey;
  return { kid: row.kid, key };
}

/**
 * Rewrites private keys still stored as plaintext JSON (rows from before encryption) encrypted
 * with `secret`. Called when a server starts (instrumentation.ts) and on rotation; idempotent, and
 * safe with several servers (a row is rewritten only if it still holds the plaintext read).
 * Returns the number of rows rewritten.
 */
export async function encryptStoredKeys(client: Db, secret = serverSecret()): Promise<number> {
  const rows = await client.ltiKey.findMany({ select: { kid: true, privateJwk: true } });
  let rewritten = 0;
  for (const row of rows) {
    if (isEncryptedJwk(row.privateJwk)) continue;
    const privateJwk = await encryptPrivateJwk(row.privateJwk, row.kid, secret);
    rewritten += (await client.ltiKey.updateMany({ where: { kid: row.kid, privateJwk: row.privateJwk }, data: { privateJwk } })).count;
  }
  return rewritten;
}

/**
 * Start-up check of the tool's keys (instrumentation.ts): plaintext rows are encrypted, and the
 * key that signs now is decrypted once so a changed SESSION_SECRET is reported at start with what
 * to do, rather than at the first score delivery. Never throws for an unreadable key: launches
 * and the JWKS still work; signing (scores, deep linking) reports the same message until fixed.
 */
export async function prepareToolKeys(client: Db, secret = serverSecret()): Promise<{ encrypted: number; problem: string | null }> {
  const encrypted = await encryptStoredKeys(client, secret);
  const row = await client.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { kid: true, privateJwk: true } });
  if (!row) return { encrypted, problem: null };
  try {
    await readPrivateJwk(row.privateJwk, row.kid, secret);
    return { encrypted, problem: null };
  } catch (error) {
    if (error instanceof ToolKeyUnreadableError) return { encrypted, problem: error.message };
    throw error;
  }
}

/**
 * Rotation: a new key signs from now on; keys older than the previous one that have been
 * superseded for RETIRE_AFTER_MS are retired (no longer published). Plaintext rows left from before
 * encryption are rewritten encrypted. Works when the old key is unreadable (that is the way out of
 * a lost secret). Returns the new key id.
 */
export async function rotateSigningKey(client: Db, now = new Date(), secret = serverSecret()): Promise<{ kid: string; retired: number }> {
  const { kid } = await createKey(client, now, secret);
  // A key is superseded when a newer one exists; the one just before the new key stays published.
  const live = await client.ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" }, select: { kid: true, createdAt: true } });
  const stale = live.slice(2).filter((k) => now.getTime() - k.createdAt.getTime() > RETIRE_AFTER_MS).map((k) => k.kid);
  const { count } = await client.ltiKey.updateMany({ where: { kid: { in: stale } }, data: { retiredAt: now } });
  await encryptStoredKeys(client, secret);
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
