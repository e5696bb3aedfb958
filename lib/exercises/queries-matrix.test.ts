import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { addExerciseVersion, createExercise, findExerciseBySlug, getStudentExercise, toDefinition } from "@/lib/exercises/queries";
import { exerciseSchema, type Exercise } from "@/lib/exercises/definition";
import { matrixExercises } from "@/prisma/fixtures/matrix-exercises";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

async function readBack(slug: string): Promise<Exercise> {
  const stored = await findExerciseBySlug(t.db, slug);
  if (!stored?.currentVersion) throw new Error(`${slug} not stored`);
  return toDefinition(stored.slug, stored.published, stored.currentVersion);
}

/** Every variable kind, with and without each optional matrix field. */
const everyKind = exerciseSchema.parse({
  slug: "every-variable-kind",
  title: "Every variable kind",
  statement: "",
  variables: [
    { name: "n", integer: [2, 4] },
    { name: "k", integer: [-3, 3], latex: "\\kappa", description: "an integer, not a dimension" },
    { name: "X", shape: ["n", 3], range: [-2, 2], latex: "\\mathbf{X}", description: "inputs" },
    { name: "b", range: [-1, 1] },
    { name: "y", values: [0, 1] },
    { name: "Y", shape: [1, 3], values: [-1, 0.5, 2], latex: "\\mathbf{Y}" },
    { name: "H", shape: ["n", 3], onehot: true },
    { name: "O", shape: [2, 3], onehot: true, latex: "O^{[1]}", description: "one-hot" },
    { name: "lam", parameter: [0.1, 0.2], description: "weight decay" },
    { name: "Z", definition: "X + b" },
    { name: "A", definition: "tanh(Z)", latex: "A^{[1]}", description: "activations" },
  ],
  steps: [{ key: "s", title: "s", prompt: "", expected: "X" }],
});

describe("storage of matrix exercises (issue 15)", () => {
  it.each(matrixExercises.map((e) => e.slug))("stores %s and reads it back exactly", async (slug) => {
    const def = exerciseSchema.parse(matrixExercises.find((e) => e.slug === slug));
    await createExercise(t.db, def);
    expect(await readBack(slug)).toEqual(def);
  });

  it("stores every variable kind and reads each back exactly, also in a new version", async () => {
    const created = await createExercise(t.db, everyKind);
    expect(await readBack(everyKind.slug)).toEqual(everyKind);
    // A scalar-only variable list has no spec: the original kinds keep their columns.
    const rows = await t.db.exerciseVariable.findMany({ where: { versionId: created.currentVersionId! }, orderBy: { position: "asc" } });
    expect(rows.find((r) => r.name === "b")?.spec).toBeNull();
    expect(rows.find((r) => r.name === "lam")?.spec).toBeNull();
    const next = { ...everyKind, variables: everyKind.variables.map((v) => (v.name === "X" ? { ...v, shape: ["n", 1] as ["n", 1] } : v)) };
    await addExerciseVersion(t.db, created.id, next);
    expect(await readBack(everyKind.slug)).toEqual(next);
  });

  it("refuses a stored spec that does not parse (a hand-edited row fails loudly)", async () => {
    const exercise = await t.db.exercise.findUniqueOrThrow({ where: { slug: everyKind.slug } });
    const row = await t.db.exerciseVariable.findFirstOrThrow({ where: { name: "X", versionId: exercise.currentVersionId! } });
    await t.db.exerciseVariable.update({ where: { id: row.id }, data: { spec: JSON.stringify({ shape: ["n"] }) } });
    await expect(readBack(everyKind.slug)).rejects.toThrow();
  });

  it("sends a student the variables' shapes and display LaTeX, but no definition, key, mistake or solution", async () => {
    const def = exerciseSchema.parse(matrixExercises[1]);
    const student = await getStudentExercise(t.db, def.slug);
    expect(student?.matrix?.shapes).toContainEqual(["W1", { r: "h", c: "n" }]);
    expect(student?.matrix?.shapes).toContainEqual(["A1", { r: "h", c: "m" }]); // a definition's, inferred
    expect(student?.matrix?.latexNames).toContainEqual(["W1", "W^{[1]}"]);
    const sent = JSON.stringify(student);
    const secrets = [
      ...def.variables.flatMap((v) => ("definition" in v && v.definition !== undefined ? [v.definition] : [])),
      ...def.steps.flatMap((s) => [s.expected, s.solution, ...s.mistakes.map((m) => m.feedback)]),
    ];
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(sent).not.toContain(secret);
  });
});
