import { z } from "zod";
import { resolveDatabaseUrl } from "./database-url";
import { parseTrustProxy, type TrustProxy } from "./proxy-trust";

/**
 * Runtime configuration, read and validated once. Nothing else reads process.env
 * (except the build tooling: next.config.mjs, playwright.config.ts, prisma.config.ts).
 */
const DEV_SESSION_SECRET = "stepwise-development-secret-do-not-use-in-production";

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    SESSION_SECRET: z.string().optional(),
    // Which reverse proxies may tell us the client's address (X-Forwarded-For); unset = none.
    TRUST_PROXY: z.string().optional(),
    // Checks per student per minute (0 = no limit, for load benchmarks). One student's burst of
    // checks must not make the site slow for everyone.
    CHECK_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(30),
    // Outgoing mail (password reset links): smtp(s)://user:pass@host:port. Unset = the dev outbox.
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().min(3).default("Stepwise <no-reply@stepwise.invalid>"),
    // The site's public address, for links in mail. Never taken from a request's Host header in
    // production (a forged Host would put the attacker's site in a victim's reset link).
    APP_URL: z.string().optional(),
    // The site's address as LMS platforms reach it (LTI 1.3 tool URLs); default APP_URL, else
    // http://localhost:PORT.
    PUBLIC_URL: z.string().optional(),
    // Accepts LTI platform URLs on loopback over plain http (tests and local demos only).
    STEPWISE_LTI_ALLOW_INSECURE: z.enum(["0", "1"]).optional(),
    // Allows `npm start` on a laptop (production build, plain http) to work without a secret.
    STEPWISE_INSECURE_DEV_DEFAULTS: z.enum(["0", "1"]).optional(),
    // Set by `next build`: modules are imported to collect page data, but nothing is served.
    NEXT_PHASE: z.string().optional(),
  })
  .transform((env, ctx) => {
    const production = env.NODE_ENV === "production" && env.STEPWISE_INSECURE_DEV_DEFAULTS !== "1";
    const building = env.NEXT_PHASE === "phase-production-build";
    let sessionSecret = env.SESSION_SECRET;
    if (!sessionSecret) {
      if (production && !building) {
        ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "SESSION_SECRET must be set in production" });
        return z.NEVER;
      }
      sessionSecret = DEV_SESSION_SECRET;
    } else if (sessionSecret.length < 32) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "SESSION_SECRET must be at least 32 characters" });
      return z.NEVER;
    }
    let databaseUrl: string;
    try {
      databaseUrl = resolveDatabaseUrl(env.DATABASE_URL);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: (error as Error).message });
      return z.NEVER;
    }
    let trustProxy: TrustProxy;
    try {
      trustProxy = parseTrustProxy(env.TRUST_PROXY);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["TRUST_PROXY"], message: (error as Error).message });
      return z.NEVER;
    }
    let smtpUrl: string | null = null;
    if (env.SMTP_URL) {
      if (!/^smtps?:\/\/[^\s]+$/.test(env.SMTP_URL)) {
        ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "SMTP_URL must look like smtp://user:password@host:587 or smtps://…" });
        return z.NEVER;
      }
      smtpUrl = env.SMTP_URL;
    }
    let appUrl: string | null = null;
    if (env.APP_URL) {
      try {
        appUrl = new URL(env.APP_URL).origin;
      } catch {
        ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "APP_URL must be an absolute URL such as https://stepwise.example.org" });
        return z.NEVER;
      }
    } else if (production && smtpUrl && !building) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "APP_URL must be set in production when SMTP_URL is (links in mail)" });
      return z.NEVER;
    }
    let publicUrl: string;
    try {
      publicUrl = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : (appUrl ?? `http://localhost:${env.PORT}`);
    } catch {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "PUBLIC_URL must be an absolute URL such as https://stepwise.example.org" });
      return z.NEVER;
    }
    return {
      nodeEnv: env.NODE_ENV,
      databaseUrl,
      port: env.PORT,
      sessionSecret,
      // Secure cookies need https; a local `npm start` demo runs on plain http.
      secureCookies: production,
      trustProxy,
      checkRateLimit: env.CHECK_RATE_LIMIT,
      smtpUrl,
      mailFrom: env.MAIL_FROM,
      appUrl,
      /** Origin of the LTI tool URLs (login, launch, JWKS) given to platforms. */
      publicUrl,
      /** LTI: accept http platform URLs on loopback (tests, local demos). */
      ltiAllowInsecure: env.STEPWISE_LTI_ALLOW_INSECURE === "1",
      /** Real production (https, secure cookies): no dev outbox, no mail written to the log. */
      production,
    };
  });

export type Env = z.output<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const details = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${details}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
