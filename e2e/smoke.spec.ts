import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";

test("the seeded exercise renders its statement math and three steps without console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));

  // The exercise page needs a signed-in student enrolled in a course it is assigned to.
  await signIn(page, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, "/exercises/logistic-regression-gradient");
  await expect(page.getByRole("heading", { level: 1, name: "Logistic regression: the gradient dL/dz" })).toBeVisible();
  // KaTeX rendered on the server: its MathML annotation carries the source LaTeX.
  await expect(page.locator(".statement .katex").first()).toBeVisible();
  await expect(page.locator(".statement annotation").filter({ hasText: "\\sigma(z)" }).first()).toBeAttached();
  await expect(page.getByRole("textbox")).toHaveCount(3);
  expect(errors).toEqual([]);
});

test("the home page shows a signed-out visitor the way in, and the demo student their assigned exercises", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await signIn(page, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Your exercises" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Logistic regression: the gradient dL/dz", exact: true })).toBeVisible();
});
