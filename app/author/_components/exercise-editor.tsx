"use client";

import { useActionState, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { parseExpression, type TestResult } from "@/lib/grading";
import { renderMarkdown, renderMath } from "@/lib/platform/markdown";
import type { Exercise } from "@/lib/exercises/definition";
import { blankStep, checkExercise, describeTestResult, engineSays, type PathIssue } from "@/lib/authoring/validation";
import { publishAction, saveExerciseAction, type PublishState, type SaveState } from "../actions";
import { RegradePanel } from "./regrade-panel";
import type { EditorMeta } from "@/lib/authoring/cores";
import styles from "./editor.module.css";

type Step = Exercise["steps"][number];
type Variable = Exercise["variables"][number];

export type EditorMetaProps = EditorMeta;

type Props = {
  initial: Exercise;
  meta: EditorMetaProps | null;
  courses: { id: string; title: string }[];
  /** Just created by the first save on /author/new: show that save's results here. */
  justCreated?: boolean;
};

/** Issues by JSON path, for showing each one under its field. */
function indexIssues(issues: readonly PathIssue[]) {
  const map = new Map<string, PathIssue[]>();
  for (const i of issues) map.set(i.path, [...(map.get(i.path) ?? []), i]);
  return map;
}

/** Validation messages in plain words (the schema's own wording is written for developers). */
function friendly(message: string): string {
  const min = /^Too small: expected string to have >=(\d+) characters?$/.exec(message);
  if (min) return min[1] === "1" ? "Required." : `Use at least ${min[1]} characters.`;
  const max = /^Too big: expected string to have <=(\d+) characters?$/.exec(message);
  if (max) return `Use at most ${max[1]} characters.`;
  const items = /^Too small: expected array to have >=(\d+) items?$/.exec(message);
  if (items) return items[1] === "1" ? "Add at least one." : `Add at least ${items[1]}.`;
  if (/^Invalid input: expected number, received NaN$/.test(message)) return "Enter a number.";
  return message;
}

/** "steps[0].mistakes[1].feedback" → "Step 1 › mistake 2 › feedback", for lists away from the field. */
function friendlyPath(path: string): string {
  return path
    .replace(/^steps\[(\d+)\]/, (_, n: string) => `Step ${Number(n) + 1}`)
    .replace(/^variables\[(\d+)\]/, (_, n: string) => `Variable ${Number(n) + 1}`)
    .replace(/\.(hints|mistakes|tests)\[(\d+)\]/g, (_, kind: string, n: string) => ` › ${kind === "hints" ? "hint" : kind === "mistakes" ? "known mistake" : "question test"} ${Number(n) + 1}`)
    .replace(/\./g, " › ");
}

function IssueList({ id, issues }: { id: string; issues: PathIssue[] | undefined }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className={styles.issues}>
      {issues.map((i, k) => (
        <li key={k} className={i.severity === "error" ? "error-text" : styles.warning}>
          {i.severity === "error" ? "Error: " : "Warning: "}
          {friendly(i.message)}
        </li>
      ))}
    </ul>
  );
}

