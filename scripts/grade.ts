/**
 * Batch grading CLI.
 *
 *   npm run -s grade -- --jsonl < cases.jsonl
 *     in : {"id": "c1", "variables": [...], "expected": "a - y", "answer": "σ(z) − y",
 *           "mistakes"?: [{"expression", "feedback"}], "seed"?, "points"?, "allowedVariables"?, "form"?}
 *     out: {"id": "c1", "verdict": "correct"|"incorrect"|"invalid"|"error", "reason": "...", "latex"?: "...",
 *           "diagnosis"?, "mistakeIndex"?, "canonical"?, "seed"?, "start"?, "end"?}
 *     One output line per input line, in order. A malformed line gives verdict "error" and the CLI goes on.
 *
 *   npm run -s grade -- --expected "a - y" --answer "σ(z) − y" [--seed N]
 *     Convenience mode with the seed exercise's variables (z ∈ [-4,4], y ∈ [0,1], a = sigma(z)).
 */
import { createInterface } from "node:readline";
import {
  compileStep,
  gradeWithFollowThrough,
  verdictText,
  type CompiledStep,
  type FollowThroughResult,
  type StepKey,
  type Variable,
} from "../lib/grading";

const SEED_VARIABLES: Variable[] = [
  { name: "z", range: [-4, 4] },
  { name: "y", range: [0, 1] },
  { name: "a", definition: "sigma(z)" },
];

type Out = Record<string, unknown>;

function toOutput(id: unknown, r: FollowThroughResult): Out {
  switch (r.verdict) {
    case "carried-forward":
      return { id, verdict: "carried-forward", reason: verdictText(r), latex: r.latex, references: r.references, canonical: r.canonical, seed: r.seed };
    case "invalid":
      return { id, verdict: "invalid", reason: verdictText(r), start: r.error.start, end: r.error.end };
    case "error":
      return { id, verdict: "error", reason: verdictText(r), message: r.message };
    case "incorrect": {
      const out: Out = { id, verdict: "incorrect", reason: verdictText(r), latex: r.latex, diagnosis: r.diagnosis };
      if (r.mistakeIndex !== undefined) out.mistakeIndex = r.mistakeIndex;
      out.canonical = r.canonical;
      out.seed = r.seed;
      return out;
    }
    case "correct":
      return { id, verdict: "correct", reason: verdictText(r), latex: r.latex, canonical: r.canonical, seed: r.seed };
  }
}

const cache = new Map<string, CompiledStep | { ok: false; message: string }>();
const CACHE_LIMIT = 5000;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export function gradeLine(line: string): Out {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { id: null, verdict: "error", reason: `bad JSON: ${(e as Error).message}`, message: "bad JSON" };
  }
  if (!isObject(input)) return { id: null, verdict: "error", reason: "each line must be a JSON object", message: "not an object" };
  const id = input.id ?? null;
  const fail = (reason: string): Out => ({ id, verdict: "error", reason, message: reason });
  if (typeof input.expected !== "string") return fail('missing field "expected" (a string)');
  if (typeof input.answer !== "string") return fail('missing field "answer" (a string)');
  if (!Array.isArray(input.variables)) return fail('missing field "variables" (a list)');
  if (input.seed !== undefined && (typeof input.seed !== "number" || !Number.isFinite(input.seed))) return fail('"seed" must be a number');
  if (input.points !== undefined && (typeof input.points !== "number" || !(input.points >= 1 && input.points <= 1000))) return fail('"points" must be a number from 1 to 1000');
  if (input.mistakes !== undefined && !Array.isArray(input.mistakes)) return fail('"mistakes" must be a list');
  if (input.allowedVariables !== undefined && !Array.isArray(input.allowedVariables)) return fail('"allowedVariables" must be a list');
  if (input.form !== undefined && !isObject(input.form)) return fail('"form" must be an object');
  if (input.follows !== undefined && typeof input.follows !== "string") return fail('"follows" must be a string such as "[s1] * [s2]"');
  if (input.earlier !== undefined && (!isObject(input.earlier) || Object.values(input.earlier).some((v) => typeof v !== "string"))) {
    return fail('"earlier" must be an object of the earlier steps\' answers as strings, e.g. {"s1": "2x"}');
  }

  const step = {
    expected: input.expected,
    mistakes: input.mistakes as StepKey["mistakes"],
    allowedVariables: input.allowedVariables as StepKey["allowedVariables"],
    form: input.form as StepKey["form"],
  } satisfies StepKey;
  const options = { seed: input.seed as number | undefined, points: input.points as number | undefined };
  const key = JSON.stringify([input.variables, step.expected, step.mistakes ?? null, step.allowedVariables ?? null, step.form ?? null, options.seed ?? null, options.points ?? null]);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    let c: ReturnType<typeof compileStep>;
    try {
      c = compileStep(step, input.variables as Variable[], options);
    } catch (e) {
      c = { ok: false, errors: [{ path: "step", message: `bad key: ${(e as Error).message}`, severity: "error" }] };
    }
    compiled = c.ok ? c : { ok: false, message: c.errors.map((x) => `${x.path}: ${x.message}`).join("; ") };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  if (!compiled.ok) return fail(compiled.message);
  const result = compiled.grade(input.answer);
  // Follow-through (lib/grading/follow-through.ts) only where the key says incorrect and the line
  // declares how the step follows from earlier ones; an invalid earlier answer counts as absent.
  if (typeof input.follows === "string" && result.verdict === "incorrect" && result.diagnosis !== "known-mistake") {
    return toOutput(id, gradeWithFollowThrough(input.answer, { ...step, follows: input.follows }, input.variables as Variable[], (input.earlier ?? {}) as Record<string, string>, options));
  }
  return toOutput(id, result);
}

async function runJsonl(): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer: string[] = [];
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const chunk = buffer.join("");
    buffer = [];
    if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));
  };
  for await (const line of rl) {
    let out: Out;
    if (line.trim() === "") out = { id: null, verdict: "error", reason: "empty line", message: "empty line" };
    else {
      try {
        out = gradeLine(line);
      } catch (e) {
        out = { id: null, verdict: "error", reason: `internal error: ${(e as Error).message}`, message: "internal error" };
      }
    }
    buffer.push(JSON.stringify(out) + "\n");
    if (buffer.length >= 512) await flush();
  }
  await flush();
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--jsonl")) return runJsonl();
  const expected = argValue(args, "--expected");
  const answer = argValue(args, "--answer");
  if (expected === undefined || answer === undefined) {
    process.stderr.write(
      'usage: npm run -s grade -- --jsonl < cases.jsonl\n       npm run -s grade -- --expected "a - y" --answer "σ(z) − y" [--seed N]\n',
    );
    process.exitCode = 2;
    return;
  }
  const seed = argValue(args, "--seed");
  const line = JSON.stringify({ id: "cli", variables: SEED_VARIABLES, expected, answer, ...(seed !== undefined ? { seed: Number(seed) } : {}) });
  const out = gradeLine(line);
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

void main();
