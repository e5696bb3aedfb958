import { AxeBuilder } from "@axe-core/playwright";
import { answerBox, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";

test("the demo student solves the logistic-regression exercise and sees it complete on /progress", async ({ page }) => {
  await signIn(page, { email: demoAccounts.student.email, password: DEMO_PASSWORD }, EXERCISE_PATH);

  const steps: [title: string, answer: string, previewTex: RegExp][] = [
    ["dL/da", "(a-y)/(a(1-a))", /\\frac\{a - y\}/],
    ["da/dz", "σ(z)(1\u2212σ(z))", /\\sigma/],
    ["dL/dz", "a \u2212 y", /a - y/],
  ];
  for (const [title, answer, tex] of steps) {
    const card = stepCard(page, title);
    const box = answerBox(page, title);
    await box.fill(answer);
    // The live preview renders the interpretation with KaTeX, in the browser.
    await expect(card.locator(".katex annotation").filter({ hasText: tex }).first()).toBeAttached();
    await expect(box).not.toHaveAttribute("aria-invalid", "true");
    await box.press("Enter");
    await expect(card.getByRole("status")).toContainText("Correct.");
    await expect(card.getByText("✓ Solved")).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Exercise complete" })).toBeVisible();

  await page.goto("/progress");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Logistic regression: the gradient dL/dz" }) });
  await expect(row.getByRole("cell").first()).toHaveText("Complete");
  await expect(row.getByRole("cell").nth(1)).toHaveText("3 / 3");
});

test("feedback names the chain rule, invalid input costs nothing, drafts survive a reload", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/da";
  const card = stepCard(page, title);
  const box = answerBox(page, title);

  await box.fill("y/a - (1-y)/(1-a)");
  await card.getByRole("button", { name: `Check answer for ${title}` }).click();
  await expect(card.getByRole("status")).toContainText("chain rule");
  await expect(card.getByText("Attempts: 1 (1 incorrect)")).toBeVisible();

  await box.fill("a -* y");
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(card.locator("mark")).toHaveText("*");
  await box.press("Enter");
  await expect(card.getByRole("status")).toContainText("Not checked, nothing counted");
  await expect(card.getByText("Attempts: 1 (1 incorrect)")).toBeVisible();

  // Autosave, then a reload restores the text from the server.
  const other = answerBox(page, "da/dz");
  await other.fill("σ(z)(1-σ");
  await expect(stepCard(page, "da/dz").getByText("Draft saved")).toBeVisible();
  await page.evaluate(() => window.localStorage.clear()); // prove it came from the server
  await page.reload();
  await expect(answerBox(page, "da/dz")).toHaveValue("σ(z)(1-σ");
  await expect(answerBox(page, title)).toHaveValue("a -* y");
  await expect(stepCard(page, title).getByText("Attempts: 1 (1 incorrect)")).toBeVisible();
  // A valid draft's "interpreted as" preview is rendered by the client TeX component: the server's
  // HTML must carry it as KaTeX, not a streamed Suspense fallback of raw LaTeX (new-user trial).
  const third = answerBox(page, "dL/dz");
  await third.fill("a - y");
  await expect(stepCard(page, "dL/dz").getByText("Draft saved")).toBeVisible();
  const html = await (await page.request.get(page.url())).text();
  expect(html).toContain('encoding="application/x-tex">a - y<');
  expect(html).not.toMatch(/<template id="B:\d+"><\/template>/);
});

test("hints one at a time; the worked solution opens after three incorrect attempts", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "da/dz";
  const card = stepCard(page, title);
  await card.getByRole("button", { name: /Show hint 1 of 2/ }).click();
  await expect(card.getByRole("list", { name: `Hints for ${title}` }).getByRole("listitem")).toHaveCount(1);
  await card.getByRole("button", { name: /Show hint 2 of 2/ }).click();
  await expect(card.getByRole("list", { name: `Hints for ${title}` }).getByRole("listitem")).toHaveCount(2);
  await expect(card.getByRole("button", { name: /Show hint/ })).toHaveCount(0);

  await expect(card.getByRole("button", { name: /Show worked solution/ })).toHaveCount(0);
  for (const wrong of ["a", "a + 1", "2a"]) {
    await answerBox(page, title).fill(wrong);
    await answerBox(page, title).press("Enter");
    await expect(card.getByRole("status")).toContainText("Not yet");
  }
  // Not solved yet: the reveal asks first (issue 17 item 2).
  await card.getByRole("button", { name: `Show worked solution for ${title}` }).click();
  await page.getByRole("dialog", { name: "Show the worked solution?" }).getByRole("button", { name: "Show the solution" }).click();
  await expect(card.getByRole("region", { name: `Worked solution for ${title}` })).toContainText("Expected");
});

test("keyboard only: symbol bar inserts at the cursor, Enter checks", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/dz";
  const box = answerBox(page, title);
  await box.focus();
  await page.keyboard.type("a - ");
  // Shift+Tab back to the symbol bar's last buttons, press "Insert sigma" with the keyboard.
  const sigma = stepCard(page, title).getByRole("button", { name: "Insert sigma σ( )" });
  await sigma.focus();
  await page.keyboard.press("Enter");
  await expect(box).toBeFocused();
  await page.keyboard.type("z");
  await expect(box).toHaveValue("a - σ(z)");
  await page.keyboard.press("Enter");
  await expect(stepCard(page, title).getByRole("status")).toContainText("Not yet");
});

