/**
 * "Forgot password?" end to end through the dev outbox (issue #13 item 9): the e2e server has no
 * SMTP_URL, so the mail lands on /dev/outbox.
 */
import { expect, test } from "./fixtures";

test("a student resets a forgotten password with the mailed link, once; old password and old link stop working", async ({ page, student }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(student.email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account exists for this email");

  await page.goto("/dev/outbox");
  const mail = page.getByRole("region", { name: `Mail to ${student.email}: Reset your Stepwise password` });
  await expect(mail).toBeVisible();
  const link = mail.getByRole("link", { name: /\/reset-password\?token=/ });
  const href = await link.getAttribute("href");
  await link.click();

  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  const newPassword = "correct horse battery staple 2026";
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  // The old password no longer works; the new one does.
  await page.getByLabel("Email").fill(student.email);
  await page.getByLabel("Password").fill(student.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  // The link worked once.
  await page.goto(href!);
  await expect(page.getByRole("alert").filter({ hasText: "invalid, expired or already used" })).toBeVisible();
});
