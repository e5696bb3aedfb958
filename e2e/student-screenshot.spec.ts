import { answerBox, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";

/** docs/screenshot-exercise.png: the exercise page mid-work (correct, invalid, incorrect with feedback). */
// The committed picture is refreshed on request only, so a test run never dirties the work tree.
const screenshotPath = (name: string, outputPath: (name: string) => string) =>
  process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? `docs/${name}` : outputPath(name);

test("screenshot of the exercise page mid-work", async ({ page, student }, testInfo) => {
  await page.setViewportSize({ width: 1000, height: 900 });
  await signIn(page, student, EXERCISE_PATH);

  await answerBox(page, "dL/da").fill("(a-y)/(a(1-a))");
  await answerBox(page, "dL/da").press("Enter");
  await expect(stepCard(page, "dL/da").getByRole("status")).toContainText("Correct.");

  await answerBox(page, "da/dz").fill("σ(z)(1 -* σ(z))");
  await answerBox(page, "da/dz").press("Enter");
  await expect(stepCard(page, "da/dz").getByRole("status")).toContainText("Not checked");

  await answerBox(page, "dL/dz").fill("y - a");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(stepCard(page, "dL/dz").getByRole("status")).toContainText("sign");
  await expect(stepCard(page, "dL/dz").getByText("Draft saved")).toBeVisible();

  await page.screenshot({ path: screenshotPath("screenshot-exercise.png", (n) => testInfo.outputPath(n)), fullPage: true });
});

test("mobile layout: nothing overflows the viewport sideways", async ({ page, student }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, student, EXERCISE_PATH);
  await answerBox(page, "dL/da").fill("y/a - (1-y)/(1-a)");
  await answerBox(page, "dL/da").press("Enter");
  await expect(stepCard(page, "dL/da").getByRole("status")).toContainText("chain rule");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await stepCard(page, "dL/da").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: screenshotPath("screenshot-exercise-mobile.png", (n) => testInfo.outputPath(n)), fullPage: false });
});
