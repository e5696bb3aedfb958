/** Session cookie settings, kept pure so a unit test can assert the flags. */
export const SESSION_COOKIE_NAME = "stepwise_session";

/** A session lives 30 days from its last renewal... */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** ...and is renewed (sliding expiry) at most once a day, so most requests do not write. */
export const SESSION_RENEW_AFTER_MS = 24 * 60 * 60 * 1000;

export type SessionCookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  expires: Date;
};

/** httpOnly: page scripts cannot read the token; SameSite=Lax: not sent on cross-site POSTs;
 * Secure in production (https only). */
export function sessionCookieOptions(expiresAt: Date, secure: boolean): SessionCookieOptions {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt };
}

