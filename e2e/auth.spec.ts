import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Fresh addresses per run, so re-running against the same database works. */
const unique = (label: string) => `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
const EXERCISE_TITLE = "Logistic regression: the gradient dL/dz";
const EXERCISE_PATH = "/exercises/logistic-regression-gradient";

/** The form's message (Next's route announcer is also an alert, outside main). */
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

async function fillSignIn(page: Page, email: string, password: string, outcome: "fails" | "succeeds" = "fails") {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // React resets the form when a failed action has finished: only then is the message the new one.
  if (outcome === "fails") await expect(page.getByLabel("Password")).toHaveValue("");
}

test("a new student signs up with the demo join code, sees the course's exercises, signs out and is locked out", async ({ page, context }) => {
  const email = unique("new-student");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Nia Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await page.getByLabel("Course join code (optional)").fill("DEMO-2026");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Your exercises" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Nia Newcomer");
  await expect(page.getByRole("link", { name: EXERCISE_TITLE, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "The derivative of the tanh activation", exact: true })).toBeVisible();

  // The session cookie: httpOnly, SameSite=Lax, not Secure on this plain-http test server, ~30 days.
  const cookie = (await context.cookies()).find((c) => c.name === "stepwise_session");
  expect(cookie).toBeDefined();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29);
  expect(days).toBeLessThanOrEqual(30.01);

  await page.getByRole("link", { name: EXERCISE_TITLE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: EXERCISE_TITLE })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === "stepwise_session")).toBeUndefined();

  await page.goto(EXERCISE_PATH);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fexercises%2Flogistic-regression-gradient$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

  // The old token was deleted server-side: putting the cookie back does not restore the session.
  await context.addCookies([cookie!]);
  await page.goto(EXERCISE_PATH);
  await expect(page).toHaveURL(/\/sign-in\?next=/);

  // Signing in again returns to the page that was asked for.
  await fillSignIn(page, email, "a long enough passphrase", "succeeds");
  // …through the course-less address, to the exercise in the student's course (docs/decisions/009).
  await expect(page).toHaveURL(/\/courses\/[^/]+\/exercises\/logistic-regression-gradient$/);
  await expect(page.getByRole("heading", { level: 1, name: EXERCISE_TITLE })).toBeVisible();
});

test("a wrong password shows a clear message that does not say whether the email exists", async ({ page }) => {
  await page.goto("/sign-in");
  await fillSignIn(page, "student@stepwise.test", "definitely-wrong");
  await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue("student@stepwise.test");
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("after 5 failed attempts sign-in is refused with the wait time", async ({ page }) => {
  const email = unique("target");
  await page.goto("/sign-in");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await fillSignIn(page, email, `guess-number-${attempt}`);
    await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  }
  await fillSignIn(page, email, "guess-number-5");
  await expect(formAlert(page)).toHaveText(/^Too many sign-in attempts\. Try again in \d+ s\.$/);
  const text = (await formAlert(page).textContent()) ?? "";
  const seconds = Number(/in (\d+) s/.exec(text)?.[1]);
  expect(seconds).toBeGreaterThan(800);
  expect(seconds).toBeLessThanOrEqual(900);
});

test("an unknown join code at sign-up is a field error and no account is created", async ({ page }) => {
  const email = unique("bad-code");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Cody Wrong");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("another passphrase");
  await page.getByLabel("Course join code (optional)").fill("NOPE-0000");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("No course has this join code. Check it with your instructor.")).toBeVisible();
  await expect(page.getByLabel("Course join code (optional)")).toHaveAttribute("aria-invalid", "true");

  await page.goto("/sign-in");
  await fillSignIn(page, email, "another passphrase");
  await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
});

test("the demo instructor sees the demo course's roster and join code; students cannot open instructor pages", async ({ page, browser }) => {
  await page.goto("/sign-in");
  await fillSignIn(page, "instructor@stepwise.test", "stepwise-demo-2026", "succeeds");
  await expect(page.getByRole("heading", { level: 1, name: "Your courses" })).toBeVisible();
  await page.getByRole("link", { name: "Mathematics of Deep Learning (demo)" }).click();
  await expect(page.getByTestId("join-code")).toHaveText("DEMO-2026");
  await expect(page.getByRole("cell", { name: "student@stepwise.test" })).toBeVisible();
  await expect(page.getByRole("cell", { name: EXERCISE_TITLE })).toBeVisible();
  const coursePath = new URL(page.url()).pathname;

  const student = await browser.newPage();
  await student.goto("/sign-in");
  await fillSignIn(student, "student@stepwise.test", "stepwise-demo-2026", "succeeds");
  await expect(student.getByRole("heading", { level: 1, name: "Your exercises" })).toBeVisible();
  await student.goto(coursePath);
  // The student's view of the course: exercises, no roster, no join code.
  await expect(student.getByRole("link", { name: EXERCISE_TITLE, exact: true })).toBeVisible();
  await expect(student.getByTestId("join-code")).toHaveCount(0);
  await expect(student.getByText("student@stepwise.test")).toHaveCount(0);
  await student.close();
});

test("sign-in and sign-up pages have no detectable accessibility violations", async ({ page }) => {
  for (const path of ["/sign-in", "/sign-up", "/"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, path).toEqual([]);
  }
});
