/**
 * The tool's private keys at rest: new keys are stored as a compact JWE (dir + A256GCM) under a key
 * derived from the server secret; rows written before encryption (plaintext JWK JSON) keep
 * signing and are rewritten encrypted at start and on rotation; a wrong secret is a clear error
 * with the way out (restore the secret, or rotate), never a crash at start.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { currentSigningKey, encryptStoredKeys, prepareToolKeys, publicJwks, rotateSigningKey, TOOL_KEY_ALG } from "./keys";
import { isEncryptedJwk, ToolKeyUnreadableError } from "./key-encryption";

const SECRET = "s".repeat(40);
const OTHER_SECRET = "o".repeat(40);
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(async () => {
  await t.db.ltiKey.deleteMany();
});

/** Signs with the current key and verifies against the published JWKS (the platform's view). */
async function signsAndVerifies(secret: string): Promise<string> {
  const { kid, key } = await currentSigningKey(t.db, new Date(), secret);
  const jwt = await new SignJWT({ hello: "platform" }).setProtectedHeader({ alg: TOOL_KEY_ALG, kid }).setIssuedAt().setExpirationTime("5m").sign(key);
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(await publicJwks(t.db)));
  expect(payload.hello).toBe("platform");
  return kid;
}

/** A key row as the tool wrote it before encryption: the private JWK as JSON text. */
async function legacyPlaintextKey(kid: string, createdAt = new Date()): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG });
  await t.db.ltiKey.create({ data: { kid, publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALG, use: "sig" }), privateJwk, createdAt } });
  return privateJwk;
}

describe("tool keys at rest", () => {
  it("stores a new key's private half as a compact JWE (dir, A256GCM) that names the key, never as JSON", async () => {
    const kid = await signsAndVerifies(SECRET);
    const row = await t.db.ltiKey.findUniqueOrThrow({ where: { kid } });
    expect(isEncryptedJwk(row.privateJwk)).toBe(true);
    expect(row.privateJwk).not.toContain('"d"');
    expect(decodeProtectedHeader(row.privateJwk)).toEqual({ alg: "dir", enc: "A256GCM", cty: "jwk+json", kid });
    expect(JSON.parse(row.publicJwk)).not.toHaveProperty("d");
  });

  it("keeps signing with a plaintext row from before encryption, and rewrites it encrypted (at start, then nothing left to do)", async () => {
    const plaintext = await legacyPlaintextKey("legacy-key");
    expect(await signsAndVerifies(SECRET)).toBe("legacy-key");
    expect(await prepareToolKeys(t.db, SECRET)).toEqual({ encrypted: 1, problem: null });
    const row = await t.db.ltiKey.findUniqueOrThrow({ where: { kid: "legacy-key" } });
    expect(isEncryptedJwk(row.privateJwk)).toBe(true);
    expect(row.privateJwk).not.toBe(plaintext);
    // Same key, now read from its encrypted form.
    expect(await signsAndVerifies(SECRET)).toBe("legacy-key");
    expect(await encryptStoredKeys(t.db, SECRET)).toBe(0);
  });

  it("rotation encrypts plaintext rows left over, and the old key stays published", async () => {
    await legacyPlaintextKey("legacy-rotated", new Date(Date.now() - 1000));
    const { kid } = await rotateSigningKey(t.db, new Date(), SECRET);
    const rows = await t.db.ltiKey.findMany();
    expect(rows.map((r) => r.kid).sort()).toEqual([kid, "legacy-rotated"].sort());
    expect(rows.every((r) => isEncryptedJwk(r.privateJwk))).toBe(true);
    expect((await publicJwks(t.db)).keys.map((k) => k.kid)).toContain("legacy-rotated");
    expect(await signsAndVerifies(SECRET)).toBe(kid);
  });

  it("a wrong secret is a clear error naming the way out; the start-up check reports it without throwing; rotating with the new secret recovers", async () => {
    const kid = await signsAndVerifies(SECRET);
    const refused = currentSigningKey(t.db, new Date(), OTHER_SECRET);
    await expect(refused).rejects.toBeInstanceOf(ToolKeyUnreadableError);
    await expect(refused).rejects.toThrow(new RegExp(`private key ${kid} cannot be decrypted with this server's SESSION_SECRET.*Restore the SESSION_SECRET.*rotate the key`));
    const check = await prepareToolKeys(t.db, OTHER_SECRET);
    expect(check).toEqual({ encrypted: 0, problem: expect.stringContaining(kid) });
    const { kid: fresh } = await rotateSigningKey(t.db, new Date(), OTHER_SECRET);
    expect(await signsAndVerifies(OTHER_SECRET)).toBe(fresh);
    expect(await prepareToolKeys(t.db, OTHER_SECRET)).toEqual({ encrypted: 0, problem: null });
  });

  it("a ciphertext copied onto another key's row does not open as that key", async () => {
    const kid = await signsAndVerifies(SECRET);
    const stolen = (await t.db.ltiKey.findUniqueOrThrow({ where: { kid } })).privateJwk;
    await t.db.ltiKey.update({ where: { kid }, data: { retiredAt: new Date() } });
    const { publicKey } = await generateKeyPair(TOOL_KEY_ALG, { extractable: true });
    await t.db.ltiKey.create({ data: { kid: "impostor", publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid: "impostor" }), privateJwk: stolen } });
    await expect(currentSigningKey(t.db, new Date(), SECRET)).rejects.toBeInstanceOf(ToolKeyUnreadableError);
  });
});