test("axe: no serious or critical violations on the exercise and progress pages", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  await answerBox(page, "dL/da").fill("a -* y");
  await expect(answerBox(page, "dL/da")).toHaveAttribute("aria-invalid", "true");
  await answerBox(page, "da/dz").fill("a(1-a)");
  await answerBox(page, "da/dz").press("Enter");
  await expect(stepCard(page, "da/dz").getByRole("status")).toContainText("Correct.");
  const exercise = await new AxeBuilder({ page }).analyze();
  const serious = (r: typeof exercise) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious(exercise)).toEqual([]);

  await page.goto("/progress");
  await expect(page.getByRole("heading", { name: "Your progress" })).toBeVisible();
  expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
});

test("nothing typed is lost while the server is unreachable: warned on leave, kept locally, re-sent", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/dz";
  // Server actions fail (as during a restart): autosave cannot reach the server.
  const isAction = (request: { method(): string; headers(): Record<string, string> }) => request.method() === "POST" && "next-action" in request.headers();
  await page.route(`**${EXERCISE_PATH}`, (route) => (isAction(route.request()) ? route.abort("connectionrefused") : route.fallback()));
  await answerBox(page, title).fill("a - y + 0");
  await expect(stepCard(page, title).getByText(/Draft not saved yet/)).toBeVisible();

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.unroute(`**${EXERCISE_PATH}`);
  await page.reload();
  expect(dialogs).toContain("beforeunload");
  // Restored from this browser's storage, then re-sent to the server.
  await expect(answerBox(page, title)).toHaveValue("a - y + 0");
  await expect(stepCard(page, title).getByText("Draft saved")).toBeVisible();
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await expect(answerBox(page, title)).toHaveValue("a - y + 0");
});

test("Enter pressed while a check is still running is queued, not dropped", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "da/dz";
  const card = stepCard(page, title);
  // Hold the first check's response until the second Enter has been pressed, so the second one is
  // certainly pressed during a running check (the case a disabled submit button used to drop).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  // The page lives under its course (/courses/<id>/exercises/<slug>, after a redirect).
  await page.route(
    (url) => url.pathname.endsWith(EXERCISE_PATH),
    async (route) => {
      if (route.request().method() === "POST" && first && (route.request().postData() ?? "").includes('"answer"')) {
        first = false;
        await held;
      }
      await route.continue();
    },
  );
  await answerBox(page, title).fill("a");
  await answerBox(page, title).press("Enter");
  await expect(card.getByRole("button", { name: `Check answer for ${title}` })).toHaveText("Checking…");
  await answerBox(page, title).fill("a + 1");
  await answerBox(page, title).press("Enter");
  release();
  await expect(card.getByText("Attempts: 2 (2 incorrect)")).toBeVisible();
});

test("the symbol palette is one tab stop (arrow keys inside): few Tabs from one answer box to the next", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const toolbar = page.getByRole("toolbar", { name: "Math symbols for da/dz" });
  // Entering the palette with Tab lands on one button; the arrow keys move, Tab leaves at once.
  await answerBox(page, "dL/da").focus();
  let presses = 0;
  while (!(await answerBox(page, "da/dz").evaluate((el) => el === document.activeElement)) && presses < 20) {
    await page.keyboard.press("Tab");
    presses++;
    if (await toolbar.getByRole("button", { name: "Insert sigma σ( )" }).evaluate((el) => el === document.activeElement)) {
      await page.keyboard.press("ArrowRight");
      // The exercise's functions come first (σ, exp, log: issue 17 item 7), then ^ ( ) a/b √.
      await expect(toolbar.getByRole("button", { name: "Insert exponential exp( )" })).toBeFocused();
      await page.keyboard.press("ArrowLeft");
    }
  }
  // Check button, hint button, the palette (one stop), the next answer box.
  expect(presses).toBeLessThanOrEqual(4);
  await expect(toolbar.getByRole("button")).toHaveCount(7);
  expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
});

test("the last verdict comes back after a reload, and is marked as the previous answer's once the text changes", async ({ page, student }) => {
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/da";
  const card = stepCard(page, title);
  await answerBox(page, title).fill("y/a - (1-y)/(1-a)");
  await answerBox(page, title).press("Enter");
  await expect(card.getByRole("status")).toContainText("chain rule");
  await expect(card.getByText("Draft saved")).toBeVisible();
  await page.reload();
  // The box holds the checked text, so its verdict is shown again (not a blank card).
  await expect(answerBox(page, title)).toHaveValue("y/a - (1-y)/(1-a)");
  await expect(card.getByRole("status")).toContainText("Not yet");
  await expect(card.getByRole("status")).toContainText("chain rule");
  await expect(card.getByText("For your previous answer")).toHaveCount(0);
  // Typing something else: the old verdict says whose it is.
  await answerBox(page, title).fill("y/a");
  await expect(card.getByRole("status")).toContainText("For your previous answer");
});
