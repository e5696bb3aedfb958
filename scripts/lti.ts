/**
 * LTI 1.3 CLI (issue 19; docs/decisions/015-lti-1.3.md).
 *
 *   npm run -s lti -- platform add --issuer URL --client-id ID --deployment-id ID \
 *       --jwks-url URL --auth-url URL --token-url URL
 *     Registers the platform (or updates the one with that issuer and client id, adding the
 *     deployment id) and prints ONE JSON line with the tool's URLs to paste into the platform:
 *     {"login": ".../lti/login", "launch": ".../lti/launch", "jwks": ".../lti/jwks", "deepLinkReturn": ".../lti/deep-link"}
 *     relative to PUBLIC_URL (default APP_URL, else http://localhost:PORT).
 *   npm run -s lti -- platform list        one JSON line: the registered platforms
 *   npm run -s lti -- keys rotate          a new signing key, encrypted with this shell's SESSION_SECRET
 *                                          (use the server's); prints {"kid": …, "retired": n}
 *   npm run -s lti -- outbox flush         delivers due AGS scores now; prints the counts
 *
 * Platform URLs must be https; plain http on loopback only with STEPWISE_LTI_ALLOW_INSECURE=1.
 * On bad input: `error: …` lines on stderr, exit code 2, nothing stored.
 */
import { parseEnv } from "../lib/platform/env";
import { createPrismaClient } from "../lib/platform/prisma-client";
import { platformInputSchema, upsertPlatform, listPlatforms } from "../lib/lti/platforms";
import { toolUrls } from "../lib/lti/urls";
import { prepareToolKeys, rotateSigningKey } from "../lib/lti/keys";
import { deliverDueScores } from "../lib/lti/grades";

const USAGE = `usage:
  npm run -s lti -- platform add --issuer URL --client-id ID --deployment-id ID --jwks-url URL --auth-url URL --token-url URL
  npm run -s lti -- platform list
  npm run -s lti -- keys rotate
  npm run -s lti -- outbox flush
`;

class UsageError extends Error {}

const FLAGS = { "--issuer": "issuer", "--client-id": "clientId", "--deployment-id": "deploymentId", "--jwks-url": "jwksUrl", "--auth-url": "authUrl", "--token-url": "tokenUrl" } as const;

/** `--name value` pairs (also `--name=value`) of the known flags; anything else is a usage error. */
function parsePlatformFlags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(name in FLAGS)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${name} needs a value`);
    const key = FLAGS[name as keyof typeof FLAGS];
    if (key in out) throw new UsageError(`${name} given twice`);
    out[key] = value;
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [area, command, ...rest] = argv;
  const env = parseEnv(process.env);
  if (area === "platform" && command === "add") {
    const parsed = platformInputSchema(env.ltiAllowInsecure).safeParse(parsePlatformFlags(rest));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) process.stderr.write(`error: ${issue.message}\n`);
      return 2;
    }
    const db = createPrismaClient(env.databaseUrl);
    try {
      await upsertPlatform(db, parsed.data);
    } finally {
      await db.$disconnect();
    }
    process.stdout.write(`${JSON.stringify(toolUrls(env.publicUrl))}\n`);
    return 0;
  }
  if (area === "platform" && command === "list" && rest.length === 0) {
    const db = createPrismaClient(env.databaseUrl);
    try {
      const platforms = await listPlatforms(db);
      process.stdout.write(`${JSON.stringify(platforms.map((p) => ({ issuer: p.issuer, clientId: p.clientId, deploymentIds: p.deployments.map((d) => d.deploymentId), jwksUrl: p.jwksUrl, authUrl: p.authUrl, tokenUrl: p.tokenUrl })))}\n`);
    } finally {
      await db.$disconnect();
    }
    return 0;
  }
  if (area === "keys" && command === "rotate" && rest.length === 0) {
    const db = createPrismaClient(env.databaseUrl);
    try {
      // The new key is encrypted with THIS shell's SESSION_SECRET (lib/lti/key-encryption.ts): it
      // must be the server's, or the server cannot sign with it. Say so when it looks wrong; do not
      // refuse, because rotating after the secret changed (old key unreadable) is the way out.
      if (!process.env.SESSION_SECRET) process.stderr.write("warning: SESSION_SECRET is not set in this shell: the new key is encrypted with the development default, which a server with its own SESSION_SECRET cannot read.\n");
      const { problem } = await prepareToolKeys(db);
      if (problem) process.stderr.write(`warning: ${problem}\nThe new key is encrypted with this shell's SESSION_SECRET; make sure the server uses the same one.\n`);
      process.stdout.write(`${JSON.stringify(await rotateSigningKey(db))}\n`);
    } finally {
      await db.$disconnect();
    }
    return 0;
  }
  if (area === "outbox" && command === "flush" && rest.length === 0) {
    const db = createPrismaClient(env.databaseUrl);
    try {
      process.stdout.write(`${JSON.stringify(await deliverDueScores(db, { allowInsecure: env.ltiAllowInsecure }))}\n`);
    } finally {
      await db.$disconnect();
    }
    return 0;
  }
  throw new UsageError(area ? `unknown command: ${[area, command].filter(Boolean).join(" ")}` : "no command");
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
