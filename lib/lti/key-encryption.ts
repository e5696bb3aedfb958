import { hkdfSync } from "node:crypto";
import { compactDecrypt, CompactEncrypt, type JWK } from "jose";

/**
 * The tool's private signing keys at rest (LtiKey.privateJwk): a compact JWE (RFC 7516),
 * `alg: "dir"` + `enc: "A256GCM"`, under a 256-bit key derived from the deployment's
 * SESSION_SECRET with HKDF-SHA256 (RFC 5869; own salt and info, so this key is never the one any
 * other use of the secret derives). Why jose: it is already the LTI layer's one dependency, its JWE
 * code is maintained with its JWS code, and a standard, self-describing format (the header names
 * the algorithms) beats a home-made `iv:tag:ciphertext` string. Why dir + GCM: there is one
 * symmetric key and nobody else to share it with, so no key wrapping is needed; GCM authenticates,
 * so a wrong secret or an altered row fails loudly instead of yielding garbage. See
 * docs/decisions/015-lti-1.3.md, "Tool keys".
 *
 * Rows written before encryption hold the JWK as JSON text and are still read (readPrivateJwk);
 * lib/lti/keys.ts rewrites them encrypted when a server starts and on rotation.
 */
const SALT = "stepwise:lti-tool-key:v1";
const INFO = "LtiKey.privateJwk dir+A256GCM";
const ENC = "A256GCM";

/** A stored private key that this server's secret cannot open (another SESSION_SECRET, or an altered row). */
export class ToolKeyUnreadableError extends Error {
  constructor(readonly kid: string) {
    super(
      `The LTI tool's private key ${kid} cannot be decrypted with this server's SESSION_SECRET (it was encrypted with another secret, or the row was altered). ` +
        "Restore the SESSION_SECRET it was encrypted with, or rotate the key (the LMS page's \"Rotate key\", or npm run -s lti -- keys rotate): the new key is encrypted with the current secret and platforms fetch its public half from /lti/jwks.",
    );
    this.name = "ToolKeyUnreadableError";
  }
}

const derived = new Map<string, Uint8Array>();
/** The 32-byte content key for `secret` (HKDF-SHA256), cached per secret. */
export function keyEncryptionKey(secret: string): Uint8Array {
  let key = derived.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, SALT, INFO, 32));
    derived.set(secret, key);
  }
  return key;
}

/** Plaintext rows start with the JSON object; a compact JWE is five base64url parts. */
export function isEncryptedJwk(stored: string): boolean {
  return !stored.trimStart().startsWith("{") && stored.split(".").length === 5;
}

/** The private JWK (JSON text) as stored from now on: a compact JWE whose header names the key id. */
export async function encryptPrivateJwk(jwkJson: string, kid: string, secret: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(jwkJson)).setProtectedHeader({ alg: "dir", enc: ENC, cty: "jwk+json", kid }).encrypt(keyEncryptionKey(secret));
}

/**
 * The private JWK of row `kid`, from either form (JWE, or the JSON text of rows written before
 * encryption). Throws ToolKeyUnreadableError when the JWE does not open with `secret` or holds
 * another key than the row's (a row's ciphertext copied onto another row).
 */
export async function readPrivateJwk(stored: string, kid: string, secret: string): Promise<JWK> {
  if (!isEncryptedJwk(stored)) return JSON.parse(stored) as JWK;
  let jwk: JWK;
  try {
    const { plaintext } = await compactDecrypt(stored, keyEncryptionKey(secret), { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: [ENC] });
    jwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  } catch {
    throw new ToolKeyUnreadableError(kid);
  }
  if (jwk.kid !== kid) throw new ToolKeyUnreadableError(kid);
  return jwk;
}
