/**
 * Issue 17, "the student's and the instructor's day": the exercise list's status, practice checks
 * after solving, a worked solution that asks first and marks a later solve, staged edits that
 * students see only once published (and a rollback), points and late penalties in the gradebook and
 * its Canvas export, and the small things of item 9. Role-based locators; axe on every page, on a
 * desktop and a 390-px phone.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { answerBox, dbTask, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/fixtures";

const instructor = { email: demoAccounts.instructor.email, password: DEMO_PASSWORD };
const screenshotPath = (name: string, outputPath: (name: string) => string) => (process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? `docs/${name}` : outputPath(name));

async function expectNoSeriousAxe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

test("the exercise list shows status and overdue; a re-check after solving is practice; a reveal asks first and marks the solve", async ({ page, student, browser }, testInfo) => {
  const late = dbTask<{ courseId: string; title: string }>("late-course", student.id);
  await signIn(page, student, "/");

  // Item 3: status, due date and a next link on the student's list.
  const list = page.getByRole("list", { name: "Your exercises" });
  const tanh = list.getByRole("listitem").filter({ hasText: late.title });
  await expect(tanh.getByText("Not started · overdue")).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: "Logistic regression: the gradient dL/dz" }).getByText("Not started", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Start: The derivative of the tanh activation/ })).toBeVisible();
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: screenshotPath("screenshot-student-list.png", (n) => testInfo.outputPath(n)), fullPage: true });
  await page.goto(`/courses/${late.courseId}`);
  await expect(page.getByRole("list", { name: "Exercises in this course" }).getByText("Not started · overdue")).toBeVisible();
  await expectNoSeriousAxe(page);

  await page.goto(EXERCISE_PATH);
  // Item 10: step 3 asks for the simplified form.
  const dz = stepCard(page, "dL/dz");
  await answerBox(page, "dL/dz").fill("(a-y)/(a(1-a)) * a(1-a)");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(dz.getByRole("status")).toContainText("Equivalent, but simplify it: cancel the common factor");
  // Item 4: after solving, a re-check is practice and leaves the attempt count unchanged.
  await answerBox(page, "dL/dz").fill("a - y");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(dz.getByRole("status")).toContainText("Correct.");
  await expect(dz.getByText(/^Attempts: 2 \(1 incorrect\)/)).toBeVisible();
  await answerBox(page, "dL/dz").fill("σ(z) - y");
  await answerBox(page, "dL/dz").press("Enter");
  await expect(dz.getByRole("status")).toContainText("Practice: this step is already solved");
  await expect(dz.getByText(/^Attempts: 2 \(1 incorrect\)/)).toBeVisible();

  // Item 2: revealing asks first (Cancel changes nothing); a solve after it is marked.
  const da = stepCard(page, "da/dz");
  for (const wrong of ["a", "a + 1", "2a"]) {
    await answerBox(page, "da/dz").fill(wrong);
    await answerBox(page, "da/dz").press("Enter");
    await expect(da.getByRole("status")).toContainText("Not yet");
  }
  await da.getByRole("button", { name: "Show worked solution for da/dz" }).click();
  const dialog = page.getByRole("dialog", { name: "Show the worked solution?" });
  await expect(dialog).toContainText("solved after solution");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(da.getByRole("region", { name: "Worked solution for da/dz" })).toHaveCount(0);
  await da.getByRole("button", { name: "Show worked solution for da/dz" }).click();
  await dialog.getByRole("button", { name: "Show the solution" }).click();
  await expect(da.getByRole("region", { name: "Worked solution for da/dz" })).toContainText("Expected");
  await answerBox(page, "da/dz").fill("a(1-a)");
  await answerBox(page, "da/dz").press("Enter");
  await expect(da.getByText("✓ Solved after solution")).toBeVisible();
  await expectNoSeriousAxe(page);

  // The instructor sees it: gradebook, the student's timeline, and the Canvas export with points.
  const context = await browser.newContext();
  try {
    const ip = await context.newPage();
    const demoCourseId = new URL(page.url()).pathname.split("/")[2]!;
    await signIn(ip, instructor, `/courses/${demoCourseId}/gradebook`);
    const row = ip.getByRole("row").filter({ has: ip.getByRole("link", { name: student.name }) }).filter({ hasText: student.email });
    await expect(row.getByText(/1 after solution/)).toBeVisible();
    await expect(ip.getByRole("rowheader", { name: /Class average/ })).toBeVisible();
    await expectNoSeriousAxe(ip);
    const canvas = await ip.request.get(`/api/courses/${demoCourseId}/gradebook.csv?format=canvas`);
    expect(canvas.status()).toBe(200);
    const lines = (await canvas.text()).split("\r\n");
    expect(lines[0]).toMatch(/^Student,ID,SIS User ID,SIS Login ID,Section,/);
    expect(lines[1]).toMatch(/^Points Possible,,,,,10/);
    expect(lines.find((l) => l.includes(student.email))).toBeDefined();
    await row.getByRole("link", { name: student.name }).click();
    const timeline = ip.getByRole("table", { name: /Attempts, hints and worked solutions/ });
    await expect(timeline.getByRole("row").filter({ hasText: "Worked solution revealed" })).toHaveCount(1);
    await expect(timeline.getByText("practice (after solving, not counted)")).toHaveCount(1);
    await expectNoSeriousAxe(ip);
  } finally {
    await context.close();
  }
});

test("a staged edit is invisible to students until published, and can be rolled back", async ({ page, student, browser }) => {
  const late = dbTask<{ courseId: string; title: string }>("late-course", student.id);
  await signIn(page, instructor, "/author");
  await page.getByRole("button", { name: "Duplicate The derivative of the tanh activation", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Edit: The derivative of the tanh activation \(copy\)/ })).toBeVisible();
  const slug = await page.getByLabel("Slug", { exact: true }).inputValue();
  // Item 1: author feedback with math is previewed as students will see it, and rendered for them.
  const step1 = page.getByRole("group", { name: "Step 1", exact: true });
  await step1.getByLabel("Mistake 1 feedback", { exact: true }).fill("Check the sign of the second term: compare with $\\frac{1}{1-a}$.");
  await expect(step1.getByRole("group", { name: "Mistake 1 feedback as students see it" }).locator(".katex")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved version 1\./)).toBeVisible();
  await page.getByLabel("Assign to course on publish").selectOption({ label: late.title });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published.")).toBeVisible();

  const context = await browser.newContext();
  try {
    const sp = await context.newPage();
    const studentPath = `/courses/${late.courseId}/exercises/${slug}`;
    await signIn(sp, student, "/");
    await sp.goto(studentPath);
    await expect(sp.getByRole("heading", { level: 1, name: "The derivative of the tanh activation (copy)" })).toBeVisible();
    // "dt/dz" is also the start of step 2's name: exact names here.
    const box = sp.getByRole("textbox", { name: "Answer for dt/dz", exact: true });
    await box.fill("1 + tanh(z)^2");
    await box.press("Enter");
    const feedback = sp.getByRole("listitem").filter({ has: box }).getByRole("status");
    await expect(feedback).toContainText("Check the sign of the second term");
    await expect(feedback.locator(".katex")).toBeVisible();
    await expect(feedback).not.toContainText("$");

    await page.reload();
    await page.getByLabel("Title", { exact: true }).fill("Tanh, revised");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const versions = page.getByRole("region", { name: "Versions" });
    await expect(versions.getByText(/Draft of version 2/)).toBeVisible();
    await expect(versions.getByRole("list", { name: "Changes in the draft of version 2" })).toContainText("Tanh, revised");
    await expectNoSeriousAxe(page);

    await sp.reload();
    await expect(sp.getByRole("heading", { level: 1, name: "The derivative of the tanh activation (copy)" })).toBeVisible();

    await versions.getByRole("button", { name: "Publish version 2" }).click();
    await expect(versions.getByText(/Students see version 2/)).toBeVisible();
    await sp.reload();
    await expect(sp.getByRole("heading", { level: 1, name: "Tanh, revised" })).toBeVisible();

    await versions.getByRole("button", { name: "Go back to version 1" }).click();
    await page.getByRole("dialog", { name: "Go back to version 1?" }).getByRole("button", { name: "Go back to version 1" }).click();
    await expect(versions.getByText(/Students see version 1/)).toBeVisible();
    await sp.reload();
    await expect(sp.getByRole("heading", { level: 1, name: "The derivative of the tanh activation (copy)" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("small things: the landing demo grades in the browser, sign-up keeps the password, a new exercise opens without errors", async ({ page }) => {
  await page.goto("/");
  const demo = page.getByRole("form", { name: /Try it/ });
  await demo.getByRole("textbox", { name: "Your answer for dL/dz" }).fill("1/(1+e^z)");
  await demo.getByRole("button", { name: "Check" }).click();
  await expect(demo.getByRole("status")).toContainText("Check the sign of the exponent");
  await demo.getByRole("textbox", { name: "Your answer for dL/dz" }).fill("exp(z)/(1+exp(z))");
  await demo.getByRole("button", { name: "Check" }).click();
  await expect(demo.getByRole("status")).toContainText("Correct.");
  await expectNoSeriousAxe(page);

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Wrong Code");
  await page.getByLabel("Email").fill(`wrong-code-${Date.now()}@e2e.stepwise.test`);
  await page.getByLabel("Password").fill("a long passphrase of several words");
  await page.getByLabel("Course join code (optional)").fill("NOPE-0000");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("No course has this join code").first()).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("a long passphrase of several words");

  await signIn(page, instructor, "/author/new");
  await expect(page.getByText(/Live check: no errors/)).toBeVisible();
  await expect(page.getByText(/^Error: /)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
});

test("phone (390 px): the student's list, course page and progress, the gradebook and analytics fit and pass axe", async ({ page, student, browser }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const late = dbTask<{ courseId: string; title: string }>("late-course", student.id);
  await signIn(page, student, "/");
  for (const path of ["/", `/courses/${late.courseId}`, "/progress"]) {
    await page.goto(path);
    await expectNoSeriousAxe(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  }
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const ip = await context.newPage();
    await signIn(ip, instructor, `/courses/${late.courseId}/gradebook`);
    for (const path of [`/courses/${late.courseId}/gradebook`, `/courses/${late.courseId}/analytics`]) {
      await ip.goto(path);
      await expectNoSeriousAxe(ip);
      // Wide tables scroll inside their own region; the page itself never scrolls sideways.
      expect(await ip.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    }
  } finally {
    await context.close();
  }
});

test("screenshot of the gradebook with points and late penalties", async ({ page }, testInfo) => {
  const course = dbTask<{ courseId: string }>("demo-course");
  await page.setViewportSize({ width: 1200, height: 900 });
  await signIn(page, instructor, `/courses/${course.courseId}/gradebook`);
  await expect(page.getByRole("heading", { level: 1, name: /^Gradebook/ })).toBeVisible();
  await page.screenshot({ path: screenshotPath("screenshot-gradebook.png", (n) => testInfo.outputPath(n)), fullPage: true });
});
