/**
 * Destructive actions ask first (issue #13 item 9): revoke a join code, remove a student, delete a
 * draft exercise. The question is a native modal <dialog>, used here with the keyboard only, and
 * checked with axe while open.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { dbTask, expect, signIn, test } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";

type World = { courseId: string; joinCode: string; studentName: string; draftTitle: string };
const instructor = { email: demoAccounts.instructor.email, password: DEMO_PASSWORD };

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("revoke code, remove student and delete draft ask in an accessible dialog, by keyboard; Escape and Cancel change nothing", async ({ page }) => {
  const world = dbTask<World>("confirm-world");
  await signIn(page, instructor, `/courses/${world.courseId}`);

  // Revoke the join code: reach the button by keyboard, open, Escape, nothing happened.
  const revoke = page.getByRole("button", { name: "Revoke code" });
  await revoke.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Revoke the join code?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeFocused();
  await expect(page.getByTestId("join-code")).toHaveText(world.joinCode);

  // Again, and confirm with Tab + Enter.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Revoke code" })).toBeFocused();
  await page.keyboard.press("Enter");
  // (The revoke form, and with it its own status line, is gone once there is no code.)
  await expect(page.getByText("Joining is closed")).toBeVisible();
  await expect(page.getByTestId("join-code")).toHaveCount(0);

  // Remove the student: Cancel keeps them; confirming removes them.
  const remove = page.getByRole("button", { name: `Remove ${world.studentName} from the course` });
  await remove.focus();
  await page.keyboard.press("Enter");
  const removeDialog = page.getByRole("dialog", { name: `Remove ${world.studentName}?` });
  await expect(removeDialog).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Enter"); // focus is on Cancel
  await expect(removeDialog).toBeHidden();
  await expect(page.getByRole("cell", { name: world.studentName })).toBeVisible();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("cell", { name: world.studentName })).toHaveCount(0);

  // Delete a draft exercise on /author.
  await page.goto("/author");
  const del = page.getByRole("button", { name: `Delete ${world.draftTitle}` });
  await del.focus();
  await page.keyboard.press("Enter");
  const deleteDialog = page.getByRole("dialog", { name: `Delete “${world.draftTitle}”?` });
  await expect(deleteDialog).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: world.draftTitle })).toHaveCount(0);
  // Published exercises (with student work) offer no Delete at all.
  await expect(page.getByRole("button", { name: /^Delete Logistic regression/ })).toHaveCount(0);
});
