/**
 * What changed between two versions of an exercise, in words an author reads before publishing a
 * staged draft (issue 17 item 5). Pure. Steps are matched by key (the identity progress follows
 * across versions, docs/decisions/003), so a reordered step is "moved", not removed and added.
 */
import type { Exercise } from "@/lib/exercises/definition";

type Step = Exercise["steps"][number];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

const STEP_FIELDS: { key: keyof Step; label: string; quote?: boolean }[] = [
  { key: "title", label: "title", quote: true },
  { key: "prompt", label: "prompt" },
  { key: "expected", label: "expected answer", quote: true },
  { key: "allowedVariables", label: "allowed variables" },
  { key: "hints", label: "hints" },
  { key: "solution", label: "worked solution" },
  { key: "attemptsBeforeSolution", label: "attempts before the solution", quote: true },
  { key: "weight", label: "weight", quote: true },
  { key: "form", label: "form requirement" },
  { key: "follows", label: "follow-through", quote: true },
  { key: "tests", label: "question tests" },
];

/** Pure: one line per change from `before` to `after`; empty when they are the same. */
export function describeChanges(before: Exercise, after: Exercise): string[] {
  const out: string[] = [];
  if (before.title !== after.title) out.push(`Title: “${clip(before.title)}” → “${clip(after.title)}”`);
  if (before.slug !== after.slug) out.push(`Address (slug): ${before.slug} → ${after.slug}`);
  if (before.statement !== after.statement) out.push("Statement changed");
  if (!same(before.variables, after.variables)) out.push("Variables changed");
  if ((before.followThroughCredit ?? 1) !== (after.followThroughCredit ?? 1)) out.push(`Follow-through credit: ${before.followThroughCredit ?? 1} → ${after.followThroughCredit ?? 1}`);
  const old = new Map(before.steps.map((s, i) => [s.key, { s, i }]));
  const keys = new Set(after.steps.map((s) => s.key));
  after.steps.forEach((s, i) => {
    const name = `Step ${i + 1} (${s.key})`;
    const was = old.get(s.key);
    if (!was) return void out.push(`${name}: new step`);
    if (was.i !== i) out.push(`${name}: moved from position ${was.i + 1}`);
    for (const f of STEP_FIELDS) {
      if (same(was.s[f.key], s[f.key])) continue;
      out.push(f.quote ? `${name}: ${f.label} ${String(was.s[f.key] ?? "—")} → ${String(s[f.key] ?? "—")}` : `${name}: ${f.label} changed`);
    }
    const before = new Map(was.s.mistakes.map((m) => [m.expression, m.feedback]));
    const after = new Map(s.mistakes.map((m) => [m.expression, m.feedback]));
    for (const [expression, feedback] of after) {
      if (!before.has(expression)) out.push(`${name}: new known mistake ${clip(expression)}`);
      else if (before.get(expression) !== feedback) out.push(`${name}: feedback of known mistake ${clip(expression)} changed`);
    }
    for (const expression of before.keys()) if (!after.has(expression)) out.push(`${name}: known mistake ${clip(expression)} removed`);
  });
  for (const [key, { i }] of old) if (!keys.has(key)) out.push(`Step ${i + 1} (${key}): removed`);
  return out;
}

/** Pure: the known mistakes `after` has that `before` has not, per step key (to relabel past attempts on publish). */
export function newKnownMistakes(before: Exercise, after: Exercise): { stepKey: string; expression: string; feedback: string }[] {
  const had = new Set(before.steps.flatMap((s) => s.mistakes.map((m) => `${s.key}\u0000${m.expression}`)));
  return after.steps.flatMap((s) => s.mistakes.filter((m) => !had.has(`${s.key}\u0000${m.expression}`)).map((m) => ({ stepKey: s.key, ...m })));
}
