/**
 * `npm run demo:activity`: adds simulated students (sim01…sim25@stepwise.test, password = the demo
 * password) to the demo course, with realistic work on the seeded exercises over the past two weeks,
 * so the gradebook, the drill-down, the analytics and the charts have something to show.
 *
 * Every answer is graded by the real engine (gradeAnswer) and stored with the student flow's
 * recordGradedAttempt (Attempt + StepProgress in one transaction); invalid input is graded too but,
 * as in the app, never stored. Idempotent: a simulated student who already exists is left alone.
 * Deterministic: the same seed gives the same students, answers and (relative) times.
 */
import { createPrismaClient, type PrismaClient } from "../lib/platform/prisma-client";
import { resolveDatabaseUrl } from "../lib/platform/database-url";
import { hashPassword } from "../lib/auth/password";
import { drawParameters, withParameters } from "../lib/exercises/parameters";
import { findExerciseBySlug, toDefinition } from "../lib/exercises/queries";
import { recordGradedAttempt } from "../lib/student-work/attempts";
import { recordHintReveal, recordSolutionReveal } from "../lib/student-work/progress";
import { gradeAnswer, type Variable } from "../lib/grading";
import { seed as seedDemo } from "../prisma/seed";
import { DEMO_PASSWORD, demoAccounts, demoCourse } from "../prisma/fixtures";
import { mulberry32 } from "../lib/grading/prng";

/** Answers a simulated student may type, per step key: correct in many notations, the classic mistakes in
 * several spellings, mistakes no author anticipated, and invalid input. */
type Pool = { correct: string[]; known: string[][]; unrecognised: string[][]; invalid: string[] };

export const ANSWER_POOLS: Record<string, Pool> = {
  dL_da: {
    correct: ["-y/a + (1-y)/(1-a)", "(a-y)/(a(1-a))", "(a - y)/(a*(1 - a))", "-y/σ(z) + (1-y)/(1-σ(z))", "(1-y)/(1-a) - y/a", "(σ(z)-y)/(σ(z)(1-σ(z)))", "(a-y)/(a-a^2)"],
    known: [
      // The missing −1 from the chain rule, written four ways.
      ["y/a - (1-y)/(1-a)", "y/a-(1-y)/(1-a)", "(y-a)/(a(1-a))", "y/σ(z) - (1-y)/(1-σ(z))"],
      ["-y/a - (1-y)/(1-a)", "-(y/a + (1-y)/(1-a))"],
      ["-(y*log(a) + (1-y)*log(1-a))", "-y log(a) - (1-y) log(1-a)"],
      ["log(a)"],
    ],
    unrecognised: [["1/a - 1/(1-a)", "1/a-1/(1-a)", "(1-2a)/(a(1-a))"]],
    invalid: ["a -* y", "(a-y)/(a(1-a)", "y/a - (1-y)/(1-b)"],
  },
  da_dz: {
    correct: ["a(1-a)", "a*(1-a)", "σ(z)(1-σ(z))", "a - a^2", "exp(-z)/(1+exp(-z))^2", "sigma(z)*(1-sigma(z))"],
    known: [["a(1+a)", "a*(1+a)"], ["sigma(z)^2", "a^2"], ["1-a", "1 - σ(z)", "exp(-z)/(1+exp(-z))"]],
    unrecognised: [["-a(1-a)", "a(a-1)"], ["exp(-z)/(1+exp(-z))^3"]],
    invalid: ["a(1-a", "σ(z)(1-σ(z)"],
  },
  dL_dz: {
    correct: ["a - y", "a-y", "σ(z) - y", "-(y-a)", "1/(1+exp(-z)) - y"],
    known: [["y - a", "y-a", "-(a-y)"], ["(a-y)*a*(1-a)", "(a-y)a(1-a)"]],
    unrecognised: [["a(1-y)"], ["a - y + 1"]],
    invalid: ["a - y)", "a - * y"],
  },
  quotient: {
    correct: ["1 - tanh(z)^2", "1/cosh(z)^2", "4/(exp(z)+exp(-z))^2", "1-tanh(z)^2"],
    known: [["1 + tanh(z)^2", "1+tanh(z)^2"], ["(exp(z)+exp(-z))/(exp(z)-exp(-z))", "1/tanh(z)"]],
    unrecognised: [["tanh(z)^2 - 1"], ["2/(exp(z)+exp(-z))^2"]],
    invalid: ["1 - tanh(z^2", "sech(z)^2"],
  },
  in_terms_of_t: {
    correct: ["1 - t^2", "(1-t)(1+t)", "1-t*t", "1 - t²"],
    known: [["1 - t", "1-t"], ["t(1-t)", "t - t^2"]],
    unrecognised: [["1 + t^2"], ["2t"]],
    invalid: ["1 - tanh(z)^2", "1 - t^^2"],
  },
};

