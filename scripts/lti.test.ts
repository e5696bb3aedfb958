/**
 * The LTI CLI's contract (issue 19): `npm run -s lti -- platform add …` prints ONE JSON line with
 * the tool's URLs relative to PUBLIC_URL; bad input is a clear error, a non-zero exit, nothing stored.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

const run = promisify(execFile);
const requireHere = createRequire(import.meta.url);
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

const ADD = ["platform", "add", "--issuer", "http://127.0.0.1:4100", "--client-id", "client-1", "--deployment-id", "dep-1", "--jwks-url", "http://127.0.0.1:4100/jwks", "--auth-url", "http://127.0.0.1:4100/auth", "--token-url", "http://127.0.0.1:4100/token"];

async function cli(args: string[], env: Record<string, string> = {}, viaNpm = false) {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, PORT: "3456" };
  for (const name of ["PUBLIC_URL", "APP_URL", "STEPWISE_LTI_ALLOW_INSECURE"]) delete base[name];
  Object.assign(base, env);
  const [cmd, argv] = viaNpm ? ["npm", ["run", "-s", "lti", "--", ...args]] : [process.execPath, [requireHere.resolve("tsx/cli"), "scripts/lti.ts", ...args]];
  try {
    const { stdout, stderr } = await run(cmd as string, argv as string[], { env: base, cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run -s lti -- platform add", () => {
  it("registers the platform and prints one JSON line of the tool's URLs (PUBLIC_URL)", async () => {
    const out = await cli(ADD, { PUBLIC_URL: "https://stepwise.example.org", STEPWISE_LTI_ALLOW_INSECURE: "1" }, true);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(out.stdout)).toEqual({
      login: "https://stepwise.example.org/lti/login",
      launch: "https://stepwise.example.org/lti/launch",
      jwks: "https://stepwise.example.org/lti/jwks",
      deepLinkReturn: "https://stepwise.example.org/lti/deep-link",
    });
    const platform = await t.db.ltiPlatform.findFirstOrThrow({ where: { issuer: "http://127.0.0.1:4100" }, include: { deployments: true } });
    expect(platform).toMatchObject({ clientId: "client-1", jwksUrl: "http://127.0.0.1:4100/jwks", authUrl: "http://127.0.0.1:4100/auth", tokenUrl: "http://127.0.0.1:4100/token" });
    expect(platform.deployments.map((d) => d.deploymentId)).toEqual(["dep-1"]);
  });

  it("defaults to http://localhost:PORT and updates the same issuer + client id, adding a deployment", async () => {
    const args = ADD.map((a) => (a === "dep-1" ? "dep-2" : a === "http://127.0.0.1:4100/token" ? "http://127.0.0.1:4100/token2" : a));
    const out = await cli(args, { STEPWISE_LTI_ALLOW_INSECURE: "1" });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).login).toBe("http://localhost:3456/lti/login");
    const platforms = await t.db.ltiPlatform.findMany({ include: { deployments: true } });
    expect(platforms).toHaveLength(1);
    expect(platforms[0]!.tokenUrl).toBe("http://127.0.0.1:4100/token2");
    expect(platforms[0]!.deployments.map((d) => d.deploymentId).sort()).toEqual(["dep-1", "dep-2"]);
  });

  it("refuses plain http without STEPWISE_LTI_ALLOW_INSECURE=1, and http off loopback always", async () => {
    const insecure = await cli(ADD.map((a) => a.replace("client-1", "client-x")));
    expect(insecure.code).toBe(2);
    expect(insecure.stdout).toBe("");
    expect(insecure.stderr).toMatch(/error: Issuer: .*STEPWISE_LTI_ALLOW_INSECURE=1/);
    const remote = await cli(ADD.map((a) => a.replace("client-1", "client-x").replace("http://127.0.0.1:4100/jwks", "http://lms.example/jwks")), { STEPWISE_LTI_ALLOW_INSECURE: "1" });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/error: Platform JWKS URL: .*must use https/);
    expect(await t.db.ltiPlatform.count({ where: { clientId: "client-x" } })).toBe(0);
  });

  it("names a missing value, an unknown flag and an unknown command", async () => {
    const missing = await cli(ADD.slice(0, -2), { STEPWISE_LTI_ALLOW_INSECURE: "1" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: Token URL is required/);
    const unknown = await cli([...ADD, "--secret", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown argument "--secret"/);
    const noValue = await cli(["platform", "add", "--issuer"]);
    expect(noValue.stderr).toMatch(/--issuer needs a value/);
    const command = await cli(["platform", "remove"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command: platform remove/);
  });
});

describe("npm run -s lti -- keys rotate", () => {
  it("encrypts the new key with the shell's SESSION_SECRET and warns when that cannot be the server's", async () => {
    const secret = "shell-secret-".repeat(4);
    const first = await cli(["keys", "rotate"], { SESSION_SECRET: secret });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    const { kid } = JSON.parse(first.stdout) as { kid: string };
    const row = await t.db.ltiKey.findUniqueOrThrow({ where: { kid } });
    expect(row.privateJwk.split(".")).toHaveLength(5); // a compact JWE, not JSON
    // Another secret in the shell: the current key does not open; rotation still works (the way out), with a warning.
    const other = await cli(["keys", "rotate"], { SESSION_SECRET: "other-secret-".repeat(4) });
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(new RegExp(`warning: The LTI tool's private key ${kid} cannot be decrypted.*make sure the server uses the same one`, "s"));
    // No secret at all: the development default, said plainly.
    const unset = await cli(["keys", "rotate"], { SESSION_SECRET: "" });
    expect(unset.code).toBe(0);
    expect(unset.stderr).toMatch(/warning: SESSION_SECRET is not set in this shell/);
  });
});
