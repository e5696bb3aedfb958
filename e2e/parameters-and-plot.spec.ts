/**
 * Per-student parameters and the plot of an answer (issue 16): two students see different λ in the
 * same exercise and each is graded against their own; after an incorrect answer a student opens a
 * plot of it (SVG with a table), which shows no curve of the key before the solution is available.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { answerBox, createEnrolledStudent, dbTask, expect, signIn, stepCard, test, type Account } from "./fixtures";

const SLUG = "ridge-regression-gradient";
const PATH = `/exercises/${SLUG}`;
const lamOf = (s: Account) => dbTask<{ lam: number }>("params", SLUG, s.id).lam;
/** dL/dw with the student's own λ typed as a number. */
const keyWith = (lam: number) => `2(wx + b - y)x + ${Number((2 * lam).toPrecision(12))}w`;

test("two students get different weight decays; each is graded against their own", async ({ browser }) => {
  const first = createEnrolledStudent("ridge-a");
  let second = createEnrolledStudent("ridge-b");
  for (let i = 0; i < 8 && lamOf(second) === lamOf(first); i++) second = createEnrolledStudent(`ridge-b${i}`);
  const [lam1, lam2] = [lamOf(first), lamOf(second)];
  expect(lam1).not.toBe(lam2);

  for (const [student, own, other] of [
    [first, lam1, lam2],
    [second, lam2, lam1],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, student, PATH);
    await expect(page.getByText(`Your numbers for this exercise: lam = ${own}`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Problem statement" })).toContainText(String(own));
    const card = stepCard(page, "∂L/∂w");
    await answerBox(page, "∂L/∂w").fill(keyWith(other));
    await answerBox(page, "∂L/∂w").press("Enter");
    await expect(card.getByRole("status")).toContainText("Not yet");
    await answerBox(page, "∂L/∂w").fill(keyWith(own));
    await answerBox(page, "∂L/∂w").press("Enter");
    await expect(card.getByRole("status")).toContainText("Correct.");
    // Reload: the same number (drawn once per student).
    await page.reload();
    await expect(page.getByText(`Your numbers for this exercise: lam = ${own}`)).toBeVisible();
    await context.close();
  }
});

test("after an incorrect answer the student can open a plot of it, which keeps the key hidden", async ({ page, student }) => {
  await signIn(page, student, "/exercises/logistic-regression-gradient");
  const card = stepCard(page, "dL/dz");
  await answerBox(page, "dL/dz").fill("2a - 2y");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(card.getByRole("status")).toContainText("Not yet");
  await card.getByRole("button", { name: "Show a plot of your answer for dL/dz" }).click();
  const figure = card.getByRole("figure");
  await expect(figure.getByRole("img", { name: /Your dL\/dz as z goes from -4 to 4/ })).toBeVisible();
  await expect(figure).toContainText("too high");
  // Before the solution is available: one curve (the student's), and no column of correct values.
  expect(await figure.locator("svg path").count()).toBe(1);
  await figure.getByText("The plot as a table").click();
  await expect(figure.getByRole("columnheader", { name: "Correct" })).toHaveCount(0);
  await expect(figure.getByRole("columnheader", { name: "Yours" })).toBeVisible();

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});
