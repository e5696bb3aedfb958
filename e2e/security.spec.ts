import { expect, test } from "@playwright/test";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";
import { signIn } from "./fixtures";

const instructor = { email: demoAccounts.instructor.email, password: DEMO_PASSWORD };

test("pages may not be framed and send no URL in the Referer", async ({ request }) => {
  const response = await request.get("/sign-in");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response.headers()["referrer-policy"]).toBe("same-origin");
});

test("sign-in never sends a signed-in user to another site via ?next= (tab, backslash and dot-segment tricks)", async ({ page }) => {
  await signIn(page, instructor, "/");
  const origin = new URL(page.url()).origin;
  for (const next of ["/\t/example.com", "/\\example.com", "//example.com", "/.//example.com", "/..//example.com", "/%2e//example.com"]) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    expect(new URL(page.url()).origin).toBe(origin);
  }
});

test("importing a file that is too large says so, instead of failing the whole page", async ({ page }) => {
  await signIn(page, instructor, "/author");
  const region = page.getByRole("region", { name: "Import exercises" });
  await region.getByLabel("JSON file").setInputFiles({ name: "huge.json", mimeType: "application/json", buffer: Buffer.alloc(3_000_000, " ") });
  await region.getByRole("button", { name: "Import" }).click();
  await expect(region.getByRole("status")).toContainText(/too large/);
  await expect(page.getByRole("heading", { level: 1, name: "Your exercises" })).toBeVisible();
});
