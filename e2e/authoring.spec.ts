import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { demoAccounts, demoCourse, DEMO_PASSWORD } from "../prisma/fixtures";

/**
 * The instructor's round: create an exercise with two variables and two steps in the editor,
 * see publishing refused by a failing question test (the row is named), fix it, publish into the
 * demo course; then the demo student, in a separate browser context, sees and solves it.
 * Two sign-ins per run (sign-in is rate limited per IP).
 */
async function signIn(page: Page, email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}

test("an instructor authors, tests and publishes an exercise that a student then solves", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = `area-${randomUUID().slice(0, 6)}`;
  const title = `Partial derivatives of x²y (${slug})`;

  await signIn(page, demoAccounts.instructor.email, "/author");
  await page.getByRole("link", { name: "New exercise" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New exercise" })).toBeVisible();

  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel(/^Statement/).fill("Let $f(x, y) = x^2 y$. Find both partial derivatives.");
  await expect(page.getByRole("region", { name: "Preview" }).locator(".katex").first()).toBeVisible();

  // Two variables: x (the default) and y.
  await page.getByRole("button", { name: "Add variable" }).click();
  const y = page.getByRole("group", { name: "Variable 2" });
  await expect(y.getByLabel("Name")).toHaveValue("y");
  await y.getByLabel("Minimum").fill("1");
  await y.getByLabel("Maximum").fill("3");

  const step1 = page.getByRole("group", { name: "Step 1", exact: true });
  await step1.getByLabel("Key").fill("dx");
  await step1.getByLabel("Title (LaTeX)").fill("\\frac{\\partial f}{\\partial x}");
  // Live validation: an undeclared variable is located under the field as the author types.
  await step1.getByLabel("Expected answer").fill("2*x*w");
  await expect(step1.getByText(/Error: .*\bw\b/)).toBeVisible();
  await step1.getByLabel("Expected answer").fill("2xy");
  await expect(step1.getByText(/Error: .*\bw\b/)).toHaveCount(0);
  // A question test that fails: 2x is not the derivative.
  await step1.getByRole("button", { name: "Add question test" }).click();
  await step1.getByLabel("Test 1 answer").fill("2x");
  await step1.getByLabel("Test 1 expected verdict").selectOption("correct");

  await page.getByRole("button", { name: "Add step" }).click();
  const step2 = page.getByRole("group", { name: "Step 2", exact: true });
  await step2.getByLabel("Key").fill("dy");
  await step2.getByLabel("Title (LaTeX)").fill("\\frac{\\partial f}{\\partial y}");
  await step2.getByLabel("Expected answer").fill("x^2");

  await expect(page.getByText(/Live check: 1 error/)).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/author\/[^/]+\?saved=1$/);
  // The tests ran on save: the failing row is in the results table.
  const results = page.getByRole("region", { name: "Question tests" });
  await expect(results.getByRole("row").filter({ hasText: "FAIL" })).toHaveCount(1);
  // The save navigates (router.replace, then a refresh): let the new page's <title> arrive before axe
  // reads the document (under load axe once ran in between and reported "document-title").
  await expect(page).toHaveTitle(/\S/);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // Publishing is refused, naming the failing row and what the engine said.
  await page.getByLabel("Assign to course on publish").selectOption({ label: demoCourse.title });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Publishing refused: 1 question test fail/)).toBeVisible();
  await expect(page.getByText('step 1 (dx), question test row 1: "2x" should be correct but the engine says incorrect')).toBeVisible();

  // Fix the test (2x is a wrong answer), save, publish.
  await page.getByRole("group", { name: "Step 1", exact: true }).getByLabel("Test 1 expected verdict").selectOption("incorrect");
  await expect(page.getByText(/Live check: no errors/)).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved version 1\./)).toBeVisible();
  await expect(results.getByRole("row").filter({ hasText: "FAIL" })).toHaveCount(0);
  await page.getByLabel("Assign to course on publish").selectOption({ label: demoCourse.title });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();

  // Preview as student grades without recording anything.
  await page.getByRole("link", { name: "Preview as student" }).click();
  await expect(page.getByText(/Nothing you do here is recorded/)).toBeVisible();
  await page.getByRole("textbox", { name: "Answer for ∂f/∂x" }).fill("2x");
  await page.getByRole("button", { name: "Check answer for ∂f/∂x" }).click();
  await expect(page.getByText("Not yet.")).toBeVisible();
  await page.getByRole("textbox", { name: "Answer for ∂f/∂x" }).fill("2yx");
  await page.getByRole("button", { name: "Check answer for ∂f/∂x" }).click();
  await expect(page.getByText("Correct.")).toBeVisible();
  // Nothing was recorded: the editor still counts no attempt.
  await page.getByRole("link", { name: "Back to the editor" }).click();
  await expect(page.getByText("No student has attempted this exercise yet.")).toBeVisible();

  // The demo student, in a separate browser context.
  const studentContext = await browser.newContext();
  try {
    const student = await studentContext.newPage();
    await signIn(student, demoAccounts.student.email, "/");
    await student.goto(`/exercises/${slug}`);
    await expect(student.getByRole("heading", { level: 1, name: title })).toBeVisible();
    for (const [name, answer] of [
      ["∂f/∂x", "2xy"],
      ["∂f/∂y", "x^2"],
    ] as const) {
      await student.getByRole("textbox", { name: `Answer for ${name}` }).fill(answer);
      await student.getByRole("button", { name: `Check answer for ${name}` }).click();
    }
    await expect(student.getByText("Correct.")).toHaveCount(2);
    await expect(student.getByRole("heading", { name: "Exercise complete" })).toBeVisible();
  } finally {
    await studentContext.close();
  }
  // The student's Checks were recorded (unlike the preview's).
  await page.reload();
  await expect(page.getByText(/^2 attempts in all/)).toBeVisible();

  // Change step 2's key; saving makes version 2 (attempts exist); regrading reports the changed verdict.
  await page.getByRole("group", { name: "Step 2", exact: true }).getByLabel("Expected answer").fill("2x^2");
  await expect(page.getByText(/saving\s+creates version 2/)).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Published: the change is staged, invisible to students until published (issue 17 item 5).
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.getByText(/Draft of version 2/)).toBeVisible();
  await expect(versions.getByRole("list", { name: "Changes in the draft of version 2" })).toContainText("Step 2 (dy): expected answer");
  await versions.getByRole("button", { name: "Publish version 2" }).click();
  await expect(versions.getByText(/Students see version 2/)).toBeVisible();
  await page.getByRole("button", { name: "Regrade all attempts under version 2" }).click();
  const regrade = page.getByRole("region", { name: "Regrade past attempts" });
  await expect(regrade.getByText(/Regraded 2 attempts under version 2: 1 verdict changed, 1 unchanged/)).toBeVisible();
  await expect(regrade.getByRole("row").filter({ hasText: demoAccounts.student.name })).toContainText(/dy\s*x\^2\s*correct\s*incorrect/);

  // Import from the UI: a bad file is rejected whole, with its problems listed by JSON path.
  await page.goto("/author");
  const bad = { format: "stepwise.exercises", version: 1, exercises: [{ slug: slug, title: 7, statement: "", variables: [{ name: "x", range: [0, 1] }], steps: [{ key: "s", title: "s", prompt: "", expected: "x + q" }] }] };
  await page.getByLabel("JSON file").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByRole("button", { name: "Import" }).click();
  const importRegion = page.getByRole("region", { name: "Import exercises" });
  await expect(importRegion.getByText(/nothing was changed/)).toBeVisible();
  await expect(importRegion.getByRole("listitem").filter({ hasText: "exercises[0].title" })).toBeVisible();
  await expect(importRegion.getByRole("listitem").filter({ hasText: `exercises[0].slug: an exercise with slug "${slug}" already exists` })).toBeVisible();
});
