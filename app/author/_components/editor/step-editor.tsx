"use client";

import { useMemo } from "react";
import { renderInlineMarkdown, renderMarkdown, renderMath } from "@/lib/platform/markdown";
import type { Exercise } from "@/lib/exercises/definition";
import type { EditorFields } from "./fields";
import { ExpressionPreview } from "./expression-preview";
import { ListEditor } from "./list-editor";
import { RowButtons } from "./row-buttons";
import { QuestionTestsEditor } from "./question-tests-editor";
import styles from "../editor.module.css";

export type Step = Exercise["steps"][number];

/** One step of the exercise: key, title, prompt, key expression, allowed variables, hints, known mistakes, question tests, solution, form requirement. */
export function StepEditor(props: {
  index: number;
  count: number;
  step: Step;
  names: string[];
  /** The exercise's variables, for the key's preview (shapes in a matrix exercise). */
  variables: Exercise["variables"];
  fields: EditorFields;
  update: (fn: (s: Step) => void) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { index: i, step, names, fields, update } = props;
  const p = `steps[${i}]`;
  const id = (suffix: string) => `${fields.baseId}-s${i}-${suffix}`;
  const titleHtml = useMemo(() => renderMath(step.title), [step.title]);
  const promptHtml = useMemo(() => renderMarkdown(step.prompt), [step.prompt]);
  return (
    <fieldset className={`card ${styles.step}`} id={`editor-step-${i + 1}`}>
      <legend>Step {i + 1}</legend>
      <div className={styles.inline}>
        <div className="field">
          <label htmlFor={id("key")}>Key</label>
          <input id={id("key")} type="text" spellCheck={false} value={step.key} onChange={(e) => update((s) => void (s.key = e.target.value))} {...fields.props(`${p}.key`)} />
        </div>
        <div className="field">
          <label htmlFor={id("title")}>Title (LaTeX)</label>
          <input id={id("title")} type="text" spellCheck={false} value={step.title} onChange={(e) => update((s) => void (s.title = e.target.value))} {...fields.props(`${p}.title`)} />
        </div>
        <div className="field">
          <span className={styles.previewLabel}>Title preview</span>
          <span className={styles.mathPreview} dangerouslySetInnerHTML={{ __html: titleHtml }} />
        </div>
      </div>
      {fields.issues(`${p}.key`)}
      {fields.issues(`${p}.title`)}
      <div className={styles.twoColumns}>
        <div className="field">
          <label htmlFor={id("prompt")}>Prompt (Markdown)</label>
          <textarea id={id("prompt")} rows={3} value={step.prompt} onChange={(e) => update((s) => void (s.prompt = e.target.value))} {...fields.props(`${p}.prompt`)} />
          {fields.issues(`${p}.prompt`)}
        </div>
        <div className="field">
          <span className={styles.previewLabel}>Prompt preview</span>
          <div className={styles.preview} dangerouslySetInnerHTML={{ __html: promptHtml }} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id("expected")}>Expected answer</label>
        <input
          id={id("expected")}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={step.expected}
          onChange={(e) => update((s) => void (s.expected = e.target.value))}
          {...fields.props(`${p}.expected`)}
        />
        <ExpressionPreview text={step.expected} variables={props.variables} allowed={step.allowedVariables} />
        {fields.issues(`${p}.expected`)}
      </div>

      <AllowedVariables step={step} names={names} fields={fields} path={p} update={update} />

      <ListEditor
        legend="Hints (revealed one at a time)"
        items={step.hints}
        rowLabel={(j) => `hint ${j + 1} of step ${i + 1}`}
        addLabel="Add hint"
        newItem={() => ""}
        update={(fn) => update((s) => fn(s.hints))}
        renderItem={(h, j) => (
          <div className="field">
            <label htmlFor={id(`hint${j}`)}>Hint {j + 1}</label>
            <textarea id={id(`hint${j}`)} rows={2} value={h} onChange={(e) => update((s) => void (s.hints[j] = e.target.value))} {...fields.props(`${p}.hints[${j}]`)} />
            <AuthorTextPreview label={`Hint ${j + 1} as students see it`} text={h} />
            {fields.issues(`${p}.hints[${j}]`)}
          </div>
        )}
      />

      <ListEditor
        legend="Known mistakes"
        layout="stacked"
        items={step.mistakes}
        rowLabel={(j) => `mistake ${j + 1} of step ${i + 1}`}
        addLabel="Add known mistake"
        newItem={() => ({ expression: "", feedback: "" })}
        update={(fn) => update((s) => fn(s.mistakes))}
        renderItem={(m, j) => (
          <>
            <div className={styles.inline}>
              <div className="field">
                <label htmlFor={id(`m${j}-expr`)}>Mistake {j + 1} expression</label>
                <input
                  id={id(`m${j}-expr`)}
                  type="text"
                  spellCheck={false}
                  value={m.expression}
                  onChange={(e) => update((s) => void (s.mistakes[j]!.expression = e.target.value))}
                  {...fields.props(`${p}.mistakes[${j}].expression`)}
                />
              </div>
              <div className="field">
                <label htmlFor={id(`m${j}-fb`)}>Mistake {j + 1} feedback</label>
                <textarea
                  id={id(`m${j}-fb`)}
                  rows={2}
                  value={m.feedback}
                  onChange={(e) => update((s) => void (s.mistakes[j]!.feedback = e.target.value))}
                  {...fields.props(`${p}.mistakes[${j}].feedback`)}
                />
              </div>
            </div>
            <AuthorTextPreview label={`Mistake ${j + 1} feedback as students see it`} text={m.feedback} inline />
            {fields.issues(`${p}.mistakes[${j}].expression`)}
            {fields.issues(`${p}.mistakes[${j}].feedback`)}
          </>
        )}
      />

      <div className="field">
        <label htmlFor={id("follows")}>Follows from earlier steps (optional)</label>
        <input
          id={id("follows")}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={step.follows ?? ""}
          placeholder="e.g. [dL_da] * [da_dz]"
          onChange={(e) => update((s) => setOptional(s, "follows", e.target.value))}
          {...fields.props(`${p}.follows`)}
          aria-describedby={[`${id("follows")}-help`, fields.props(`${p}.follows`)["aria-describedby"]].filter(Boolean).join(" ")}
        />
        <p className="muted" id={`${id("follows")}-help`}>
          Follow-through: how this step is computed from earlier steps&apos; answers, with their keys in brackets. An answer that is wrong here but
          follows correctly from the student&apos;s own wrong earlier answers is marked &ldquo;carried forward&rdquo; instead of wrong.
        </p>
        {fields.issues(`${p}.follows`)}
      </div>

      <QuestionTestsEditor step={step} stepIndex={i} fields={fields} id={id} update={update} />

      <div className={styles.twoColumns}>
        <div className="field">
          <label htmlFor={id("solution")}>Worked solution (Markdown)</label>
          <textarea id={id("solution")} rows={3} value={step.solution} onChange={(e) => update((s) => void (s.solution = e.target.value))} {...fields.props(`${p}.solution`)} />
          <AuthorTextPreview label="Worked solution as students see it" text={step.solution} />
          {fields.issues(`${p}.solution`)}
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
            {...fields.props(`${p}.attemptsBeforeSolution`)}
          />
          {fields.issues(`${p}.attemptsBeforeSolution`)}
        </div>
      </div>

      <FormRequirement step={step} fields={fields} path={p} id={id} update={update} />

      <RowButtons label={`step ${i + 1}`} index={i} count={props.count} onMove={props.onMove} onRemove={props.onRemove} />
    </fieldset>
  );
}

