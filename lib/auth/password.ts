import { hash, verify } from "@node-rs/argon2";

// Algorithm.Argon2id; the package exports it as a const enum, which isolatedModules cannot read.
const ARGON2ID = 2;

/**
 * argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane):
 * memory-hard, about 50 ms a hash on this machine. See docs/decisions.
 */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Length rules live in password-rules.ts so client forms can import them without argon2.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
