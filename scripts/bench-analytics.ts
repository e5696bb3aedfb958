/**
 * Analytics benchmarks: clustering 100,000 wrong answers, and building a 500-student × 20-exercise
 * gradebook (from in-memory rows shaped like the query results, and from a real SQLite file).
 *
 *   npx tsx scripts/bench-analytics.ts           readable tables
 *   npx tsx scripts/bench-analytics.ts --json    one JSON object per section, one per line
 *   --no-db                                      skip the SQLite run
 *
 * `ANALYTICS_SECTIONS` has the same { name, run } shape as scripts/bench.ts's sections, so `npm run
 * bench` can list them before its grading section (whose JSON line must stay last).
 */
import { clusterWrongAnswers, type WrongAnswer } from "../lib/analytics/cluster";
import { buildGradebook, getCourseGradebook, viewGradebook, type GradebookExercise, type ProgressRow } from "../lib/analytics/gradebook";
import { seedExercises } from "../prisma/fixtures";
import type { Variable } from "../lib/grading";

type Section = { name: string; run: () => Promise<{ table: [string, string][]; json: Record<string, unknown> }> };

const logistic = seedExercises.find((e) => e.slug === "logistic-regression-gradient");
if (!logistic) throw new Error("seed exercise missing");
const variables = logistic.variables as Variable[];
const dLda = logistic.steps[0]!;
const step = { variables, mistakes: dLda.mistakes, expected: dLda.expected };

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/** Best of `rounds` runs (ms); the first run also returns its result. */
function best<T>(rounds: number, fn: () => T): { ms: number; result: T } {
  let min = Infinity;
  let result: T | undefined;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const out = fn();
    min = Math.min(min, performance.now() - t0);
    result ??= out;
  }
  return { ms: Math.round(min * 10) / 10, result: result as T };
}

/** Four spellings of "a − y + c/7" (c picks the cluster), made textually distinct by `+ 0*v`. */
function spelling(c: number, v: number): string {
  const k = `${c}/7`;
  const forms = [`a - y + ${k}`, `${k} + a - y`, `(7*a - 7*y + ${c})/7`, `-(y - a) + ${k}`];
  return `${forms[v % 4]} + 0*${v}`;
}

const clustering: Section = {
  name: "clustering",
  async run() {
    const n = 100_000;
    // Realistic: stored answers repeat. 100,000 answers drawn from the classic mistakes' spellings and
    // 400 other distinct forms in 100 clusters (canonical form = the cache key, as stored in Attempt.parsed).
    const common = ["y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)", "(y-a)/(a(1-a))", "y/σ(z) - (1-y)/(1-σ(z))", "1/a - 1/(1-a)", "(1-2a)/(a(1-a))", "log(a)", "-y/a - (1-y)/(1-a)"];
    const realistic: WrongAnswer[] = Array.from({ length: n }, (_, i) => {
      const answer = i % 3 === 0 ? spelling(i % 100, (i >> 7) % 4) : (common[i % common.length] as string);
      return { answer, canonical: answer, userId: `u${i % 5000}`, attemptId: String(i) };
    });
    const r = best(3, () => clusterWrongAnswers(realistic, step));

    // Worst case: every one of the 100,000 answers is a different canonical form (no cache hits),
    // forming exactly 1,000 clusters of 100 spellings each.
    const distinct: WrongAnswer[] = Array.from({ length: n }, (_, i) => ({ answer: spelling(i % 1000, Math.floor(i / 1000) * 4 + (i % 4)) }));
    // First run (cold: includes JIT warm-up, like a server's first request) and best of 3.
    const w = best(1, () => clusterWrongAnswers(distinct, step));
    const wBest = best(2, () => clusterWrongAnswers(distinct, step));
    if (w.result.clusters.length !== 1000 || w.result.clusters.some((c) => c.size !== 100)) {
      throw new Error(`worst case: expected 1000 clusters of 100, got ${w.result.clusters.length}`);
    }
    const json = {
      answers: n,
      realistic_distinct_forms: new Set(realistic.map((a) => a.canonical)).size,
      realistic_clusters: r.result.clusters.length,
      realistic_ms: r.ms,
      all_distinct_clusters: w.result.clusters.length,
      all_distinct_ms: w.ms,
      all_distinct_us_per_answer: Math.round((w.ms * 1000) / n * 10) / 10,
      all_distinct_best_of_3_ms: Math.min(w.ms, wBest.ms),
    };
    return {
      json,
      table: [
        ["100,000 wrong answers, distinct canonical forms (realistic)", String(json.realistic_distinct_forms)],
        ["  clusters found", String(json.realistic_clusters)],
        ["  time (best of 3)", `${json.realistic_ms} ms`],
        ["100,000 wrong answers, all distinct forms (worst case)", `${json.all_distinct_clusters} clusters of 100`],
        ["  time, first run", `${json.all_distinct_ms} ms (${json.all_distinct_us_per_answer} µs per answer)`],
        ["  time, best of 3", `${json.all_distinct_best_of_3_ms} ms`],
      ],
    };
  },
};

