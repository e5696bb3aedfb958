import { answerBox, dbTask, expect, EXERCISE_PATH, EXERCISE_SLUG, isExercisePage, signIn, stepCard, test, type ExerciseKey } from "./fixtures";
import { parseExpression } from "../lib/grading";

/**
 * Before a solution is revealed, the answer key never reaches the browser: not in the page's
 * HTML, not in the React server component payload, not in any server action response.
 */
test("the expected expressions never reach the student's browser before reveal", async ({ page, student }) => {
  const key = dbTask<ExerciseKey>("key", EXERCISE_SLUG);
  const names = key.variables;
  const publicText = key.publicText;
  const compact = (s: string) => s.replace(/\s+/g, "");

  const needles = new Set<string>();
  const addExpression = (text: string) => {
    needles.add(text);
    const parsed = parseExpression(text, { variables: names });
    if (parsed.ok) {
      needles.add(parsed.canonical);
      needles.add(parsed.latex);
    }
  };
  for (const step of key.steps) {
    addExpression(step.expected);
    // Known mistakes are part of the key too, unless the public statement shows them anyway.
    for (const m of step.mistakes) if (!compact(publicText).includes(compact(m))) addExpression(m);
  }
  expect(needles.size).toBeGreaterThan(6);

  // Every response the browser gets while the student works.
  const bodies: { url: string; body: string }[] = [];
  // Bodies arrive asynchronously: keep the promises and wait for all of them before checking.
  const pending: Promise<void>[] = [];
  // Server action responses (POSTs to the page) are captured by intercepting them: reading a
  // streamed action body from the response event can fail under load ("no resource with given
  // identifier"), which would silently drop exactly the responses this test is about.
  await page.route(
    (url) => isExercisePage(url.pathname),
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const response = await route.fetch();
      const body = await response.text();
      bodies.push({ url: `${route.request().url()} (action)`, body });
      await route.fulfill({ response, body });
    },
  );
  page.on("response", (response) => {
    if (response.request().method() === "POST" && isExercisePage(new URL(response.url()).pathname)) return; // captured above
    const type = response.headers()["content-type"] ?? "";
    if (!/text|json|x-component|javascript/.test(type)) return;
    pending.push(
      response.text().then(
        (body) => void bodies.push({ url: response.url(), body }),
        () => undefined, // Redirect or aborted response: no body.
      ),
    );
  });

  await signIn(page, student, EXERCISE_PATH);
  // Work the page without solving anything: a wrong answer, invalid input, a hint, a draft.
  const title = "dL/da";
  await answerBox(page, title).fill("a + y");
  await answerBox(page, title).press("Enter");
  await expect(stepCard(page, title).getByRole("status")).toContainText("Not yet");
  await answerBox(page, "da/dz").fill("a -* y");
  await answerBox(page, "da/dz").press("Enter");
  await expect(stepCard(page, "da/dz").getByRole("status")).toContainText("Not checked");
  // (dL/dz's hints quote the earlier steps' results by design, so reveal one of dL/da's.)
  await stepCard(page, title).getByRole("button", { name: /Show hint 1/ }).click();
  await expect(stepCard(page, title).getByRole("list", { name: /Hints/ })).toBeVisible();
  await answerBox(page, "dL/dz").fill("y");
  await expect(stepCard(page, "dL/dz").getByText("Draft saved")).toBeVisible();

  await Promise.all(pending);

  // The page itself (in the student's course, where the course-less address redirected), as HTML
  // and as the RSC payload a client-side navigation fetches.
  const pagePath = new URL(page.url()).pathname;
  expect(isExercisePage(pagePath)).toBe(true);
  const html = await page.request.get(pagePath);
  expect(html.ok()).toBe(true);
  bodies.push({ url: `${pagePath} (html)`, body: await html.text() });
  const rsc = await page.request.get(pagePath, { headers: { RSC: "1" } });
  expect(rsc.ok()).toBe(true);
  const rscBody = await rsc.text();
  expect(rscBody).toContain("Answer the steps in any order"); // it is this page's payload
  bodies.push({ url: `${pagePath} (rsc)`, body: rscBody });

  expect(bodies.filter((b) => b.url.includes(EXERCISE_PATH)).length).toBeGreaterThan(4);
  const leaks: string[] = [];
  for (const { url, body } of bodies) {
    for (const needle of needles) {
      if (body.includes(needle) || (compact(needle).length >= 5 && compact(body).includes(compact(needle)))) leaks.push(`${needle} in ${url}`);
    }
  }
  expect(leaks).toEqual([]);
});
