/**
 * Checks per student per minute (issue #13 item 5): past CHECK_RATE_LIMIT (30 by default, as the
 * e2e server runs) the step card says "Slow down … N s" as a normal message, and nothing is stored.
 */
import type { Request } from "@playwright/test";
import { answerBox, dbTask, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";

test("a burst of checks is answered 'slow down' in the step card, not an error page", async ({ page, student }) => {
  let check: { url: string; actionId: string; body: string } | undefined;
  page.on("request", (request: Request) => {
    const actionId = request.headers()["next-action"];
    const body = request.postData() ?? "";
    if (request.method() === "POST" && actionId && body.includes('"answer"')) check ??= { url: request.url(), actionId, body };
  });
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/dz";
  await answerBox(page, title).fill("a + y");
  await answerBox(page, title).press("Enter");
  await expect(stepCard(page, title).getByRole("status")).toContainText("Not yet");
  expect(check).toBeDefined();

  // The same request 40 times at once, as a script would send it: one minute's budget is 30.
  const origin = new URL(page.url()).origin;
  const burst = await Promise.all(
    Array.from({ length: 40 }, () =>
      page.request.post(check!.url, { headers: { "Next-Action": check!.actionId, "Content-Type": "text/plain;charset=UTF-8", Origin: origin }, data: check!.body }),
    ),
  );
  expect(burst.every((r) => r.status() === 200)).toBe(true);
  const stored = dbTask<{ attempts: number }>("work", student.id).attempts;
  expect(stored).toBe(30);

  await answerBox(page, title).fill("a - y");
  await answerBox(page, title).press("Enter");
  await expect(stepCard(page, title).getByRole("status")).toContainText(/Slow down: too many checks in a minute\. Try again in \d+ s/);
  await expect(page.getByRole("heading", { level: 1, name: /Logistic regression/ })).toBeVisible();
  expect(dbTask<{ attempts: number }>("work", student.id).attempts).toBe(30);
});