export const SIMULATED_NAMES = [
  "Amara Okafor", "Bence Kovács", "Chen Wei", "Dilnoza Karimova", "Elif Yılmaz", "Felipe Souza", "Grace Mensah",
  "Hiroshi Tanaka", "Ines Moreau", "Jonas Berg", "Kavya Iyer", "Liam O'Connor", "Mariam Haddad", "Nikolai Petrov",
  "Olivia Smith", "Priya Natarajan", "Quentin Dubois", "Rosa Martínez", "Samuel Adeyemi", "Tuğba Demir",
  "Uma Sharma", "Viktor Novak", "Wen Li", "Ximena Rojas", "Yusuf Aydın",
];

export const simulatedEmail = (i: number) => `sim${String(i + 1).padStart(2, "0")}@stepwise.test`;

const DAY = 86_400_000;
const MINUTE = 60_000;

export type DemoActivityResult = { students: number; created: number; attempts: number; invalidInputs: number; hints: number; solutions: number };

/**
 * Adds the simulated students and their work. `now` anchors the two-week window (tests pass a fixed one).
 */
export async function addDemoActivity(
  db: PrismaClient,
  options: { students?: number; seed?: number; now?: Date; log?: (line: string) => void } = {},
): Promise<DemoActivityResult> {
  const count = Math.min(options.students ?? 25, SIMULATED_NAMES.length);
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const chance = (p: number) => random() < p;

  await seedDemo(db); // idempotent: the demo course and exercises must exist
  const instructor = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.instructor.email } });
  const course = await db.course.findFirstOrThrow({ where: { ownerId: instructor.id, title: demoCourse.title } });
  const assignments = await db.assignment.findMany({
    where: { courseId: course.id },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, dueAt: true, exercise: { select: { slug: true } } },
  });
  // A due date in the past on the second exercise, so "late" shows in the gradebook.
  const tanh = assignments.find((a) => a.exercise.slug === "tanh-derivative");
  if (tanh && tanh.dueAt === null) {
    tanh.dueAt = new Date(now.getTime() - 4 * DAY);
    await db.assignment.update({ where: { id: tanh.id }, data: { dueAt: tanh.dueAt } });
  }

  const exercises = [];
  for (const a of assignments) {
    const ex = await findExerciseBySlug(db, a.exercise.slug);
    if (!ex?.currentVersion) continue;
    const def = toDefinition(ex.slug, ex.published, ex.currentVersion);
    exercises.push({ id: ex.id, def, steps: ex.currentVersion.steps });
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const result: DemoActivityResult = { students: count, created: 0, attempts: 0, invalidInputs: 0, hints: 0, solutions: 0 };
  let missingMinusOneSpelling = 0;

  for (let i = 0; i < count; i++) {
    const email = simulatedEmail(i);
    // Draw this student's randomness even when skipping, so re-runs with more students stay stable.
    const skill = random();
    const startDay = 3 + random() * 10.5; // days ago; the last exercise still ends before now
    const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
    const user = existing ?? (await db.user.create({ data: { email, name: SIMULATED_NAMES[i] as string, role: "STUDENT", passwordHash } }));
    await db.enrolment.upsert({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, create: { userId: user.id, courseId: course.id }, update: {} });
    if (existing) continue;
    result.created++;
    // A couple of students enrol and never start.
    if (i % 12 === 11) continue;

    let t = now.getTime() - startDay * DAY;
    for (const [x, ex] of exercises.entries()) {
      if (x > 0) {
        // Some stop after the first exercise; the others come back a day or two later.
        if (skill < 0.25 && chance(0.5)) break;
        t += (0.5 + random() * 2) * DAY;
      }
      // Each simulated student is graded with their own per-student parameters, as the app does.
      const variables: Variable[] = withParameters(ex.def.variables, drawParameters(ex.def.variables, ex.id, user.id));
      for (const [s, stepDef] of ex.def.steps.entries()) {
        const step = ex.steps[s];
        const pool = ANSWER_POOLS[stepDef.key];
        if (!step || !pool) continue;
        // Weaker students sometimes leave an exercise half done.
        if (s > 0 && chance(0.12 * (1 - skill))) break;
        const hard = stepDef.key === "dL_da" ? 0.35 : 0;
        let wrongBeforeCorrect = 0;
        while (chance(Math.min(0.85, 0.6 - 0.5 * skill + hard)) && wrongBeforeCorrect < 5) wrongBeforeCorrect++;
        let solved = false;
        let revealedHints = 0;

        const gradeAndStore = async (answer: string) => {
          t += (0.5 + random() * 6) * MINUTE;
          const graded = gradeAnswer(answer, { expected: stepDef.expected, mistakes: stepDef.mistakes, allowedVariables: stepDef.allowedVariables, form: stepDef.form }, variables);
          if (graded.verdict === "invalid" || graded.verdict === "error") {
            result.invalidInputs++; // shown to the student, never stored
            return graded.verdict;
          }
          const correct = graded.verdict === "correct";
          const at = new Date(t);
          const { attemptId } = await recordGradedAttempt(db, {
            userId: user.id,
            exerciseId: ex.id,
            courseId: course.id,
            stepId: step.id,
            stepKey: step.key,
            answer,
            parsed: graded.canonical,
            verdict: correct ? "CORRECT" : "INCORRECT",
            feedback: graded.feedback,
            diagnosis: graded.verdict === "incorrect" ? graded.diagnosis : null,
            mistakeId: graded.verdict === "incorrect" && graded.mistakeIndex !== undefined ? (step.mistakes[graded.mistakeIndex]?.id ?? null) : null,
            seed: graded.seed,
          });
          // Backdate into the simulated timeline (recordGradedAttempt stamps "now").
          await db.attempt.update({ where: { id: attemptId }, data: { createdAt: at } });
          const key = { userId_exerciseId_stepKey: { userId: user.id, exerciseId: ex.id, stepKey: step.key } };
          await db.stepProgress.update({ where: key, data: { lastActivityAt: at, ...(correct && !solved ? { solvedAt: at } : {}) } });
          if (correct) solved = true;
          result.attempts++;
          return graded.verdict;
        };

        const backdateProgress = async () => {
          const at = new Date(t);
          await db.stepProgress.update({ where: { userId_exerciseId_stepKey: { userId: user.id, exerciseId: ex.id, stepKey: step.key } }, data: { lastActivityAt: at } });
          return at;
        };

        for (let w = 0; w < wrongBeforeCorrect; w++) {
          if (chance(0.2)) await gradeAndStore(pick(pool.invalid));
          let answer: string;
          const r = random();
          if (stepDef.key === "dL_da" && w === 0 && r < 0.65) {
            // The classic: cycle through its spellings so every one of them shows up.
            const spellings = pool.known[0] as string[];
            answer = spellings[missingMinusOneSpelling++ % spellings.length] as string;
          } else if (r < 0.7) answer = pick(pick(pool.known));
          else answer = pick(pick(pool.unrecognised));
          await gradeAndStore(answer);
          if (w === 0 && stepDef.hints.length > revealedHints && chance(0.55)) {
            t += random() * 3 * MINUTE;
            await recordHintReveal(db, { userId: user.id, exerciseId: ex.id, stepKey: step.key, hintIndex: revealedHints++ });
            const at = await backdateProgress();
            await db.hintReveal.updateMany({ where: { userId: user.id, exerciseId: ex.id, stepKey: step.key, hintIndex: revealedHints - 1 }, data: { createdAt: at } });
            result.hints++;
          }
        }
        if (wrongBeforeCorrect >= stepDef.attemptsBeforeSolution && chance(0.5)) {
          t += random() * 4 * MINUTE;
          await recordSolutionReveal(db, { userId: user.id, exerciseId: ex.id, stepKey: step.key, courseId: course.id });
          const at = await backdateProgress();
          await db.solutionReveal.updateMany({ where: { userId: user.id, exerciseId: ex.id, stepKey: step.key }, data: { createdAt: at } });
          result.solutions++;
        }
        // Most go on to answer correctly; a few give up on this step (and the rest of the exercise).
        if (chance(0.08 * (1 - skill))) break;
        await gradeAndStore(pick(pool.correct));
      }
    }
  }
  options.log?.(
    `Demo activity: ${result.created} new simulated students (of ${count}), ${result.attempts} attempts, ` +
      `${result.invalidInputs} invalid inputs (not stored), ${result.hints} hints and ${result.solutions} solutions revealed.`,
  );
  return result;
}

async function main() {
  const db = createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL));
  try {
    await addDemoActivity(db, { log: (line) => console.log(line) });
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && /demo-activity\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
