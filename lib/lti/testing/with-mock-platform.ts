/**
 * Shared set-up of the LTI unit tests (test-only): a test database (seeded: the demo course and the
 * seed exercises), a mock LMS platform on loopback (./mock-platform.ts) whose keys check the tool's
 * JWKS from that database, the platform registered; torn down after the file's tests.
 *
 *   const lti = withMockPlatform();
 *   const { result } = await lti.launch({ sub: "s1", roles: [ROLE_LEARNER], targetLinkUri: lti.exerciseUrl() });
 *   const user = await lti.launchUser({ ... });   // a launch that must succeed → the signed-in user
 *
 * `t` and `mock` are read after beforeAll ran (inside tests and hooks).
 */
import { afterAll, beforeAll } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import type { CurrentUser } from "@/lib/auth/types";
import { upsertPlatform } from "../platforms";
import { startLogin } from "../login";
import { handleLaunch, type HandledLaunch, type LaunchForm } from "../launch-handler";
import { publicJwks } from "../keys";
import { MockPlatform, type LaunchSpec } from "./mock-platform";

export const PUBLIC_URL = "http://127.0.0.1:3999";
export const SEED_SLUG = "logistic-regression-gradient";

export type LaunchSettings = Parameters<typeof handleLaunch>[2];
export type MockPlatformEnv = {
  readonly t: TestDb;
  readonly mock: MockPlatform;
  /** The tool's launch settings: loopback http allowed, PUBLIC_URL. */
  readonly settings: LaunchSettings;
  /** A seed exercise's page on this site (a pasted tool URL). */
  exerciseUrl(slug?: string): string;
  /** Login initiation as the platform starts it: the state and nonce the tool issued, its redirect. */
  login(spec: LaunchSpec): Promise<{ state: string; nonce: string; redirect: URL }>;
  /** Login, then the launch (the platform's id_token, or `alter.token`'s; the state cookie, or `alter.cookieState`). */
  launch(spec: LaunchSpec, alter?: { token?: (nonce: string) => Promise<string>; cookieState?: string | null; settings?: Partial<LaunchSettings> }): Promise<{ result: HandledLaunch; form: LaunchForm }>;
  /** A launch that must succeed; the account it signed in. */
  launchUser(spec: LaunchSpec): Promise<CurrentUser>;
};

/** `register: false` leaves the platform unregistered (dynamic registration tests register it). */
export function withMockPlatform(options: { seeded?: boolean; register?: boolean; settings?: Partial<LaunchSettings> } = {}): MockPlatformEnv {
  let t: TestDb | undefined;
  let mock: MockPlatform | undefined;
  const settings: LaunchSettings = { allowInsecure: true, publicUrl: PUBLIC_URL, ...options.settings };

  beforeAll(async () => {
    t = await createTestDb({ seeded: options.seeded ?? true });
    const db = t.db;
    mock = new MockPlatform(() => publicJwks(db), `${PUBLIC_URL}/lti/launch`);
    await mock.start();
    if (options.register !== false) await upsertPlatform(db, mock.registration);
  });
  afterAll(async () => {
    await mock?.stop();
    await t?.cleanup();
  });

  const env: MockPlatformEnv = {
    get t() {
      if (!t) throw new Error("withMockPlatform: the test database exists once beforeAll has run");
      return t;
    },
    get mock() {
      if (!mock) throw new Error("withMockPlatform: the mock platform exists once beforeAll has run");
      return mock;
    },
    settings,
    exerciseUrl: (slug = SEED_SLUG) => `${PUBLIC_URL}/exercises/${slug}`,
    async login(spec) {
      const params = Object.fromEntries(new URL(env.mock.loginUrl(`${PUBLIC_URL}/lti/login`, spec)).searchParams);
      const result = await startLogin(env.t.db, params, PUBLIC_URL);
      if (!result.ok) throw new Error(result.reason);
      const redirect = new URL(result.redirectUrl);
      return { state: result.state, nonce: redirect.searchParams.get("nonce")!, redirect };
    },
    async launch(spec, alter = {}) {
      const { state, nonce } = await env.login(spec);
      const idToken = alter.token ? await alter.token(nonce) : await env.mock.idToken(spec, nonce);
      const form: LaunchForm = { idToken, state, error: null, errorDescription: null, cookieState: alter.cookieState === undefined ? state : alter.cookieState };
      const result = await handleLaunch(env.t.db, form, { ...settings, ...alter.settings });
      return { result, form };
    },
    async launchUser(spec) {
      const { result } = await env.launch(spec);
      if (!result.ok) throw new Error(result.reason);
      return env.t.db.user.findUniqueOrThrow({ where: { id: result.userId }, select: { id: true, email: true, name: true, role: true } });
    },
  };
  return env;
}
