/**
 * Instructor analytics after `npm run demo:activity`: the demo-activity logic runs against this run's
 * e2e database in beforeAll, then the demo instructor signs in ONCE (sign-in is rate limited per IP)
 * and the tests share that page, in order.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";
import { dbTask } from "./fixtures";

test.describe.configure({ mode: "serial" });

const enrolled = () => dbTask<{ count: number }>("enrolled", courseId).count;

let simulatedNames: string[];
let context: BrowserContext;
let page: Page;
let courseId: string;
let exerciseId: string;

test.beforeAll(async ({ browser }) => {
  // Same logic as `npm run demo:activity`, on the e2e database.
  const demo = dbTask<{ courseId: string; exerciseId: string; names: string[] }>("demo");
  ({ courseId, exerciseId } = demo);
  simulatedNames = demo.names;

  context = await browser.newContext();
  page = await context.newPage();
  const next = `/courses/${courseId}/gradebook`;
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(demoAccounts.instructor.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
});

test.afterAll(async () => {
  await context?.close();
});

test("the gradebook lists the simulated students, sorts, filters and drills down", async () => {
  await page.goto(`/courses/${courseId}/gradebook`);
  await expect(page.getByRole("heading", { level: 1, name: /Gradebook/ })).toBeVisible();
  const table = page.getByRole("region", { name: "Gradebook table" });
  expect(simulatedNames).toHaveLength(25);
  for (const name of simulatedNames) await expect(table.getByRole("link", { name, exact: true })).toBeVisible();
  // A header row, one row per student, and the class average (issue 17 item 8).
  await expect(table.getByRole("row")).toHaveCount(enrolled() + 2);
  await expect(table.getByTitle(/solved after the due date/).first()).toBeVisible();
  await expect(table.getByTitle(/Worked solution revealed/).first()).toBeVisible();

  // Sort by attempts, most first.
  await table.getByRole("link", { name: /^Attempts/ }).click();
  await expect(page).toHaveURL(/sort=attempts&dir=asc/);
  await table.getByRole("link", { name: /^Attempts/ }).click();
  await expect(page).toHaveURL(/sort=attempts&dir=desc/);
  await expect(table.getByRole("columnheader", { name: /Attempts/ })).toHaveAttribute("aria-sort", "descending");
  const counts = await table.locator("tbody tr td:nth-last-child(2)").allTextContents();
  const numbers = counts.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

  // Filter by name.
  await page.getByLabel("Student name or email").fill("Chen");
  await page.getByRole("button", { name: "Filter" }).click();
  // Header, the one student, and the class average of the rows shown.
  await expect(table.getByRole("row")).toHaveCount(3);

  // Drill-down: attempts in time order, with the answer rendered.
  await table.getByRole("link", { name: "Chen Wei" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chen Wei" })).toBeVisible();
  const attempts = page.getByRole("region", { name: "Attempts" });
  await expect(attempts.locator("tbody tr").first()).toBeVisible();
  await expect(attempts.locator("tbody .katex").first()).toBeVisible();
  const times = await attempts.locator("tbody time").evaluateAll((els) => els.map((e) => e.getAttribute("datetime") ?? ""));
  expect(times).toEqual([...times].sort());
});

test("dL/da analytics: the missing −1 is one cluster of its spellings, matched to its known mistake", async () => {
  await page.goto(`/courses/${courseId}/analytics`);
  await page.getByRole("link", { name: "Logistic regression: the gradient dL/dz" }).click();
  await expect(page).toHaveURL(new RegExp(`/analytics/${exerciseId}$`));
  const clusters = page.getByRole("table", { name: /Wrong-answer clusters for step 1 \(dL_da\)/ });
  const spellings = ["y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)", "(y-a)/(a(1-a))", "y/σ(z) - (1-y)/(1-σ(z))"];
  // Exactly one row holds each spelling, and it is the same row for all of them.
  const row = clusters.locator("tbody tr").filter({ has: page.getByText("y/σ(z) - (1-y)/(1-σ(z))", { exact: true }) });
  await expect(row).toHaveCount(1);
  for (const s of spellings) await expect(row.getByText(s, { exact: true }).first()).toBeVisible();
  await expect(row.getByText("Known mistake 1")).toBeVisible();
  // Students per outcome by default; attempts on request (issue 17 item 4).
  await expect(page.getByRole("img", { name: /Students per step/ })).toBeVisible();
  await page.getByRole("link", { name: "attempts", exact: true }).click();
  await expect(page.getByRole("img", { name: /Attempts per step/ })).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
});

test("an unrecognised cluster becomes a known mistake in one click, and past attempts show its feedback", async () => {
  await page.goto(`/courses/${courseId}/analytics/${exerciseId}`);
  const clusters = page.getByRole("table", { name: /Wrong-answer clusters for step 1 \(dL_da\)/ });
  const row = clusters.locator("tbody tr").filter({ has: page.getByText("1/a - 1/(1-a)", { exact: true }) });
  await expect(row.getByText("Unrecognised")).toBeVisible();
  const feedback = "You dropped y: differentiate y·log(a) and (1 − y)·log(1 − a), not log(a) and log(1 − a).";
  await row.getByLabel("Feedback for students who write this").fill(feedback);
  await row.getByRole("button", { name: "Turn into a known mistake" }).click();
  // The exercise is published: the mistake waits in the draft of the next version until published (item 5).
  await expect(page.getByRole("status")).toContainText("Known mistake added to step dL_da in the draft of version");
  await page.getByRole("link", { name: "review and publish the draft" }).click();
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.getByRole("list", { name: /Changes in the draft/ })).toContainText("Step 1 (dL_da): new known mistake");
  await versions.getByRole("button", { name: /^Publish version \d+$/ }).click();
  await expect(versions.getByText(/Students see version \d+/)).toBeVisible();
  await page.goto(`/courses/${courseId}/analytics/${exerciseId}`);

  const after = page.getByRole("table", { name: /Wrong-answer clusters for step 1 \(dL_da\)/ }).locator("tbody tr").filter({ has: page.getByText("1/a - 1/(1-a)", { exact: true }) });
  await expect(after.getByText(/Known mistake \d/)).toBeVisible();
  await expect(after.getByText(feedback)).toBeVisible();
  expect(dbTask<{ count: number }>("stale", exerciseId, feedback).count).toBe(0);
});

test("the gradebook CSV has a header row and one row per student", async () => {
  await page.goto(`/courses/${courseId}/gradebook`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download gradebook (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^gradebook-.*\.csv$/);
  const text = readFileSync((await download.path()) as string, "utf8");
  const lines = text.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^Student,Email,Points,Points possible,Steps solved,Steps total,Attempts,Last activity/);
  expect(lines).toHaveLength(1 + enrolled());
  for (const name of simulatedNames.slice(0, 3)) expect(text).toContain(name);

  const attempts = await page.request.get(`/api/courses/${courseId}/attempts.csv`);
  expect(attempts.status()).toBe(200);
  expect((await attempts.text()).split("\r\n")[0]).toBe("Time,Student,Email,Exercise,Step,Answer,Read as,Verdict,Diagnosis,Feedback,Practice");

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
});

test("addresses that do not exist, or are not this instructor's, answer HTTP 404 (not a streamed 200)", async () => {
  const ok = await page.request.get(`/courses/${courseId}/gradebook`);
  expect(ok.status()).toBe(200);
  for (const path of [
    "/courses/no-such-course/gradebook",
    "/courses/no-such-course/analytics",
    `/courses/${courseId}/analytics/no-such-exercise`,
    `/courses/${courseId}/students/no-such-student`,
    "/author/no-such-exercise",
  ]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Gradebook table");
  }
  // The CSV names the layouts when asked for one that does not exist.
  const csv = await page.request.get(`/api/courses/${courseId}/gradebook.csv?format=bogus`);
  expect(csv.status()).toBe(400);
  expect(await csv.json()).toMatchObject({ error: expect.stringMatching(/use stepwise, canvas, moodle/) });
});
