/**
 * Fixtures for the student e2e specs. A fresh student, enrolled in the demo course, is written
 * straight into this run's e2e database (the same file the web server uses), so specs never share
 * a student and don't depend on each other's order. Signing in goes through the real sign-in page.
 */
import { test as base, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export const EXERCISE_SLUG = "logistic-regression-gradient";
/** The course-less address: it redirects a student to the exercise in their course,
 * `/courses/<id>/exercises/<slug>` (docs/decisions/009). */
export const EXERCISE_PATH = `/exercises/${EXERCISE_SLUG}`;

/** Is this the exercise page at `path`, course-less or in a course (after the redirect)? */
export function isExercisePage(pathname: string, path = EXERCISE_PATH): boolean {
  return pathname === path || /^\/courses\/[^/]+\/exercises\/[^/]+$/.test(pathname) && pathname.endsWith(path);
}

export type Account = { id: string; email: string; password: string; name: string };
export type ExerciseKey = { variables: string[]; publicText: string; steps: { key: string; expected: string; mistakes: string[] }[] };

const requireHere = createRequire(__filename);

/** Runs e2e/db-task.ts against the web server's database (E2E_DATABASE_FILE, see playwright.config.ts). */
export function dbTask<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, [requireHere.resolve("tsx/cli"), "e2e/db-task.ts", ...args], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE_FILE ?? "prisma/e2e.db"}` },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = out.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as T;
}

export function createEnrolledStudent(label = "student"): Account {
  return dbTask<Account>("create-student", label);
}

/** Signs in through the sign-in page and waits until the app has redirected to `next` (an
 * exercise's course-less address ends at the exercise in the student's course). */
export async function signIn(page: Page, account: { email: string; password: string }, next = "/"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => (next.startsWith("/exercises/") ? isExercisePage(url.pathname, next) : url.pathname === next));
}

type Fixtures = { student: Account };

export const test = base.extend<Fixtures>({
  // A fresh student enrolled in the demo course, for this test only.
  student: async ({}, provide, testInfo) => {
    await provide(createEnrolledStudent(testInfo.title.replace(/[^a-z]+/gi, "-").slice(0, 20).toLowerCase() || "student"));
  },
});

export { expect };

/** The answer box of a step, by its accessible name. */
export function answerBox(page: Page, title: string) {
  return page.getByRole("textbox", { name: `Answer for ${title}` });
}

/** The step card (list item) containing the answer box of a step. */
export function stepCard(page: Page, title: string) {
  return page.getByRole("listitem").filter({ has: answerBox(page, title) });
}
