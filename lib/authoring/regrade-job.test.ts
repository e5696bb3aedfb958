/**
 * The bulk regrade as a job row (issue 18): a job whose server dies is taken over by another once
 * its lease expires, continues from its cursor, and ends with exact counts — no chunk regraded
 * twice, none skipped — while the server that stalled finds it lost the lease and stops.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, demoUser, type TestDb } from "@/lib/testing/test-db";
import type { CurrentUser } from "@/lib/auth/types";
import type { ExerciseInput } from "@/lib/exercises/definition";
import { saveExercise } from "./cores";
import { claimAbandonedRegrades, createRegradeJob, regradeSummary, runRegradeJob } from "./regrade";

let t: TestDb;
let instructor: CurrentUser;

beforeAll(async () => {
  t = await createTestDb({ seeded: true });
  instructor = await demoUser(t.db, "instructor");
});
afterAll(() => t.cleanup());

const exercise = (expected: string): ExerciseInput => ({
  slug: "job-polynomial",
  title: "A polynomial",
  statement: "Differentiate $f(x) = x^2 + x$.",
  variables: [{ name: "x", range: [-2, 2] }],
  steps: [{ key: "df", title: "f'(x)", prompt: "", expected }],
});

describe("regrade job: lease, takeover, exact counts", () => {
  it("a job abandoned part-way is finished by another server; the stalled one stops without writing", async () => {
    const created = await saveExercise(t.db, instructor, { exercise: exercise("2x") });
    if (!created.ok) throw new Error(created.formError);
    const id = created.exerciseId;
    const step = await t.db.step.findFirstOrThrow({ where: { key: "df", version: { currentOf: { id } } } });
    const students = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.db.user.create({ data: { email: `job-${i}@test.local`, name: `Job ${i}`, passwordHash: "x" } })),
    );
    // 10 students × 2 attempts: "2x" (correct under the old key) and "2x + 1" (incorrect under it).
    for (const [i, s] of students.entries()) {
      for (const [j, answer] of ["2x", "2x + 1"].entries()) {
        await t.db.attempt.create({
          data: { userId: s.id, exerciseId: id, stepId: step.id, stepKey: "df", answer, parsed: answer, verdict: j === 0 ? "CORRECT" : "INCORRECT", seed: 1, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i, j)) },
        });
      }
    }
    const saved = await saveExercise(t.db, instructor, { exerciseId: id, exercise: exercise("2x + 1") });
    expect(saved).toMatchObject({ ok: true, newVersion: true });

    const job = await createRegradeJob(t.db, id, instructor.id, "server-a");
    // Asking again while it runs gives the same job (one at a time per exercise).
    expect((await createRegradeJob(t.db, id, instructor.id, "server-b")).id).toBe(job.id);

    let calls = 0;
    let takeover: "done" | "lost" | "failed" | null = null;
    const a = await runRegradeJob(t.db, job.id, "server-a", {
      chunkSize: 3,
      onProgress: async () => {
        calls++;
        if (calls !== 3) return;
        // Server A stalls after two chunks (6 attempts) past its lease: server B takes over.
        await t.db.regradeJob.update({ where: { id: job.id }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
        expect(await claimAbandonedRegrades(t.db, "server-b")).toEqual([job.id]);
        takeover = await runRegradeJob(t.db, job.id, "server-b", { chunkSize: 3 });
      },
    });
    expect(takeover).toBe("done");
    expect(a).toBe("lost");

    const finished = await t.db.regradeJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(finished).toMatchObject({ status: "done", runs: 2, leaseOwner: "server-b", regraded: 20, unchanged: 0, unmatched: 0 });
    const summary = await regradeSummary(t.db, finished);
    expect(summary).toMatchObject({ version: 2, total: 20, regraded: 20, studentsAffected: 10 });
    expect(summary.changed).toHaveLength(20);
    expect(await t.db.attempt.count({ where: { exerciseId: id, regradedAt: finished.stamp } })).toBe(20);
    expect(await t.db.attempt.count({ where: { exerciseId: id, answer: "2x + 1", verdict: "CORRECT" } })).toBe(10);
    const progress = await t.db.stepProgress.findMany({ where: { exerciseId: id } });
    expect(progress).toHaveLength(10);
    expect(progress.every((p) => p.attempts === 2 && p.incorrect === 1 && p.solvedAt !== null && !p.firstTryCorrect)).toBe(true);
  });

  it("a job whose lease has not expired is not taken over", async () => {
    const job = await t.db.regradeJob.findFirstOrThrow();
    await t.db.regradeJob.update({ where: { id: job.id }, data: { status: "running", leaseOwner: "server-c", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    expect(await claimAbandonedRegrades(t.db, "server-d")).toEqual([]);
    expect(await runRegradeJob(t.db, job.id, "server-d")).toBe("lost");
    await t.db.regradeJob.update({ where: { id: job.id }, data: { status: "done" } });
  });

  it("two runners of one job at once (a double click): each chunk is applied once", async () => {
    const id = (await t.db.exercise.findUniqueOrThrow({ where: { slug: "job-polynomial" } })).id;
    const job = await createRegradeJob(t.db, id, instructor.id, "server-e");
    const outcomes = await Promise.all([runRegradeJob(t.db, job.id, "server-e", { chunkSize: 2 }), runRegradeJob(t.db, job.id, "server-e", { chunkSize: 2 })]);
    expect(outcomes).toContain("done");
    const finished = await t.db.regradeJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(finished).toMatchObject({ status: "done", regraded: 20, unchanged: 20 });
  });
});
