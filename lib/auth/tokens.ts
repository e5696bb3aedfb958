import { createHash, randomBytes, randomInt } from "node:crypto";

/** 32 random bytes (256 bits) from the OS CSPRNG, base64url: the value that goes in a cookie or a link. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash is stored, so a leaked database does not hand out live sessions or invitations.
 * A fast hash is right here (unlike passwords): the token already has 256 bits of entropy. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Crockford-style alphabet without look-alikes (0/O, 1/I/L, U): codes are read aloud and typed. */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
export const JOIN_CODE_LENGTH = 8;

/** e.g. "K7QD-M2XR": 30^8 ≈ 6.6e11 codes; joins are rate limited, so guessing one is impractical. */
export function generateJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
    if (i === JOIN_CODE_LENGTH / 2) code += "-";
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  }
  return code;
}

/** Join codes are compared case-insensitively and without spaces; the dash is kept as typed
 * (the seed's code "DEMO-2026" has one in a different place). */
export function normaliseJoinCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}