function syntheticGradebook(students: number, exerciseCount: number, stepsPer: number) {
  const exercises: GradebookExercise[] = Array.from({ length: exerciseCount }, (_, x) => ({
    id: `e${x}`,
    slug: `exercise-${x}`,
    title: `Exercise ${x}`,
    dueAt: x % 2 === 0 ? new Date(Date.UTC(2026, 0, 10 + x)) : null,
    stepKeys: Array.from({ length: stepsPer }, (_, s) => `s${s}`),
  }));
  const people = Array.from({ length: students }, (_, i) => ({ id: `u${i}`, name: `Student ${String(i).padStart(3, "0")}`, email: `s${i}@bench.test` }));
  const progress: ProgressRow[] = [];
  for (let i = 0; i < students; i++) {
    for (let x = 0; x < exerciseCount; x++) {
      for (let s = 0; s < stepsPer; s++) {
        if ((i * 7 + x * 3 + s) % 10 >= 8) continue; // ~80% of steps touched
        progress.push({
          userId: `u${i}`,
          exerciseId: `e${x}`,
          stepKey: `s${s}`,
          attempts: 1 + ((i + s) % 4),
          solvedAt: (i + x + s) % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 5 + ((i + x) % 20))),
          solutionRevealed: (i + s) % 11 === 0,
          hintsUsed: (i + x) % 3,
          lastActivityAt: new Date(Date.UTC(2026, 0, 5 + ((i + x) % 20), s)),
        });
      }
    }
  }
  return { exercises, students: people, progress };
}

const gradebookSection = (withDb: boolean): Section => ({
  name: "gradebook",
  async run() {
    const STUDENTS = 500;
    const EXERCISES = 20;
    const STEPS = 3;
    const input = syntheticGradebook(STUDENTS, EXERCISES, STEPS);
    const built = best(5, () => buildGradebook(input));
    const viewed = best(5, () => viewGradebook(built.result, { sort: "ex:exercise-7", dir: "desc", q: "student 1" }));
    const json: Record<string, unknown> = {
      students: STUDENTS,
      exercises: EXERCISES,
      progress_rows: input.progress.length,
      build_ms: built.ms,
      sort_filter_ms: viewed.ms,
    };
    const table: [string, string][] = [
      [`${STUDENTS} students × ${EXERCISES} exercises × ${STEPS} steps: progress rows`, input.progress.length.toLocaleString("en")],
      ["  build from in-memory rows (best of 5)", `${built.ms} ms`],
      ["  sort by an exercise column + filter by name", `${viewed.ms} ms`],
    ];
    if (withDb) {
      const db = await sqliteGradebook(input);
      json.sqlite_query_and_build_ms = db.ms;
      table.push(["  real SQLite: getCourseGradebook (3 queries + build, best of 3)", `${db.ms} ms`]);
    }
    return { json, table };
  },
});

/** Same data in a throw-away SQLite file (migrated template), then the real query path. */
async function sqliteGradebook(input: ReturnType<typeof syntheticGradebook>): Promise<{ ms: number }> {
  const { createTestDb } = await import("../lib/testing/test-db");
  const t = await createTestDb();
  try {
    const db = t.db;
    const owner = await db.user.create({ data: { email: "owner@bench.test", name: "Owner", role: "INSTRUCTOR", passwordHash: "x" } });
    const course = await db.course.create({ data: { title: "Bench", ownerId: owner.id } });
    const ids = new Map<string, string>();
    for (const [x, e] of input.exercises.entries()) {
      const ex = await db.exercise.create({ data: { slug: e.slug, published: true } });
      const version = await db.exerciseVersion.create({
        data: {
          exerciseId: ex.id,
          version: 1,
          title: e.title,
          statement: "",
          steps: { create: e.stepKeys.map((key, position) => ({ key, position, title: key, prompt: "", expected: "a" })) },
        },
      });
      await db.exercise.update({ where: { id: ex.id }, data: { currentVersionId: version.id } });
      await db.assignment.create({ data: { courseId: course.id, exerciseId: ex.id, position: x, dueAt: e.dueAt } });
      ids.set(e.id, ex.id);
    }
    const created = await db.user.createManyAndReturn({
      data: input.students.map((s) => ({ email: s.email, name: s.name, passwordHash: "x" })),
      select: { id: true, email: true },
    });
    const byEmail = new Map(created.map((u) => [u.email, u.id]));
    const users = new Map(input.students.map((s) => [s.id, byEmail.get(s.email) as string]));
    await db.enrolment.createMany({ data: created.map((u) => ({ userId: u.id, courseId: course.id })) });
    const rows = input.progress.map((p) => ({ ...p, userId: users.get(p.userId) as string, exerciseId: ids.get(p.exerciseId) as string }));
    for (let i = 0; i < rows.length; i += 5000) await db.stepProgress.createMany({ data: rows.slice(i, i + 5000) });
    let min = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const g = await getCourseGradebook(db, course.id);
      min = Math.min(min, performance.now() - t0);
      if (g?.rows.length !== input.students.length) throw new Error("gradebook rows missing");
    }
    return { ms: Math.round(min * 10) / 10 };
  } finally {
    await t.cleanup();
  }
}

export const ANALYTICS_SECTIONS: Section[] = [clustering, gradebookSection(true)];

async function main() {
  const asJson = process.argv.includes("--json");
  const sections = process.argv.includes("--no-db") ? [clustering, gradebookSection(false)] : ANALYTICS_SECTIONS;
  for (const section of sections) {
    const t0 = performance.now();
    const { table, json } = await section.run();
    if (asJson) console.log(JSON.stringify({ section: section.name, ...json }));
    else {
      const width = Math.max(...table.map(([k]) => k.length));
      console.log(`\n${section.name} (${ms(t0)} ms in all)`);
      for (const [k, v] of table) console.log(`  ${k.padEnd(width)}  ${v}`);
    }
  }
}

if (process.argv[1] && /bench-analytics\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
