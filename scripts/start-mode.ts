/**
 * How `npm start` may run, decided from the environment it was given (before it sets anything).
 * `npm start` doubles as the local demo: a production build over plain http, without a
 * SESSION_SECRET, with cookies that are not Secure (STEPWISE_INSECURE_DEV_DEFAULTS=1). That mode
 * must never be entered silently, and never when the operator said "this is production".
 */
export type StartMode = { kind: "secure" } | { kind: "demo"; warning: string } | { kind: "refuse"; message: string };

const RULE = "!".repeat(78);

export const DEMO_WARNING = [
  RULE,
  "!!  INSECURE LOCAL DEMO MODE: no SESSION_SECRET is set.",
  "!!  - session cookies are not marked Secure: they travel over plain http;",
  "!!  - a development secret that is public in the source code is used;",
  "!!  - demo accounts with a published password exist (see README.md).",
  "!!  Use this on your own machine only. Do not expose this server to a network.",
  "!!  For a real deployment: NODE_ENV=production SESSION_SECRET=<32+ random characters,",
  "!!  e.g. `openssl rand -base64 48`>, served over https behind a reverse proxy",
  "!!  (and TRUST_PROXY set for it, see README.md).",
  RULE,
].join("\n");

/** The decision for `npm start`, from the environment as the caller set it. */
export function startMode(environment: Record<string, string | undefined>): StartMode {
  const insecureRequested = !environment.SESSION_SECRET || environment.STEPWISE_INSECURE_DEV_DEFAULTS === "1";
  if (!insecureRequested) return { kind: "secure" };
  // NODE_ENV=production set by the caller (npm start sets it only for its child, later) means a
  // real deployment: falling back to the demo there would ship insecure cookies and a public secret.
  if (environment.NODE_ENV === "production") {
    const why = environment.SESSION_SECRET
      ? "STEPWISE_INSECURE_DEV_DEFAULTS=1 (the local demo mode) is set together with NODE_ENV=production."
      : "NODE_ENV=production is set, but SESSION_SECRET is not.";
    return {
      kind: "refuse",
      message: [
        `Refusing to start: ${why}`,
        "In production, set SESSION_SECRET (32+ random characters, e.g. `openssl rand -base64 48`), leave",
        "STEPWISE_INSECURE_DEV_DEFAULTS unset and serve over https. For the local demo, unset NODE_ENV.",
      ].join("\n"),
    };
  }
  return { kind: "demo", warning: DEMO_WARNING };
}
