import { z } from "zod";

/**
 * The portable shape of one exercise: used by the seed fixtures, the authoring editor,
 * import/export files and the CLI. Expressions are validated against the grading engine
 * separately (lib/grading), because zod only checks shape.
 */

export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Every list is bounded too: the server grades each question test on save, import and publish,
 * so an unbounded list in one request would keep the process busy for everyone. Generous for
 * real exercises (the seed ones use a handful of each). */
export const EXERCISE_LIMITS = {
  variables: 50,
  steps: 50,
  hints: 20,
  mistakes: 100,
  tests: 100,
  forbiddenFunctions: 50,
  exercisesPerFile: 100,
} as const;

export const variableNameSchema = z
  .string()
  .regex(IDENTIFIER, "must start with a letter and contain only letters, digits and _")
  .max(32);

/**
 * Matrix exercises (issue 15, lib/grading/README.md "Matrix steps"): a shape [rows, columns], each a
 * dimension variable's name or a fixed size; optional display LaTeX of the name.
 */
const dimSchema = z.union([z.string().regex(IDENTIFIER).max(32), z.number().int().min(1).max(1000)]);
export const shapeSchema = z.tuple([dimSchema, dimSchema]);
const matrixFields = {
  shape: shapeSchema.optional(),
  latex: z.string().max(100).optional(),
};
/**
 * The kinds added for matrix exercises have no definition; saying so in their type (`definition?:
 * undefined`) keeps code that tells the two original kinds apart with `"range" in v` type-correct.
 */
const noDefinition = { definition: z.undefined().optional() };

export const sampledVariableSchema = z
  .object({
    name: variableNameSchema,
    ...matrixFields,
    range: z
      .tuple([z.number(), z.number()])
      .refine(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, {
        message: "range must be [min, max] with min < max",
      }),
    description: z.string().max(500).optional(),
  })
  .strict();

export const definedVariableSchema = z
  .object({
    name: variableNameSchema,
    definition: z.string().min(1, "definition must not be empty").max(500),
    description: z.string().max(500).optional(),
    latex: z.string().max(100).optional(),
  })
  .strict();

/**
 * A per-student parameter: each student gets one of `parameter`'s values, drawn once from their id
 * and the exercise's (lib/exercises/parameters.ts), e.g. a weight decay λ ∈ {0.1, 0.2, 0.5}. Authors
 * show it in the statement, prompts, hints and solutions by writing `{name}`.
 */
export const parameterVariableSchema = z
  .object({
    name: variableNameSchema,
    parameter: z
      .array(z.number())
      .min(1, "give at least one value")
      .max(20)
      .refine((values) => values.every(Number.isFinite) && new Set(values).size === values.length, { message: "values must be finite and distinct" }),
    description: z.string().max(500).optional(),
  })
  .strict();

/** Entries (or a scalar) drawn from a finite set at every grading point, e.g. labels [0, 1]. */
export const valuesVariableSchema = z
  .object({
    name: variableNameSchema,
    ...matrixFields,
    values: z.array(z.number().finite()).min(1).max(100),
    ...noDefinition,
    description: z.string().max(500).optional(),
  })
  .strict();

/** An integer in [min, max] inclusive; named in a shape, it is a dimension drawn at every point. */
export const integerVariableSchema = z
  .object({
    name: variableNameSchema,
    integer: z
      .tuple([z.number().int(), z.number().int()])
      .refine(([lo, hi]) => lo <= hi, { message: "integer must be [min, max] with min ≤ max" }),
    ...noDefinition,
    description: z.string().max(500).optional(),
    latex: z.string().max(100).optional(),
  })
  .strict();

/** A K×m matrix of one-hot columns (a random class per column). */
export const onehotVariableSchema = z
  .object({
    name: variableNameSchema,
    shape: shapeSchema,
    onehot: z.literal(true),
    ...noDefinition,
    description: z.string().max(500).optional(),
    latex: z.string().max(100).optional(),
  })
  .strict();

export const variableSchema = z.union([
  sampledVariableSchema,
  definedVariableSchema,
  parameterVariableSchema,
  valuesVariableSchema,
  integerVariableSchema,
  onehotVariableSchema,
]);
export type VariableInput = z.infer<typeof variableSchema>;

export const knownMistakeSchema = z
  .object({
    expression: z.string().min(1).max(500),
    feedback: z.string().min(1).max(2000),
  })
  .strict();

/** A question test's expected verdict; `carried-forward` needs the step's `follows` and the test's `earlier`. */
export const verdictSchema = z.enum(["correct", "incorrect", "invalid", "carried-forward"]);

const stepKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, "use letters, digits, _ or -")
  .max(64);

export const questionTestSchema = z
  .object({
    answer: z.string().max(500),
    verdict: verdictSchema,
    feedbackIncludes: z.string().max(500).optional(),
    /** The student's earlier answers (by step key) this row assumes, for follow-through tests. */
    earlier: z.record(stepKeySchema, z.string().max(500)).optional(),
  })
  .strict();

export const formRequirementSchema = z
  .object({
    maxOperations: z.number().int().positive().optional(),
    forbiddenFunctions: z.array(z.string().max(32)).max(EXERCISE_LIMITS.forbiddenFunctions).optional(),
    message: z.string().max(500).optional(),
  })
  .strict();

export const stepSchema = z
  .object({
    key: stepKeySchema,
    title: z.string().min(1).max(200),
    prompt: z.string().max(5000),
    expected: z.string().min(1).max(500),
    allowedVariables: z.array(variableNameSchema).max(EXERCISE_LIMITS.variables).optional(),
    hints: z.array(z.string().min(1).max(2000)).max(EXERCISE_LIMITS.hints).default([]),
    mistakes: z.array(knownMistakeSchema).max(EXERCISE_LIMITS.mistakes).default([]),
    tests: z.array(questionTestSchema).max(EXERCISE_LIMITS.tests).default([]),
    solution: z.string().max(5000).default(""),
    attemptsBeforeSolution: z.number().int().min(0).max(100).default(3),
    /** The step's share of the exercise's points, relative to the other steps (issue 17 item 8; default 1 = equal shares). */
    weight: z.number().min(0).max(1000).optional(),
    form: formRequirementSchema.optional(),
    /** Follow-through: how this step follows from earlier ones, e.g. "[dL_da] * [da_dz]" (lib/grading/follow-through.ts). */
    follows: z.string().min(1).max(500).optional(),
  })
  .strict();
export type StepInput = z.infer<typeof stepSchema>;

/** Function buttons the symbol palette can show (lib/student-work/palette.ts). */
export const PALETTE_FUNCTIONS = ["sigma", "tanh", "exp", "log"] as const;
export const paletteFunctionSchema = z.enum(PALETTE_FUNCTIONS);

export const exerciseSchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens")
      .max(80),
    title: z.string().min(1).max(200),
    statement: z.string().max(20000),
    published: z.boolean().default(false),
    variables: z.array(variableSchema).min(1, "declare at least one variable").max(EXERCISE_LIMITS.variables),
    steps: z.array(stepSchema).min(1, "add at least one step").max(EXERCISE_LIMITS.steps),
    /** Credit for a carried-forward step as a fraction of a solved one (default 1: full marks for the method). */
    followThroughCredit: z.number().min(0).max(1).optional(),
    /** The function buttons of the students' symbol palette, in order (issue 17 item 7); absent = those the statement mentions. */
    palette: z.array(paletteFunctionSchema).max(PALETTE_FUNCTIONS.length).optional(),
  })
  .strict()
  .superRefine((exercise, ctx) => {
    const names = new Set<string>();
    exercise.variables.forEach((v, i) => {
      if (names.has(v.name)) {
        ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `duplicate variable "${v.name}"` });
      }
      names.add(v.name);
    });
    const keys = new Set<string>();
    exercise.steps.forEach((s, i) => {
      if (keys.has(s.key)) {
        ctx.addIssue({ code: "custom", path: ["steps", i, "key"], message: `duplicate step key "${s.key}"` });
      }
      keys.add(s.key);
      s.tests.forEach((t, j) => {
        if (t.verdict === "carried-forward" && (!s.follows || !t.earlier)) {
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, "tests", j, "verdict"],
            message: "a carried-forward test needs the step's follows and the test's earlier answers",
          });
        }
      });
      s.allowedVariables?.forEach((name, j) => {
        if (!names.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, "allowedVariables", j],
            message: `unknown variable "${name}"`,
          });
        }
      });
    });
  });
export type ExerciseInput = z.input<typeof exerciseSchema>;
export type Exercise = z.output<typeof exerciseSchema>;

/** Versioned file format for import/export. */
export const EXERCISE_FILE_FORMAT = "stepwise.exercises";
export const EXERCISE_FILE_VERSION = 1;

export const exerciseFileSchema = z
  .object({
    format: z.literal(EXERCISE_FILE_FORMAT),
    version: z.literal(EXERCISE_FILE_VERSION),
    exercises: z.array(exerciseSchema).min(1).max(EXERCISE_LIMITS.exercisesPerFile),
  })
  .strict();
export type ExerciseFile = z.output<typeof exerciseFileSchema>;