export function ExerciseEditor({ initial, meta, courses, justCreated = false }: Props) {
  const router = useRouter();
  const [state, setState] = useState<Exercise>(initial);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(initial));
  const deferred = useDeferredValue(state);
  const check = useMemo(() => checkExercise(deferred), [deferred]);
  const issues = useMemo(() => indexIssues(check.issues), [check]);
  const [results, setResults] = useState<{ source: string; results: TestResult[]; exercise: Exercise } | null>(() =>
    justCreated ? { source: "Results of the last save", results: checkExercise(initial).testResults, exercise: initial } : null,
  );
  const [saveState, saveFormAction, saving] = useActionState<SaveState, FormData>(saveExerciseAction, null);
  const [publishState, publishFormAction, publishing] = useActionState<PublishState, FormData>(publishAction, null);
  const payload = JSON.stringify(state);
  const dirty = payload !== savedJson;
  const baseId = useId();

  // The payload that was submitted, so a successful save marks exactly that content as saved.
  const submitted = useRef(payload);
  // "Run question tests" shows its table below the fold: bring it into view (not after saves).
  const revealResults = useRef(false);
  useEffect(() => {
    if (!results || !revealResults.current) return;
    revealResults.current = false;
    const heading = document.getElementById("test-results-heading");
    heading?.scrollIntoView({ behavior: "smooth", block: "start" });
    heading?.focus({ preventScroll: true });
  }, [results]);
  // After a save: new exercises move to their own URL; test results of the save are shown.
  useEffect(() => {
    if (!saveState?.ok) return;
    const saved = submitted.current;
    setResults({ source: "Results of the last save", results: saveState.testResults, exercise: JSON.parse(saved) as Exercise });
    setSavedJson(saved);
    if (!meta) router.replace(`/author/${saveState.exerciseId}?saved=1`);
    else router.refresh();
  }, [saveState, meta, router]);

  useEffect(() => {
    if (publishState?.ok) router.refresh();
  }, [publishState, router]);

  const update = (fn: (draft: Exercise) => void) =>
    setState((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  const updateStep = (i: number, fn: (s: Step) => void) => update((d) => fn(d.steps[i]!));
  const names = state.variables.map((v) => v.name).filter((n) => n !== "");

  const fieldProps = (path: string) => {
    const list = issues.get(path);
    const hasError = list?.some((i) => i.severity === "error") ?? false;
    return {
      "aria-invalid": hasError || undefined,
      "aria-describedby": list && list.length > 0 ? `${baseId}-${path}-issues` : undefined,
    } as const;
  };
  const fieldIssues = (path: string) => <IssueList id={`${baseId}-${path}-issues`} issues={issues.get(path)} />;

  const errorCount = check.issues.filter((i) => i.severity === "error").length;
  const editorRef = useRef<HTMLDivElement>(null);
  const focusFirstError = () => {
    const field = editorRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ behavior: "smooth", block: "center" });
    field.focus({ preventScroll: true });
  };
  const warningCount = check.issues.length - errorCount;
  const statementHtml = useMemo(() => renderMarkdown(deferred.statement), [deferred.statement]);

  return (
    <div className={styles.editor} ref={editorRef}>
      {/* The editor is long: a bar that stays in view jumps between its parts and keeps the live state visible. */}
      <nav className={styles.jumpBar} aria-label="Editor sections">
        <a href="#editor-basics">Exercise</a>
        <a href="#editor-variables">Variables</a>
        {state.steps.map((_, i) => (
          <a key={i} href={`#editor-step-${i + 1}`}>
            Step {i + 1}
          </a>
        ))}
        <a href="#editor-save">Save and publish</a>
        {meta ? <a href="#editor-regrade">Regrade</a> : null}
        <span className={errorCount > 0 ? `${styles.jumpState} error-text` : `${styles.jumpState} muted`} aria-hidden="true">
          {errorCount === 0 ? "✓ no errors" : `${errorCount} error${errorCount === 1 ? "" : "s"}`}
          {dirty ? " · unsaved" : ""}
        </span>
        {errorCount > 0 ? (
          <button type="button" className={`secondary ${styles.jumpButton}`} onClick={focusFirstError}>
            Go to the first error
          </button>
        ) : null}
      </nav>
      <section className={`card ${styles.status}`} aria-labelledby={`${baseId}-status`}>
        <h2 id={`${baseId}-status`} className={styles.compactHeading}>
          {meta ? `Version ${meta.version}${meta.published ? " · published" : " · draft"}` : "New exercise (draft)"}
        </h2>
        <p role="status" aria-live="polite" className={errorCount > 0 ? "error-text" : "muted"}>
          Live check: {errorCount === 0 ? "no errors" : `${errorCount} error${errorCount === 1 ? "" : "s"}`}
          {warningCount > 0 ? `, ${warningCount} warning${warningCount === 1 ? "" : "s"}` : ""}
          {" · "}
          {check.testResults.filter((r) => r.passed).length}/{check.testResults.length} question tests pass (explicit and implicit)
          {dirty ? " · unsaved changes" : ""}
        </p>
        {meta && meta.attemptsOnCurrentVersion > 0 ? (
          <p className="notice warn">
            Students have {meta.attemptsOnCurrentVersion} attempt{meta.attemptsOnCurrentVersion === 1 ? "" : "s"} on this version: saving
            creates version {meta.version + 1}; their attempts keep the version they were graded under until you regrade.
          </p>
        ) : null}
        {check.issues.some((i) => !isShownInline(i.path)) ? (
          <ul className={styles.issues}>
            {check.issues
              .filter((i) => !isShownInline(i.path))
              .map((i, k) => (
                <li key={k} className={i.severity === "error" ? "error-text" : styles.warning}>
                  {friendlyPath(i.path)}: {friendly(i.message)}
                </li>
              ))}
          </ul>
        ) : null}
      </section>

      <section className="card" id="editor-basics" aria-labelledby={`${baseId}-basics`}>
        <h2 id={`${baseId}-basics`} className={styles.compactHeading}>
          Exercise
        </h2>
        <div className="field">
          <label htmlFor={`${baseId}-title`}>Title</label>
          <input id={`${baseId}-title`} type="text" value={state.title} onChange={(e) => update((d) => void (d.title = e.target.value))} {...fieldProps("title")} />
          {fieldIssues("title")}
        </div>
        <div className="field">
          <label htmlFor={`${baseId}-slug`}>Slug</label>
          <input
            id={`${baseId}-slug`}
            type="text"
            value={state.slug}
            spellCheck={false}
            onChange={(e) => update((d) => void (d.slug = e.target.value))}
            {...fieldProps("slug")}
          />
          <p className="muted">Lowercase letters, digits and hyphens; used in the exercise&apos;s URL.</p>
          {fieldIssues("slug")}
        </div>
        <div className={styles.twoColumns}>
          <div className="field">
            <label htmlFor={`${baseId}-statement`}>Statement (Markdown, $…$ and $$…$$ for math)</label>
            <textarea
              id={`${baseId}-statement`}
              rows={10}
              value={state.statement}
              onChange={(e) => update((d) => void (d.statement = e.target.value))}
              {...fieldProps("statement")}
            />
            {fieldIssues("statement")}
          </div>
          <div className="field">
            <span className={styles.previewLabel} id={`${baseId}-statement-preview`}>
              Preview
            </span>
            <div className={`statement ${styles.preview}`} aria-labelledby={`${baseId}-statement-preview`} role="region" dangerouslySetInnerHTML={{ __html: statementHtml }} />
          </div>
        </div>
      </section>

      <section className="card" id="editor-variables" aria-labelledby={`${baseId}-variables`}>
        <h2 id={`${baseId}-variables`} className={styles.compactHeading}>
          Variables
        </h2>
        <p className="muted">Sampled uniformly from a range, or defined by an expression of other variables (e.g. a = sigma(z)).</p>
        {fieldIssues("variables")}
        {state.variables.map((v, i) => (
          <fieldset key={i} className={styles.row}>
            <legend>Variable {i + 1}</legend>
            <div className={styles.inline}>
              <div className="field">
                <label htmlFor={`${baseId}-v${i}-name`}>Name</label>
                <input
                  id={`${baseId}-v${i}-name`}
                  type="text"
                  value={v.name}
                  spellCheck={false}
                  onChange={(e) => update((d) => void (d.variables[i]!.name = e.target.value))}
                  {...fieldProps(`variables[${i}].name`)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${baseId}-v${i}-kind`}>Kind</label>
                <select
                  id={`${baseId}-v${i}-kind`}
                  value={"range" in v ? "range" : "definition"}
                  onChange={(e) =>
                    update((d) => {
                      const old = d.variables[i]!;
                      const description = old.description !== undefined ? { description: old.description } : {};
                      d.variables[i] = (e.target.value === "range" ? { name: old.name, range: [-2, 2], ...description } : { name: old.name, definition: "", ...description }) as Variable;
                    })
                  }
                >
                  <option value="range">Sampled from a range</option>
                  <option value="definition">Defined by an expression</option>
                </select>
              </div>
              {"range" in v ? (
                <>
                  <div className="field">
                    <label htmlFor={`${baseId}-v${i}-min`}>Minimum</label>
                    <input
                      id={`${baseId}-v${i}-min`}
                      type="number"
                      step="any"
                      value={Number.isFinite(v.range[0]) ? v.range[0] : ""}
                      onChange={(e) => update((d) => void ((d.variables[i] as { range: [number, number] }).range[0] = e.target.valueAsNumber))}
                      {...fieldProps(`variables[${i}].range`)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`${baseId}-v${i}-max`}>Maximum</label>
                    <input
                      id={`${baseId}-v${i}-max`}
                      type="number"
                      step="any"
                      value={Number.isFinite(v.range[1]) ? v.range[1] : ""}
                      onChange={(e) => update((d) => void ((d.variables[i] as { range: [number, number] }).range[1] = e.target.valueAsNumber))}
                      {...fieldProps(`variables[${i}].range`)}
                    />
                  </div>
                </>
              ) : (
                <div className="field">
                  <label htmlFor={`${baseId}-v${i}-def`}>Definition</label>
                  <input
                    id={`${baseId}-v${i}-def`}
                    type="text"
                    spellCheck={false}
                    value={v.definition}
                    onChange={(e) => update((d) => void ((d.variables[i] as { definition: string }).definition = e.target.value))}
                    {...fieldProps(`variables[${i}].definition`)}
                  />
                </div>
              )}
              <div className="field">
                <label htmlFor={`${baseId}-v${i}-desc`}>Description</label>
                <input
                  id={`${baseId}-v${i}-desc`}
                  type="text"
                  value={v.description ?? ""}
                  onChange={(e) =>
                    update((d) => {
                      const value = e.target.value;
                      if (value === "") delete d.variables[i]!.description;
                      else d.variables[i]!.description = value;
                    })
                  }
                />
              </div>
            </div>
            {fieldIssues(`variables[${i}]`)}
            {fieldIssues(`variables[${i}].name`)}
            {fieldIssues(`variables[${i}].range`)}
            {fieldIssues(`variables[${i}].definition`)}
            <RowButtons
              label={`variable ${i + 1}`}
              index={i}
              count={state.variables.length}
              onMove={(to) => update((d) => move(d.variables, i, to))}
              onRemove={() => update((d) => void d.variables.splice(i, 1))}
            />
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => update((d) => void d.variables.push({ name: nextName(d.variables.map((x) => x.name)), range: [-2, 2] }))}>
          Add variable
        </button>
      </section>

      <section aria-labelledby={`${baseId}-steps`}>
        <h2 id={`${baseId}-steps`}>Steps</h2>
        {fieldIssues("steps")}
        {state.steps.map((step, i) => (
          <StepEditor
            key={i}
            index={i}
            count={state.steps.length}
            step={step}
            names={names}
            baseId={baseId}
            fieldProps={fieldProps}
            fieldIssues={fieldIssues}
            update={(fn) => updateStep(i, fn)}
            onMove={(to) => update((d) => move(d.steps, i, to))}
            onRemove={() => update((d) => void d.steps.splice(i, 1))}
          />
        ))}
        <button type="button" className="secondary" onClick={() => update((d) => void d.steps.push(withDefaults(blankStep(d.steps.length + 1))))}>
          Add step
        </button>
      </section>

      <section className={`card ${styles.actions}`} id="editor-save" aria-labelledby={`${baseId}-actions`}>
        <h2 id={`${baseId}-actions`} className={styles.compactHeading}>
          Save and publish
        </h2>
        <div className={styles.buttonRow}>
          <form action={saveFormAction} onSubmit={() => void (submitted.current = payload)}>
            <input type="hidden" name="payload" value={payload} />
            {meta ? <input type="hidden" name="exerciseId" value={meta.id} /> : null}
            <button type="submit" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
          </form>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              revealResults.current = true;
              setResults({ source: "Results of the editor's current content", results: check.testResults, exercise: deferred });
            }}
          >
            Run question tests
          </button>
          {meta ? (
            <>
              <Link className="button secondary" href={`/author/${meta.id}/preview`}>
                Preview as student
              </Link>
              <a className="button secondary" href={`/author/${meta.id}/export`} download>
                Export JSON
              </a>
            </>
          ) : null}
        </div>
        <div aria-live="polite" role="status">
          {saveState && !saveState.ok ? <SaveFailure failure={saveState} /> : null}
          {justCreated && !saveState ? <p className="notice ok">Saved version 1 as a draft.</p> : null}
          {saveState?.ok && !saving ? (
            <p className="notice ok">
              Saved version {saveState.version}
              {saveState.newVersion ? " (a new version, because the previous one has attempts)" : ""}.
              {saveState.failingTests.length > 0 ? ` ${saveState.failingTests.length} question test(s) fail: publishing stays blocked until they pass.` : ""}
            </p>
          ) : null}
        </div>

        {meta ? (
          <form action={publishFormAction} className={styles.publish}>
            <input type="hidden" name="exerciseId" value={meta.id} />
            {meta.published ? (
              <button type="submit" name="intent" value="unpublish" className="secondary" disabled={publishing}>
                Unpublish
              </button>
            ) : (
              <>
                {courses.length > 0 ? (
                  <div className="field">
                    <label htmlFor={`${baseId}-course`}>Assign to course on publish</label>
                    <select id={`${baseId}-course`} name="courseId" defaultValue={courses.find((c) => !meta.assignedCourses.some((a) => a.id === c.id))?.id ?? ""}>
                      <option value="">Don&apos;t assign</option>
                      {courses.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.title}
                          {meta.assignedCourses.some((a) => a.id === c.id) ? " (already assigned)" : ""}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <button type="submit" name="intent" value="publish" disabled={publishing}>
                  Publish
                </button>
                {dirty ? <p className="muted">Publishing uses the last saved version: save your changes first.</p> : null}
              </>
            )}
            <div aria-live="polite" role="status">
              {publishState && !publishState.ok ? (
                <div className="notice bad">
                  <p className={styles.compactParagraph}>{publishState.formError}</p>
                  {publishState.failingTests && publishState.failingTests.length > 0 ? (
                    <ul>
                      {publishState.failingTests.map((t, k) => (
                        <li key={k}>{t}</li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ) : null}
              {publishState?.ok ? <p className="notice ok">{publishState.published ? "Published." : "Unpublished."}</p> : null}
            </div>
            {meta.assignedCourses.length > 0 ? <p className="muted">Assigned to: {meta.assignedCourses.map((c) => c.title).join(", ")}</p> : null}
          </form>
        ) : (
          <p className="muted">Save the exercise to preview, publish or export it.</p>
        )}
      </section>

      {results ? <TestResultsTable source={results.source} results={results.results} exercise={results.exercise} /> : null}
      {meta ? <RegradePanel exerciseId={meta.id} version={meta.version} regradable={meta.regradable} total={meta.attemptsTotal} /> : null}
    </div>
  );
}

function SaveFailure({ failure }: { failure: Extract<SaveState, { ok: false }> }) {
  return (
    <div className="notice bad">
      <p className={styles.compactParagraph}>{failure.formError}</p>
      {failure.issues && failure.issues.length > 0 ? (
        <ul>
          {failure.issues
            .filter((i) => i.severity === "error")
            .map((i, k) => (
              <li key={k}>
                {friendlyPath(i.path)}: {friendly(i.message)}
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Paths that have their own place in the form (so the summary at the top does not repeat them). */
function isShownInline(path: string): boolean {
  return /^(title|slug|statement|variables|steps)$/.test(path) || /^variables\[\d+\](\.(name|range|definition))?$/.test(path) || /^steps\[\d+\]\./.test(path);
}

function move<T>(list: T[], from: number, to: number) {
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item as T);
}

function nextName(taken: string[]): string {
  for (const n of ["x", "y", "z", "t", "u", "v", "w"]) if (!taken.includes(n)) return n;
  return `v${taken.length + 1}`;
}

function withDefaults(s: ReturnType<typeof blankStep>): Step {
  return { ...s };
}

function RowButtons({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }) {
  return (
    <div className={styles.rowButtons}>
      <button type="button" className="secondary" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={`Move ${label} up`}>
        ↑
      </button>
      <button type="button" className="secondary" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>
        ↓
      </button>
      <button type="button" className="secondary" onClick={onRemove} aria-label={`Remove ${label}`}>
        Remove
      </button>
    </div>
  );
}

type FieldPropsFn = (path: string) => { "aria-invalid": true | undefined; "aria-describedby": string | undefined };

function ExpressionPreview({ text, names }: { text: string; names: string[] }) {
  const deferred = useDeferredValue(text);
  const html = useMemo(() => {
    if (deferred.trim() === "") return null;
    const parsed = parseExpression(deferred, { variables: names });
    return parsed.ok ? renderMath(parsed.latex) : null;
  }, [deferred, names]);
  if (!html) return null;
  return (
    <p className={styles.mathPreview}>
      <span className="muted">Read as: </span>
      <span dangerouslySetInnerHTML={{ __html: html }} />
    </p>
  );
}

function StepEditor(props: {
  index: number;
  count: number;
  step: Step;
  names: string[];
  baseId: string;
  fieldProps: FieldPropsFn;
  fieldIssues: (path: string) => React.ReactNode;
  update: (fn: (s: Step) => void) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { index: i, step, names, baseId, fieldProps, fieldIssues, update } = props;
  const p = `steps[${i}]`;
  const id = (suffix: string) => `${baseId}-s${i}-${suffix}`;
  const titleHtml = useMemo(() => renderMath(step.title), [step.title]);
  const promptHtml = useMemo(() => renderMarkdown(step.prompt), [step.prompt]);
  const allVariables = step.allowedVariables === undefined;
  return (
    <fieldset className={`card ${styles.step}`} id={`editor-step-${i + 1}`}>
      <legend>Step {i + 1}</legend>
      <div className={styles.inline}>
        <div className="field">
          <label htmlFor={id("key")}>Key</label>
          <input id={id("key")} type="text" spellCheck={false} value={step.key} onChange={(e) => update((s) => void (s.key = e.target.value))} {...fieldProps(`${p}.key`)} />
        </div>
        <div className="field">
          <label htmlFor={id("title")}>Title (LaTeX)</label>
          <input id={id("title")} type="text" spellCheck={false} value={step.title} onChange={(e) => update((s) => void (s.title = e.target.value))} {...fieldProps(`${p}.title`)} />
        </div>
        <div className="field">
          <span className={styles.previewLabel}>Title preview</span>
          <span className={styles.mathPreview} dangerouslySetInnerHTML={{ __html: titleHtml }} />
        </div>
      </div>
      {fieldIssues(`${p}.key`)}
      {fieldIssues(`${p}.title`)}
      <div className={styles.twoColumns}>
        <div className="field">
          <label htmlFor={id("prompt")}>Prompt (Markdown)</label>
          <textarea id={id("prompt")} rows={3} value={step.prompt} onChange={(e) => update((s) => void (s.prompt = e.target.value))} {...fieldProps(`${p}.prompt`)} />
          {fieldIssues(`${p}.prompt`)}
        </div>
        <div className="field">
          <span className={styles.previewLabel}>Prompt preview</span>
          <div className={styles.preview} dangerouslySetInnerHTML={{ __html: promptHtml }} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id("expected")}>Expected answer</label>
        <input id={id("expected")} type="text" spellCheck={false} autoComplete="off" value={step.expected} onChange={(e) => update((s) => void (s.expected = e.target.value))} {...fieldProps(`${p}.expected`)} />
        <ExpressionPreview text={step.expected} names={names} />
        {fieldIssues(`${p}.expected`)}
      </div>

      <fieldset className={styles.subgroup}>
        <legend>Variables students may use in this step</legend>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={allVariables}
            onChange={(e) => update((s) => (e.target.checked ? void delete s.allowedVariables : void (s.allowedVariables = [...names])))}
          />{" "}
          All variables
        </label>
        {!allVariables
          ? names.map((n) => (
              <label key={n} className={styles.check}>
                <input
                  type="checkbox"
                  checked={step.allowedVariables?.includes(n) ?? false}
                  onChange={(e) =>
                    update((s) => {
                      const set = new Set(s.allowedVariables ?? []);
                      if (e.target.checked) set.add(n);
                      else set.delete(n);
                      s.allowedVariables = names.filter((x) => set.has(x));
                    })
                  }
                />{" "}
                {n}
              </label>
            ))
          : null}
        {fieldIssues(`${p}.allowedVariables`)}
        {(step.allowedVariables ?? []).map((_, j) => (
          <span key={j}>{fieldIssues(`${p}.allowedVariables[${j}]`)}</span>
        ))}
      </fieldset>

      <fieldset className={styles.subgroup}>
        <legend>Hints (revealed one at a time)</legend>
        {step.hints.map((h, j) => (
          <div key={j} className={styles.inline}>
            <div className="field">
              <label htmlFor={id(`hint${j}`)}>Hint {j + 1}</label>
              <textarea id={id(`hint${j}`)} rows={2} value={h} onChange={(e) => update((s) => void (s.hints[j] = e.target.value))} {...fieldProps(`${p}.hints[${j}]`)} />
              {fieldIssues(`${p}.hints[${j}]`)}
            </div>
            <RowButtons label={`hint ${j + 1} of step ${i + 1}`} index={j} count={step.hints.length} onMove={(to) => update((s) => move(s.hints, j, to))} onRemove={() => update((s) => void s.hints.splice(j, 1))} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => update((s) => void s.hints.push(""))}>
          Add hint
        </button>
      </fieldset>

      <fieldset className={styles.subgroup}>
        <legend>Known mistakes</legend>
        {step.mistakes.map((m, j) => (
          <div key={j} className={styles.subrow}>
            <div className={styles.inline}>
              <div className="field">
                <label htmlFor={id(`m${j}-expr`)}>Mistake {j + 1} expression</label>
                <input
                  id={id(`m${j}-expr`)}
                  type="text"
                  spellCheck={false}
                  value={m.expression}
                  onChange={(e) => update((s) => void (s.mistakes[j]!.expression = e.target.value))}
                  {...fieldProps(`${p}.mistakes[${j}].expression`)}
                />
              </div>
              <div className="field">
                <label htmlFor={id(`m${j}-fb`)}>Mistake {j + 1} feedback</label>
                <textarea id={id(`m${j}-fb`)} rows={2} value={m.feedback} onChange={(e) => update((s) => void (s.mistakes[j]!.feedback = e.target.value))} {...fieldProps(`${p}.mistakes[${j}].feedback`)} />
              </div>
            </div>
            {fieldIssues(`${p}.mistakes[${j}].expression`)}
            {fieldIssues(`${p}.mistakes[${j}].feedback`)}
            <RowButtons label={`mistake ${j + 1} of step ${i + 1}`} index={j} count={step.mistakes.length} onMove={(to) => update((s) => move(s.mistakes, j, to))} onRemove={() => update((s) => void s.mistakes.splice(j, 1))} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => update((s) => void s.mistakes.push({ expression: "", feedback: "" }))}>
          Add known mistake
        </button>
      </fieldset>

      <fieldset className={styles.subgroup}>
        <legend>Question tests</legend>
        <p className="muted">The expected answer and every known mistake are tested implicitly; add rows for other answers.</p>
        {step.tests.map((t, j) => (
          <div key={j} className={styles.subrow}>
            <div className={styles.inline}>
              <div className="field">
                <label htmlFor={id(`t${j}-answer`)}>Test {j + 1} answer</label>
                <input id={id(`t${j}-answer`)} type="text" spellCheck={false} value={t.answer} onChange={(e) => update((s) => void (s.tests[j]!.answer = e.target.value))} {...fieldProps(`${p}.tests[${j}]`)} />
              </div>
              <div className="field">
                <label htmlFor={id(`t${j}-verdict`)}>Test {j + 1} expected verdict</label>
                <select id={id(`t${j}-verdict`)} value={t.verdict} onChange={(e) => update((s) => void (s.tests[j]!.verdict = e.target.value as "correct" | "incorrect" | "invalid"))}>
                  <option value="correct">correct</option>
                  <option value="incorrect">incorrect</option>
                  <option value="invalid">invalid</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={id(`t${j}-fb`)}>Test {j + 1} feedback includes (optional)</label>
                <input
                  id={id(`t${j}-fb`)}
                  type="text"
                  value={t.feedbackIncludes ?? ""}
                  onChange={(e) =>
                    update((s) => {
                      if (e.target.value === "") delete s.tests[j]!.feedbackIncludes;
                      else s.tests[j]!.feedbackIncludes = e.target.value;
                    })
                  }
                />
              </div>
            </div>
            {fieldIssues(`${p}.tests[${j}]`)}
            {fieldIssues(`${p}.tests[${j}].answer`)}
            <RowButtons label={`test ${j + 1} of step ${i + 1}`} index={j} count={step.tests.length} onMove={(to) => update((s) => move(s.tests, j, to))} onRemove={() => update((s) => void s.tests.splice(j, 1))} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => update((s) => void s.tests.push({ answer: "", verdict: "correct" }))}>
          Add question test
        </button>
      </fieldset>

      <div className={styles.twoColumns}>
        <div className="field">
          <label htmlFor={id("solution")}>Worked solution (Markdown)</label>
          <textarea id={id("solution")} rows={3} value={step.solution} onChange={(e) => update((s) => void (s.solution = e.target.value))} {...fieldProps(`${p}.solution`)} />
          {fieldIssues(`${p}.solution`)}
        </div>
        <div className="field">
          <label htmlFor={id("attempts")}>Attempts before the solution may be revealed</label>
          <input
            id={id("attempts")}
            type="number"
            min={0}
            max={100}
            value={Number.isFinite(step.attemptsBeforeSolution) ? step.attemptsBeforeSolution : ""}
            onChange={(e) => update((s) => void (s.attemptsBeforeSolution = e.target.valueAsNumber))}
            {...fieldProps(`${p}.attemptsBeforeSolution`)}
          />
          {fieldIssues(`${p}.attemptsBeforeSolution`)}
        </div>
      </div>

      <fieldset className={styles.subgroup}>
        <legend>Form requirement (optional)</legend>
        <label className={styles.check}>
          <input type="checkbox" checked={step.form !== undefined} onChange={(e) => update((s) => (e.target.checked ? void (s.form = { maxOperations: 10 }) : void delete s.form))} /> Require a
          form (e.g. simplified)
        </label>
        {step.form ? (
          <div className={styles.inline}>
            <div className="field">
              <label htmlFor={id("form-ops")}>Maximum operations</label>
              <input
                id={id("form-ops")}
                type="number"
                min={1}
                value={step.form.maxOperations ?? ""}
                onChange={(e) =>
                  update((s) => {
                    if (Number.isNaN(e.target.valueAsNumber)) delete s.form!.maxOperations;
                    else s.form!.maxOperations = e.target.valueAsNumber;
                  })
                }
                {...fieldProps(`${p}.form.maxOperations`)}
              />
            </div>
            <div className="field">
              <label htmlFor={id("form-fns")}>Forbidden functions (comma-separated)</label>
              <input
                id={id("form-fns")}
                type="text"
                value={(step.form.forbiddenFunctions ?? []).join(", ")}
                onChange={(e) =>
                  update((s) => {
                    const list = e.target.value.split(",").map((x) => x.trim()).filter((x) => x !== "");
                    if (list.length === 0) delete s.form!.forbiddenFunctions;
                    else s.form!.forbiddenFunctions = list;
                  })
                }
              />
            </div>
            <div className="field">
              <label htmlFor={id("form-msg")}>Message when the form is not met</label>
              <input
                id={id("form-msg")}
                type="text"
                value={step.form.message ?? ""}
                onChange={(e) =>
                  update((s) => {
                    if (e.target.value === "") delete s.form!.message;
                    else s.form!.message = e.target.value;
                  })
                }
              />
            </div>
          </div>
        ) : null}
        {fieldIssues(`${p}.form`)}
        {fieldIssues(`${p}.form.maxOperations`)}
        {(step.form?.forbiddenFunctions ?? []).map((_, j) => (
          <span key={j}>{fieldIssues(`${p}.form.forbiddenFunctions[${j}]`)}</span>
        ))}
      </fieldset>

      <RowButtons label={`step ${i + 1}`} index={i} count={props.count} onMove={props.onMove} onRemove={props.onRemove} />
    </fieldset>
  );
}

function TestResultsTable({ source, results, exercise }: { source: string; results: TestResult[]; exercise: Exercise }) {
  const failing = results.filter((r) => !r.passed).length;
  return (
    <section className="card" aria-labelledby="test-results-heading">
      <h2 id="test-results-heading" className={styles.compactHeading} tabIndex={-1}>
        Question tests
      </h2>
      <p className={failing > 0 ? "error-text" : "muted"}>
        {source}: {results.length - failing} of {results.length} pass{failing > 0 ? `, ${failing} fail` : ""}.
      </p>
      <div className={styles.tableWrap}>
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Answer</th>
              <th scope="col">Expected</th>
              <th scope="col">Actual verdict and feedback</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, k) => (
              <tr key={k} className={r.passed ? undefined : styles.failRow}>
                <td>{describeTestResult(exercise, r).split(":")[0]}</td>
                <td>
                  <code>{r.answer}</code>
                </td>
                <td>{r.expected}</td>
                <td>
                  {r.actual.verdict}
                  {engineSays(r) ? `: ${engineSays(r)}` : ""}
                </td>
                <td>{r.passed ? <span className={styles.pass}>✓ pass</span> : <strong className="error-text">✗ FAIL</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
