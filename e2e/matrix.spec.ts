/**
 * Matrix exercises (issue 15) in a real browser: the three seeded exercises solved step by step,
 * with the live preview showing each answer's shape and which product it read; a shape error shown
 * in the preview, located, and costing nothing when checked; the forgotten 1/m getting its
 * feedback. Then the editor: a shaped variable authored, previewed with its shape, and a
 * non-conformable key refused at publish.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";
import { demoAccounts, DEMO_PASSWORD, seedExercises } from "../prisma/fixtures";

/** The n-th step's card, by its heading "Step n: …" (titles like "dw = ∂J/∂w" are long: by number is clearer). */
function card(page: Page, n: number): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Step ${n}: `) }) });
}
/** The n-th step's answer box. */
function box(page: Page, n: number): Locator {
  return card(page, n).getByRole("textbox", { name: /^Answer for / });
}
/** The "Interpreted as" preview of a step card. */
function preview(page: Page, n: number): Locator {
  return card(page, n).getByText("Interpreted as", { exact: true }).locator("..");
}

/** Types an answer, waits for the preview, checks it, and returns the step's verdict region. */
async function check(page: Page, n: number, answer: string): Promise<Locator> {
  await box(page, n).fill(answer);
  await expect(preview(page, n)).not.toContainText("type an answer");
  await box(page, n).press("Enter");
  return card(page, n).getByRole("status");
}

async function expectNoSeriousAxe(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("vectorised logistic regression: shapes in the preview, a shape error costs nothing, the forgotten 1/m is named", async ({ page, student }) => {
  await signIn(page, student, "/exercises/vectorised-logistic-regression");

  // Z: w X is n×1 times n×m — the preview says so, located, before any Check.
  await box(page, 1).fill("w X + b");
  await expect(preview(page, 1)).toContainText("can't be multiplied as matrices");
  await expect(preview(page, 1)).toContainText("Did you mean wᵀ X?");
  await expect(preview(page, 1).locator("mark")).toHaveText("w X"); // the highlighted operation
  await expect(box(page, 1)).toHaveAttribute("aria-invalid", "true");
  await box(page, 1).press("Enter");
  await expect(card(page, 1).getByRole("status")).toContainText("Not checked, nothing counted.");
  await expect(card(page, 1).getByText("Attempts: 0")).toBeVisible();
  await expectNoSeriousAxe(page);

  await box(page, 1).fill("w^T X + b");
  await expect(preview(page, 1)).toContainText("shape: 1×m");
  await box(page, 1).press("Enter");
  await expect(card(page, 1).getByRole("status")).toContainText("Correct.");
  await expect(card(page, 1).getByText("Attempts: 1")).toBeVisible();

  await expect(await check(page, 2, "A - Y")).toContainText("Correct.");

  // dw: the forgotten 1/m is a known mistake with its feedback (and counts as an attempt).
  const dw = await check(page, 3, "X (A - Y)^T");
  await expect(preview(page, 3)).toContainText("shape: n×1");
  await expect(dw).toContainText("Not yet.");
  await expect(dw).toContainText("divide by m");
  await expect(card(page, 3).getByText("Attempts: 1 (1 incorrect)")).toBeVisible();
  await expect(await check(page, 3, "np.dot(X, (A - Y).T) / m")).toContainText("Correct.");

  await box(page, 4).fill("np.mean(A - Y)");
  await expect(preview(page, 4)).toContainText("shape: scalar");
  await box(page, 4).press("Enter");
  await expect(card(page, 4).getByRole("status")).toContainText("Correct.");
  await expect(page.getByRole("heading", { name: "Exercise complete" })).toBeVisible();
  await expectNoSeriousAxe(page);
});

test("two-layer tanh network: the preview shows which product was read; keepdims and 1/m are caught", async ({ page, student }) => {
  await signIn(page, student, "/exercises/two-layer-tanh-network");

  await expect(await check(page, 1, "A2 - Y")).toContainText("Correct.");

  // dW2: dZ2 A1 is 1×m times h×m — invalid in the preview, nothing counted.
  await box(page, 2).fill("dZ2 A1 / m");
  await expect(preview(page, 2)).toContainText("Did you mean dZ2 A1ᵀ?");
  await box(page, 2).press("Enter");
  await expect(card(page, 2).getByRole("status")).toContainText("Not checked, nothing counted.");
  await expect(card(page, 2).getByText("Attempts: 0")).toBeVisible();
  await box(page, 2).fill("np.dot(dZ2, A1.T) / m");
  await expect(preview(page, 2)).toContainText("shape: 1×h");
  await box(page, 2).press("Enter");
  await expect(card(page, 2).getByRole("status")).toContainText("Correct.");

  // db2 without the 1/m: no known mistake for it, the engine names the factor m.
  const db2 = await check(page, 3, "np.sum(dZ2)");
  await expect(db2).toContainText("Not yet.");
  await expect(db2).toContainText("factor of m");
  await expect(await check(page, 3, "np.mean(dZ2)")).toContainText("Correct.");

  // dZ1: ⊙ is read as the element-wise product (the preview prints ⊙, not a matrix product), h×m.
  await box(page, 4).fill("W2ᵀ dZ2 ⊙ (1 − A1²)");
  await expect(preview(page, 4)).toContainText("⊙");
  await expect(preview(page, 4)).toContainText("shape: h×m");
  await box(page, 4).press("Enter");
  await expect(card(page, 4).getByRole("status")).toContainText("Correct.");

  await expect(await check(page, 5, "np.dot(dZ1, X.T) / m")).toContainText("Correct.");

  // db1: numpy's sum without keepdims is 1-D — the preview reads it so; checked against the key's
  // shape (h×1) it is invalid, with the fix named, and nothing counted.
  await box(page, 6).fill("np.sum(dZ1, axis=1) / m");
  await expect(preview(page, 6)).toContainText("shape: a 1-D array of length h");
  await box(page, 6).press("Enter");
  await expect(card(page, 6).getByRole("status")).toContainText("Not checked, nothing counted.");
  await expect(card(page, 6).getByRole("status")).toContainText("keepdims=True");
  await expect(card(page, 6).getByText("Attempts: 0")).toBeVisible();
  await expect(await check(page, 6, "np.sum(dZ1, axis=1, keepdims=True) / m")).toContainText("Correct.");
  await expect(page.getByRole("heading", { name: "Exercise complete" })).toBeVisible();
});

test("softmax cross-entropy: element-wise products, one-hot labels, the averaged gradients", async ({ page, student }) => {
  await signIn(page, student, "/exercises/softmax-cross-entropy");

  // J: Y log(A) would be a matrix product of K×m and K×m — invalid, located.
  await box(page, 1).fill("-(1/m) sum(Y log(A))");
  await expect(preview(page, 1)).toContainText("element-wise product");
  const j = await check(page, 1, "-sum(Y * log(A))");
  await expect(j).toContainText("divide by m");
  await expect(await check(page, 1, "-np.sum(Y * np.log(A)) / m")).toContainText("Correct.");

  await expect(await check(page, 2, "A - Y")).toContainText("Correct.");
  await box(page, 3).fill("np.dot(A - Y, X.T) / m");
  await expect(preview(page, 3)).toContainText("shape: K×n");
  await box(page, 3).press("Enter");
  await expect(card(page, 3).getByRole("status")).toContainText("Correct.");
  await expect(await check(page, 4, "np.sum(dZ, axis=1, keepdims=True) / m")).toContainText("Correct.");
  await expect(page.getByRole("heading", { name: "Exercise complete" })).toBeVisible();
  await expectNoSeriousAxe(page);
});

test("the editor authors a shaped variable, previews shapes, and refuses to publish a non-conformable key", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = `shaped-${randomUUID().slice(0, 6)}`;
  await signIn(page, { email: demoAccounts.instructor.email, password: DEMO_PASSWORD }, "/author");
  await page.getByRole("link", { name: "New exercise" }).click();
  await page.getByLabel("Title", { exact: true }).fill(`A matrix-vector product (${slug})`);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel(/^Statement/).fill("$X$ is $n \\times 3$, $w$ is $n \\times 1$.");

  // n: an integer dimension.
  const n = page.getByRole("group", { name: "Variable 1" });
  await n.getByLabel("Name").fill("n");
  await n.getByLabel("Kind").selectOption({ label: "Integer (a dimension)" });
  await n.getByLabel("Smallest").fill("2");
  await n.getByLabel("Largest").fill("4");

  // X (n×3) and w (n×1): shapes typed as text.
  await page.getByRole("button", { name: "Add variable" }).click();
  const x = page.getByRole("group", { name: "Variable 2" });
  await x.getByLabel("Name").fill("X");
  await x.getByLabel(/^Shape/).fill("n, 3");
  await x.getByLabel(/^Display LaTeX/).fill("\\mathbf{X}");
  await page.getByRole("button", { name: "Add variable" }).click();
  const w = page.getByRole("group", { name: "Variable 3" });
  await w.getByLabel("Name").fill("w");
  await w.getByLabel(/^Shape/).fill("n");
  // A shape needs rows and columns: the live validation says so under the field.
  await expect(w.getByText(/Error: /)).toBeVisible();
  await w.getByLabel(/^Shape/).fill("n, 1");
  await expect(w.getByText(/Error: /)).toHaveCount(0);

  const step = page.getByRole("group", { name: "Step 1", exact: true });
  await step.getByLabel("Key").fill("Xw");
  await step.getByLabel("Title (LaTeX)").fill("X^T w");
  // Not conformable: n×3 times n×1. The live validation locates it; the preview shows nothing.
  await step.getByLabel("Expected answer").fill("X w");
  await expect(step.getByText(/can't be multiplied as matrices/)).toBeVisible();
  await expectNoSeriousAxe(page);

  // Saving an unpublished draft with errors is allowed; publishing it is refused.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(/\/author\/[^/]+\?saved=1$/);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Publishing refused: the exercise has errors/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Unpublish" })).toHaveCount(0);

  // The conformable key: read as a product, with its shape.
  const fixedStep = page.getByRole("group", { name: "Step 1", exact: true });
  await fixedStep.getByLabel("Expected answer").fill("X^T w");
  await expect(fixedStep.getByText("(shape: 3×1)")).toBeVisible();
  await expect(fixedStep.getByText(/can't be multiplied as matrices/)).toHaveCount(0);
  await expect(page.getByText(/Live check: no errors/)).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved version/)).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
});

test("a matrix exercise's page sends shapes, not its definitions or keys", async ({ page, student }) => {
  const slug = "two-layer-tanh-network";
  const exercise = seedExercises.find((e) => e.slug === slug)!;
  // Key material: the definitions (Z1 = W1 X + b1, …), every step's key and known mistakes.
  const needles = [
    ...exercise.variables.flatMap((v) => ("definition" in v && v.definition !== undefined ? [v.definition] : [])),
    ...exercise.steps.flatMap((s) => [s.expected, ...s.mistakes.map((m) => m.expression)]),
  ].filter((n) => n.length >= 6); // "A2 - Y"-length and up: shorter ones are common words of a page
  expect(needles.length).toBeGreaterThan(8);

  await signIn(page, student, `/exercises/${slug}`);
  await box(page, 2).fill("dZ2 A1 / m");
  await expect(preview(page, 2)).toContainText("Did you mean dZ2 A1ᵀ?"); // the browser has the shapes
  const pagePath = new URL(page.url()).pathname;
  const html = await (await page.request.get(pagePath)).text();
  const rsc = await (await page.request.get(pagePath, { headers: { RSC: "1" } })).text();
  expect(rsc).toContain("W^{[1]}"); // this page's payload, with the display names
  const compact = (s: string) => s.replace(/\s+/g, "");
  const leaks = needles.filter((n) => [html, rsc].some((body) => compact(body).includes(compact(n))));
  expect(leaks).toEqual([]);
});
