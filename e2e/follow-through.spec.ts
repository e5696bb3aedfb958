/**
 * Follow-through (error carried forward): the chain-rule mistake in step 1, then step 3 multiplied
 * out correctly from it, is "carried forward" with a pointer to step 1 — not a second wrong step.
 * Fixing step 1 makes step 3's status follow; the instructor's gradebook shows the status.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { answerBox, dbTask, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";

test("a step done right from a wrong earlier step is carried forward, points at it, and follows its fix", async ({ page, student, browser }) => {
  await signIn(page, student, EXERCISE_PATH);

  // Step 1 with the classic mistake: the −1 of d(1−a)/da forgotten.
  await answerBox(page, "dL/da").fill("-y/a - (1-y)/(1-a)");
  await answerBox(page, "dL/da").press("Enter");
  await expect(stepCard(page, "dL/da").getByRole("status")).toContainText("Not yet");
  // Step 2 right.
  await answerBox(page, "da/dz").fill("a(1-a)");
  await answerBox(page, "da/dz").press("Enter");
  await expect(stepCard(page, "da/dz").getByRole("status")).toContainText("Correct.");

  // Step 3: the student's own (wrong) dL/da times da/dz, multiplied out correctly.
  const step3 = stepCard(page, "dL/dz");
  await answerBox(page, "dL/dz").fill("-(y + a - 2ay)");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(step3.getByRole("status")).toContainText("Right method, wrong premises");
  await expect(step3.getByRole("status")).toContainText("dL/da (step 1)");
  await expect(step3.getByText("↪ Follows from an earlier step")).toBeVisible();
  // It is not a wrong attempt: the worked solution does not come nearer.
  await expect(step3.getByText("Attempts: 1")).toBeVisible();
  await expect(step3.getByText("(1 incorrect)")).toHaveCount(0);

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  // The status survives a reload (it is stored, not only shown).
  await page.reload();
  await expect(stepCard(page, "dL/dz").getByText("↪ Follows from an earlier step")).toBeVisible();

  // The instructor's gradebook shows it.
  const { courseId } = dbTask<{ courseId: string }>("demo-course");
  const instructor = await browser.newContext();
  const ip = await instructor.newPage();
  await signIn(ip, { email: demoAccounts.instructor.email, password: DEMO_PASSWORD }, `/courses/${courseId}/gradebook`);
  const row = ip.getByRole("row").filter({ has: ip.getByRole("rowheader").filter({ hasText: student.email }) });
  await expect(row.getByText("+1 carried forward")).toBeVisible();
  await instructor.close();

  // The page was reloaded (a verdict is shown only after a check): check step 3 again, still carried forward.
  await answerBox(page, "dL/dz").press("Enter");
  await expect(stepCard(page, "dL/dz").getByText("Attempts: 2")).toBeVisible();
  await expect(step3.getByRole("status")).toContainText("Right method, wrong premises");

  // Fixing step 1: step 3 no longer follows from it, so its status follows (history is kept).
  await answerBox(page, "dL/da").fill("-y/a + (1-y)/(1-a)");
  await answerBox(page, "dL/da").press("Enter");
  await expect(stepCard(page, "dL/da").getByRole("status")).toContainText("Correct.");
  await expect(stepCard(page, "dL/dz").getByText("↪ Follows from an earlier step")).toHaveCount(0);
  // The verdict shown under step 3 says it belongs to the earlier answer.
  await expect(step3.getByRole("status")).toContainText("Your earlier answer has changed since");
  await page.reload();
  await expect(stepCard(page, "dL/dz").getByText("↪ Follows from an earlier step")).toHaveCount(0);
  await expect(stepCard(page, "dL/dz").getByText("Attempts: 2")).toBeVisible();
});
