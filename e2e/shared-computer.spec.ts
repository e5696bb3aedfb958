/**
 * A shared computer (issue #13 item 9): text kept in this browser while the server could not be
 * reached is removed when its owner signs out, so the next person does not find it.
 */
import { answerBox, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";

test("signing out clears the drafts this browser kept", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  // Drafts cannot reach the server (as during a restart); sign-out still can. Kept blocked until
  // after signing out, so a late autosave cannot clear the local copy in the test's place.
  const isDraft = (request: { method(): string; headers(): Record<string, string>; postData(): string | null }) =>
    request.method() === "POST" && "next-action" in request.headers() && (request.postData() ?? "").includes('"text"');
  await page.route(`**${EXERCISE_PATH}`, (route) => (isDraft(route.request()) ? route.abort("connectionrefused") : route.fallback()));
  await answerBox(page, "dL/dz").fill("my unsent answer");
  await expect(stepCard(page, "dL/dz").getByText(/Draft not saved yet/)).toBeVisible();
  const kept = () => page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith("stepwise:draft:")).length);
  expect(await kept()).toBeGreaterThan(0);

  page.on("dialog", (dialog) => void dialog.accept()); // "leave with unsaved text?" is expected here
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  expect(await kept()).toBe(0);
});