/** Sets an optional string field, deleting it when emptied (so the saved JSON stays minimal). */
export function setOptional<T extends object, K extends keyof T>(target: T, key: K, value: string) {
  if (value === "") delete target[key];
  else (target as Record<K, string>)[key] = value;
}

function AllowedVariables({ step, names, fields, path: p, update }: { step: Step; names: string[]; fields: EditorFields; path: string; update: (fn: (s: Step) => void) => void }) {
  const allVariables = step.allowedVariables === undefined;
  return (
    <fieldset className={styles.subgroup}>
      <legend>Variables students may use in this step</legend>
      <label className={styles.check}>
        <input type="checkbox" checked={allVariables} onChange={(e) => update((s) => (e.target.checked ? void delete s.allowedVariables : void (s.allowedVariables = [...names])))} /> All
        variables
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
      {fields.issues(`${p}.allowedVariables`)}
      {(step.allowedVariables ?? []).map((_, j) => (
        <span key={j}>{fields.issues(`${p}.allowedVariables[${j}]`)}</span>
      ))}
    </fieldset>
  );
}

function FormRequirement({ step, fields, path: p, id, update }: { step: Step; fields: EditorFields; path: string; id: (suffix: string) => string; update: (fn: (s: Step) => void) => void }) {
  return (
    <fieldset className={styles.subgroup}>
      <legend>Form requirement (optional)</legend>
      <label className={styles.check}>
        <input type="checkbox" checked={step.form !== undefined} onChange={(e) => update((s) => (e.target.checked ? void (s.form = { maxOperations: 10 }) : void delete s.form))} /> Require a form
        (e.g. simplified)
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
              {...fields.props(`${p}.form.maxOperations`)}
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
            <input id={id("form-msg")} type="text" value={step.form.message ?? ""} onChange={(e) => update((s) => setOptional(s.form!, "message", e.target.value))} />
          </div>
        </div>
      ) : null}
      {fields.issues(`${p}.form`)}
      {fields.issues(`${p}.form.maxOperations`)}
      {(step.form?.forbiddenFunctions ?? []).map((_, j) => (
        <span key={j}>{fields.issues(`${p}.form.forbiddenFunctions[${j}]`)}</span>
      ))}
    </fieldset>
  );
}

/**
 * Author text as the student will see it (issue 17 item 1): the same Markdown + KaTeX renderer the
 * student's page uses — block Markdown for hints and solutions, inline for feedback (as after a Check).
 */
function AuthorTextPreview({ label, text, inline = false }: { label: string; text: string; inline?: boolean }) {
  const html = useMemo(() => (text.trim() ? (inline ? renderInlineMarkdown(text) : renderMarkdown(text)) : ""), [text, inline]);
  if (!html) return null;
  return (
    <div className={styles.preview} role="group" aria-label={label}>
      <span className={styles.previewLabel}>Preview</span> <span dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}
