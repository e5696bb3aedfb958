/**
 * Hostile input at the HTTP level (issue #13 item 6): raw requests to a real server action of the
 * exercise page, each of which Next answered with HTTP 500 before proxy.ts screened them. Every
 * one must get a 4xx with a JSON message, and store nothing.
 */
import type { Request } from "@playwright/test";
import { answerBox, dbTask, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";

type Captured = { url: string; actionId: string; body: string };
type Work = { attempts: number; drafts: { stepKey: string; text: string }[]; reveals: number };

test("malformed, oversized, cross-site and non-text action requests get a 4xx with a message and store nothing", async ({ page, student }) => {
  // The ids of the real Check and draft actions, read from requests the page itself sends.
  const captured: Captured[] = [];
  page.on("request", (request: Request) => {
    const actionId = request.headers()["next-action"];
    if (request.method() === "POST" && actionId) captured.push({ url: request.url(), actionId, body: request.postData() ?? "" });
  });
  await signIn(page, student, EXERCISE_PATH);
  const title = "dL/da";
  await answerBox(page, title).fill("a + y");
  await expect(stepCard(page, title).getByText("Draft saved")).toBeVisible();
  await answerBox(page, title).press("Enter");
  await expect(stepCard(page, title).getByRole("status")).toContainText("Not yet");
  const check = captured.find((c) => c.body.includes('"answer"'));
  const draft = captured.find((c) => c.body.includes('"text"'));
  expect(check, "the page sent a Check").toBeDefined();
  expect(draft, "the page sent a draft").toBeDefined();
  const before = dbTask<Work>("work", student.id);
  expect(before.attempts).toBe(1);

  const origin = new URL(page.url()).origin;
  const post = (action: Captured, data: string | Buffer, headers: Record<string, string> = {}) =>
    page.request.post(action.url, {
      headers: { "Next-Action": action.actionId, "Content-Type": "text/plain;charset=UTF-8", Origin: origin, Accept: "text/x-component", ...headers },
      data,
      failOnStatusCode: false,
      maxRedirects: 0,
    });
  // The captured bodies, edited: same shape as the browser's, one hostile detail each.
  const checkBody = (answer: string) => check!.body.replace(/"answer":"(?:[^"\\]|\\.)*"/, `"answer":${answer}`);
  const draftBody = (text: string) => draft!.body.replace(/"text":"(?:[^"\\]|\\.)*"/, `"text":${text}`);
  expect(checkBody('"a - y"')).not.toBe(check!.body);

  const cases: { name: string; send: () => ReturnType<typeof post>; status: number }[] = [
    { name: "draft text with a lone surrogate", send: () => post(draft!, draftBody('"a\\ud800"')), status: 400 },
    { name: "answer with a lone surrogate", send: () => post(check!, checkBody('"\\udc00"')), status: 400 },
    { name: "non-JSON body", send: () => post(check!, "this is not json"), status: 400 },
    { name: "empty body", send: () => post(check!, ""), status: 400 },
    { name: '"answer":"$1" sent raw (a reference to a part that does not exist)', send: () => post(check!, checkBody('"$1"')), status: 400 },
    { name: "2.5 MB body", send: () => post(check!, checkBody(JSON.stringify("x".repeat(2.5 * 1024 * 1024)))), status: 413 },
    { name: "foreign Origin", send: () => post(check!, checkBody('"a - y"'), { Origin: "https://evil.example" }), status: 403 },
  ];
  // Soft: every case is tried and reported, not only the first that fails.
  for (const c of cases) {
    const response = await c.send();
    expect.soft(response.status(), c.name).toBe(c.status);
    const body = (await response.json().catch(() => ({}))) as { error?: unknown };
    expect.soft(typeof body.error, `${c.name}: a JSON message`).toBe("string");
    expect.soft(String(body.error).length, c.name).toBeGreaterThan(5);
  }

  // Nothing was stored: no attempt, the draft is still the page's own, no reveal.
  const after = dbTask<Work>("work", student.id);
  expect(after).toEqual(before);

  // The captured requests themselves still work (the screening lets real clients through).
  const fine = await post(check!, checkBody('"a - y"'));
  expect(fine.status()).toBe(200);
  expect(dbTask<Work>("work", student.id).attempts).toBe(2);
});
