/** NIST SP 800-63B: at least 8 characters, allow long passphrases, no composition rules.
 * Kept apart from password.ts (which loads the native argon2 module) so forms can import them. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
