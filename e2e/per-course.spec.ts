/**
 * Work belongs to a course (issue #13 item 2, docs/decisions/009): another instructor's course
 * assigns the demo exercise with a past due date and the demo course's student joins it too. The
 * course-less address asks which course; in the demo course the solutions stay closed, in the
 * other course its due date opens them.
 */
import { dbTask, expect, EXERCISE_PATH, signIn, stepCard, test } from "./fixtures";
import { demoCourse } from "../prisma/fixtures";

test("with two courses assigning an exercise, the student chooses, and only the chosen course's due date counts", async ({ page, student }) => {
  const other = dbTask<{ courseId: string; title: string }>("second-course", student.id);
  await signIn(page, student, "/");
  await page.goto(EXERCISE_PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Which course are you working in?" })).toBeVisible();

  await page.getByRole("link", { name: demoCourse.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Logistic regression/ })).toBeVisible();
  expect(new URL(page.url()).pathname).not.toContain(other.courseId);
  await expect(page.getByText(/the due date has passed/)).toHaveCount(0);
  await expect(stepCard(page, "dL/da").getByRole("button", { name: /Show worked solution/ })).toHaveCount(0);

  await page.goto(EXERCISE_PATH);
  await page.getByRole("link", { name: other.title }).click();
  await expect(page.getByText(/the due date has passed: worked solutions are available/)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/courses/${other.courseId}${EXERCISE_PATH}`);
  await stepCard(page, "dL/da").getByRole("button", { name: "Show worked solution for dL/da" }).click();
  await page.getByRole("dialog", { name: "Show the worked solution?" }).getByRole("button", { name: "Show the solution" }).click();
  await expect(stepCard(page, "dL/da").getByRole("region", { name: "Worked solution for dL/da" })).toContainText("Expected");

  // Back in the demo course, the reveal in the other course opens nothing.
  await page.goto(EXERCISE_PATH);
  await page.getByRole("link", { name: demoCourse.title }).click();
  await expect(stepCard(page, "dL/da").getByRole("region", { name: "Worked solution for dL/da" })).toHaveCount(0);
  await expect(stepCard(page, "dL/da").getByRole("button", { name: /Show worked solution/ })).toHaveCount(0);
});
