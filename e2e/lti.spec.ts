/**
 * LTI 1.3 in Chromium against a mock LMS (lib/lti/testing/mock-platform.ts, a node:http server on
 * 127.0.0.1 with its own keys): the platform is registered with the CLI, an instructor launches a
 * deep-linking request and picks the seed exercise, a student launches the resulting link, solves
 * it and the platform's AGS endpoint receives the score — also when the platform was down while
 * the student solved it.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { answerBox, dbTask, expect, stepCard, test } from "./fixtures";
import { MockPlatform, ROLE_INSTRUCTOR, ROLE_LEARNER, type LaunchSpec } from "../lib/lti/testing/mock-platform";

const port = Number(process.env.E2E_PORT ?? 3200);
const site = `http://127.0.0.1:${port}`;
const EXERCISE_TITLE = "Logistic regression: the gradient dL/dz";
let mock: MockPlatform;
let tool: { login: string; launch: string; jwks: string; deepLinkReturn: string };
let deepLinked: { url: string; custom: Record<string, string>; lineItem: { scoreMaximum: number } } | undefined;
/** The students each test launched (the roster-sync test lists them in the LMS's roster). */
const launched: { solved?: string; down?: string; framed?: string } = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mock = new MockPlatform(`${site}/lti/jwks`, `${site}/lti/launch`);
  await mock.start();
  const r = mock.registration;
  // The CLI's exact contract: one JSON line with the tool's URLs, relative to PUBLIC_URL.
  const out = execFileSync(
    "npm",
    ["run", "-s", "lti", "--", "platform", "add", "--issuer", r.issuer, "--client-id", r.clientId, "--deployment-id", r.deploymentId, "--jwks-url", r.jwksUrl, "--auth-url", r.authUrl, "--token-url", r.tokenUrl],
    {
      encoding: "utf8",
      // The web server's database: PostgreSQL in npm run test:e2e:pg (E2E_DATABASE_URL), else the SQLite file.
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE_FILE ?? "prisma/e2e.db"}`, STEPWISE_LTI_ALLOW_INSECURE: "1", PUBLIC_URL: site },
    },
  );
  tool = JSON.parse(out.trim());
  expect(tool).toEqual({ login: `${site}/lti/login`, launch: `${site}/lti/launch`, jwks: `${site}/lti/jwks`, deepLinkReturn: `${site}/lti/deep-link` });
});

test.afterAll(async () => {
  await mock?.stop();
});

const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) =>
  r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);

async function solve(page: Page) {
  const steps: [title: string, answer: string][] = [
    ["dL/da", "(a-y)/(a(1-a))"],
    ["da/dz", "σ(z)(1\u2212σ(z))"],
    ["dL/dz", "a \u2212 y"],
  ];
  for (const [title, answer] of steps) {
    await answerBox(page, title).fill(answer);
    await answerBox(page, title).press("Enter");
    await expect(stepCard(page, title).getByRole("status")).toContainText("Correct.");
  }
  await expect(page.getByRole("heading", { name: "Exercise complete" })).toBeVisible();
}

function studentLaunch(sub: string, lineItem: string): LaunchSpec {
  if (!deepLinked) throw new Error("the deep-linking test runs first");
  return { sub, name: `Student ${sub}`, roles: [ROLE_LEARNER], targetLinkUri: deepLinked.url, custom: deepLinked.custom, resourceLinkId: `link-${sub}`, lineItem };
}

const scoreOf = (sub: string) => () => mock.scores.filter((s) => s.body.userId === sub).at(-1)?.body.scoreGiven;

test("an instructor launched from the LMS deep-links the seed exercise", async ({ page }) => {
  await page.goto(mock.loginUrl(tool.login, { sub: "teacher-e2e", name: "Tess Teacher", roles: [ROLE_INSTRUCTOR], messageType: "LtiDeepLinkingRequest", targetLinkUri: tool.deepLinkReturn }));
  await expect(page.getByRole("heading", { name: "Choose an exercise for your course" })).toBeVisible();
  expect(new URL(page.url()).pathname).toMatch(/^\/lti\/deep-link\/[^/]+$/);
  await expect(page.getByText("Tess Teacher (instructor)")).toBeVisible();
  expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);

  await page.getByRole("button", { name: `Add ${EXERCISE_TITLE} to the course` }).click();
  // The tool's signed response went back through the browser to the platform, which verified it.
  await expect(page.getByRole("heading", { name: "Deep link received" })).toBeVisible();
  await expect(page.getByText(EXERCISE_TITLE)).toBeVisible();
  expect(mock.deepLinks).toHaveLength(1);
  const items = mock.deepLinks[0]!.payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"] as (typeof deepLinked & { type: string })[];
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ type: "ltiResourceLink", url: `${site}/exercises/logistic-regression-gradient`, lineItem: { scoreMaximum: 3 } });
  deepLinked = items[0];
});

test("a student launched from the LMS solves the exercise and the platform receives the score", async ({ page }) => {
  const sub = `learner-${Date.now()}`;
  launched.solved = sub;
  await page.goto(mock.loginUrl(tool.login, studentLaunch(sub, mock.lineItemUrl("e2e-1"))));
  await page.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await expect(page.getByRole("heading", { name: EXERCISE_TITLE })).toBeVisible();
  await expect(page.getByText(`Student ${sub}`)).toBeVisible();
  expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
  await solve(page);
  await expect.poll(scoreOf(sub), { timeout: 20_000 }).toBe(3);
  const last = mock.scores.filter((s) => s.body.userId === sub).at(-1)!;
  expect(last.lineItemPath).toBe("/mod/lti/services.php/2/lineitems/e2e-1/lineitem");
  expect(last.query).toBe("?type_id=1");
  expect(last.body).toMatchObject({ scoreMaximum: 3, activityProgress: "Completed", gradingProgress: "FullyGraded" });
});

test("the platform is down while the student solves: the score arrives after it comes back", async ({ page }) => {
  const sub = `learner-down-${Date.now()}`;
  launched.down = sub;
  await page.goto(mock.loginUrl(tool.login, studentLaunch(sub, mock.lineItemUrl("e2e-2"))));
  await page.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  const mockPort = mock.port;
  await mock.stop();
  await solve(page);
  // The delivery loop has tried and failed at least once; the score waits in the outbox.
  await expect
    .poll(() => dbTask<{ status: string; attempts: number }[]>("lti-outbox", sub)[0]?.attempts ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(0);
  expect(scoreOf(sub)()).toBeUndefined();
  await mock.start(mockPort);
  await expect.poll(scoreOf(sub), { timeout: 30_000 }).toBe(3);
  expect(dbTask<{ status: string }[]>("lti-outbox", sub)).toEqual([expect.objectContaining({ status: "SENT", scoreGiven: 3 })]);
});

test("a launch that fails verification is refused with a page, and no one is signed in", async ({ page }) => {
  // A state the tool never issued, posted without its cookie (a forged or replayed launch).
  await page.goto(`${site}/`);
  const status = await page.evaluate(async (url) => {
    const body = new URLSearchParams({ id_token: "x.y.z", state: "forged-state" });
    const r = await fetch(url, { method: "POST", body });
    return { status: r.status, text: await r.text() };
  }, tool.launch);
  expect(status.status).toBe(401);
  expect(status.text).toContain("This launch from your learning platform was refused");
  await page.goto("/progress");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("framing stays forbidden everywhere but the LTI endpoints that set their own rule", async ({ request }) => {
  for (const path of ["/", "/lti/jwks", "/lti/link", "/lti/deep-link/nope", "/exercises/logistic-regression-gradient"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  const refused = await request.post(tool.launch, { form: { id_token: "x.y.z", state: "forged" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["x-frame-options"]).toBeUndefined();
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});

test("an iframe launch opens the exercise in a new window, signed in there", async ({ page, context }) => {
  const sub = `learner-framed-${Date.now()}`;
  launched.framed = sub;
  const spec = { ...studentLaunch(sub, mock.lineItemUrl("e2e-3")), claims: { "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": { document_target: "iframe" } } };
  await page.goto(mock.url(`/frame?src=${encodeURIComponent(mock.loginUrl(tool.login, spec))}`));
  const frame = page.frameLocator('iframe[title="Stepwise activity"]');
  const open = frame.getByRole("link", { name: "Open the exercise in a new window" });
  await expect(open).toBeVisible();
  const [popup] = await Promise.all([context.waitForEvent("page"), open.click()]);
  await popup.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await expect(popup.getByRole("heading", { name: EXERCISE_TITLE })).toBeVisible();
  await expect(popup.getByText(`Student ${sub}`)).toBeVisible();
  // The hand-off link works once.
  const again = await popup.request.get(await open.getAttribute("href").then((h) => new URL(h!, site).toString()));
  expect(again.status()).toBe(410);
});

test("the instructor's LMS page shows the tool's URLs, the platform and the grades sent", async ({ page }) => {
  if (!deepLinked) throw new Error("the deep-linking test runs first");
  await page.goto(mock.loginUrl(tool.login, { sub: "teacher-e2e", name: "Tess Teacher", roles: [ROLE_INSTRUCTOR], targetLinkUri: deepLinked.url, custom: deepLinked.custom, resourceLinkId: "link-teacher", lineItem: mock.lineItemUrl("e2e-1") }));
  await page.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await page.getByRole("link", { name: "LMS" }).click();
  await expect(page.getByRole("heading", { name: "Learning platforms (LTI 1.3)" })).toBeVisible();
  await expect(page.getByText(tool.login)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: mock.issuer })).toBeVisible();
  // The two students' scores of this course (the framed student answered nothing).
  await expect(page.getByText("2 sent · 0 waiting.")).toBeVisible();
  expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
});

test("the instructor syncs the course roster from the LMS (NRPS): newcomers enrolled, leavers unenrolled", async ({ page }) => {
  if (!deepLinked || !launched.solved || !launched.down || !launched.framed) throw new Error("the launch tests run first");
  // The LMS course (context "course-1"): one newcomer, one student inactive, the framed student gone.
  mock.rosters.set("course-1", [
    { user_id: "teacher-e2e", roles: [ROLE_INSTRUCTOR], name: "Tess Teacher" },
    { user_id: launched.solved, roles: [ROLE_LEARNER] },
    { user_id: launched.down, roles: [ROLE_LEARNER], status: "Inactive" },
    { user_id: "learner-from-roster", roles: [ROLE_LEARNER], name: "Rosa Roster" },
  ]);
  await page.goto(mock.loginUrl(tool.login, { sub: "teacher-e2e", name: "Tess Teacher", roles: [ROLE_INSTRUCTOR], targetLinkUri: deepLinked.url, custom: deepLinked.custom, resourceLinkId: "link-teacher", lineItem: mock.lineItemUrl("e2e-1") }));
  await page.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await page.goto(new URL(page.url()).pathname.replace(/\/exercises\/.*$/, ""));
  const students = page.getByRole("region", { name: "Students" });
  await expect(students.getByRole("link", { name: `Student ${launched.framed}` })).toBeVisible();
  await page.getByRole("button", { name: "Sync roster from LMS" }).click();
  await expect(page.getByRole("form", { name: "Sync roster from LMS" }).getByRole("status")).toHaveText("4 members: 1 added, 2 now inactive.");
  await expect(students.getByRole("link", { name: "Rosa Roster" })).toBeVisible();
  await expect(students.getByRole("link", { name: `Student ${launched.solved}` })).toBeVisible();
  await expect(students.getByRole("link", { name: `Student ${launched.framed}` })).toHaveCount(0);
  await expect(students.getByRole("link", { name: `Student ${launched.down}` })).toHaveCount(0);
  expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
});

test("dynamic registration: the instructor makes a registration URL, the LMS opens it and the platform is registered", async ({ page }) => {
  if (!deepLinked) throw new Error("the deep-linking test runs first");
  await page.goto(mock.loginUrl(tool.login, { sub: "teacher-e2e", name: "Tess Teacher", roles: [ROLE_INSTRUCTOR], targetLinkUri: deepLinked.url, custom: deepLinked.custom, resourceLinkId: "link-teacher", lineItem: mock.lineItemUrl("e2e-1") }));
  await page.waitForURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await page.goto("/lti");
  await page.getByRole("button", { name: "Create a registration URL" }).click();
  const status = page.getByRole("form", { name: "Create a registration URL" }).getByRole("status");
  await expect(status).toContainText(`${site}/lti/register?invite=`);
  const url = new URL(/(http\S+)/.exec((await status.textContent()) ?? "")![1]!);
  // What the LMS does: open it with its OpenID configuration and a registration token.
  url.searchParams.set("openid_configuration", mock.openidConfigurationUrl);
  url.searchParams.set("registration_token", mock.registrationToken);
  const before = mock.registrations.length;
  const response = await page.request.get(url.toString());
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Stepwise is registered");
  expect(response.headers()["content-security-policy"]).toContain(`frame-ancestors ${mock.issuer};`);
  expect(mock.registrations.slice(before)).toEqual([expect.objectContaining({ authorization: `Bearer ${mock.registrationToken}` })]);
  // Without the invite, the same request is refused and registers nothing.
  url.searchParams.delete("invite");
  const refused = await page.request.get(url.toString());
  expect(refused.status()).toBe(403);
  expect(mock.registrations.length).toBe(before + 1);
});
