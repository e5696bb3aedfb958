"use client";

import { useState } from "react";
import type { Exercise } from "@/lib/exercises/definition";
import type { EditorFields } from "./fields";
import { RowButtons, move } from "./row-buttons";
import styles from "../editor.module.css";

type Variable = Exercise["variables"][number];

function nextName(taken: string[]): string {
  for (const n of ["x", "y", "z", "t", "u", "v", "w"]) if (!taken.includes(n)) return n;
  return `v${taken.length + 1}`;
}

/**
 * Comma-separated numbers: a per-student parameter's values, or the set a `values` variable's
 * entries are drawn from. The text is kept while typing (so "0." or a trailing comma is not thrown
 * away); the parsed list goes to the exercise.
 */
function NumberListField({
  id,
  label,
  help,
  values,
  fieldProps,
  onChange,
}: {
  id: string;
  label: string;
  help: React.ReactNode;
  values: number[];
  fieldProps: ReturnType<EditorFields["props"]>;
  onChange: (values: number[]) => void;
}) {
  const [text, setText] = useState(() => values.join(", "));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={text}
        aria-describedby={[`${id}-help`, fieldProps["aria-describedby"]].filter(Boolean).join(" ")}
        aria-invalid={fieldProps["aria-invalid"]}
        onChange={(e) => {
          setText(e.target.value);
          onChange(
            e.target.value
              .split(",")
              .map((x) => x.trim())
              .filter((x) => x !== "")
              .map(Number),
          );
        }}
      />
      <p className="muted" id={`${id}-help`}>
        {help}
      </p>
    </div>
  );
}

type Dim = string | number;

/** "n, m" → ["n", "m"]; "n, 1" → ["n", 1]. Not two parts is kept as typed, for the schema to report. */
function parseShape(text: string): Dim[] {
  return text
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "")
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/**
 * A matrix variable's shape as text, rows then columns: "n, m" (dimension variables' names) or
 * "n, 1" (a fixed size). Empty makes a range or values variable a scalar. Kept as typed.
 */
function ShapeField({ id, shape, required, fieldProps, onChange }: { id: string; shape: Dim[] | undefined; required: boolean; fieldProps: ReturnType<EditorFields["props"]>; onChange: (shape: Dim[] | undefined) => void }) {
  const [text, setText] = useState(() => (shape ?? []).join(", "));
  return (
    <div className="field">
      <label htmlFor={id}>Shape (rows, columns){required ? "" : " — empty for a scalar"}</label>
      <input
        id={id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="n, m"
        value={text}
        aria-describedby={[`${id}-help`, fieldProps["aria-describedby"]].filter(Boolean).join(" ")}
        aria-invalid={fieldProps["aria-invalid"]}
        onChange={(e) => {
          setText(e.target.value);
          const dims = parseShape(e.target.value);
          onChange(dims.length === 0 && !required ? undefined : dims);
        }}
      />
      <p className="muted" id={`${id}-help`}>
        Each an integer variable&apos;s name (a dimension) or a fixed size, e.g. <code>n, 1</code>.
      </p>
    </div>
  );
}

type Kind = "range" | "definition" | "parameter" | "values" | "integer" | "onehot";

function kindOf(v: Variable): Kind {
  return "range" in v ? "range" : "parameter" in v ? "parameter" : "values" in v ? "values" : "integer" in v ? "integer" : "onehot" in v ? "onehot" : "definition";
}

/** The variable as another kind, keeping its name, description, and the shape and LaTeX where the new kind has them. */
function withKind(old: Variable, kind: Kind): Variable {
  const description = old.description !== undefined ? { description: old.description } : {};
  const latex = "latex" in old && old.latex !== undefined && kind !== "parameter" ? { latex: old.latex } : {};
  const oldShape = "shape" in old ? old.shape : undefined;
  const shape = oldShape !== undefined && (kind === "range" || kind === "values") ? { shape: oldShape } : {};
  const base = { name: old.name, ...description };
  switch (kind) {
    case "range":
      return { ...base, range: [-2, 2], ...shape, ...latex } as Variable;
    case "parameter":
      return { ...base, parameter: [1, 2, 3] } as Variable;
    case "values":
      return { ...base, values: [0, 1], ...shape, ...latex } as Variable;
    case "integer":
      return { ...base, integer: [2, 4], ...latex } as Variable;
    case "onehot":
      return { ...base, onehot: true, shape: oldShape ?? [3, 4], ...latex } as Variable;
    default:
      return { ...base, definition: "", ...latex } as Variable;
  }
}

/** The exercise's variables: sampled from a range, defined by an expression of others, a per-student parameter, or (matrix exercises, issue 15) drawn from a set, an integer dimension, one-hot columns; range, set and one-hot ones may have a shape. */
export function VariablesSection({ variables, fields, update }: { variables: Variable[]; fields: EditorFields; update: (fn: (d: Exercise) => void) => void }) {
  const { baseId } = fields;
  return (
    <section className="card" id="editor-variables" aria-labelledby={`${baseId}-variables`}>
      <h2 id={`${baseId}-variables`} className={styles.compactHeading}>
        Variables
      </h2>
      <p className="muted">
        Sampled uniformly from a range, or defined by an expression of other variables (e.g. a = sigma(z)). A shape (e.g. <code>n, m</code>, with integer dimension variables n and m) makes a variable a
        matrix: answers are then checked for their shapes.
      </p>
      {fields.issues("variables")}
      {variables.map((v, i) => (
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
                {...fields.props(`variables[${i}].name`)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${baseId}-v${i}-kind`}>Kind</label>
              <select id={`${baseId}-v${i}-kind`} value={kindOf(v)} onChange={(e) => update((d) => void (d.variables[i] = withKind(d.variables[i]!, e.target.value as Kind)))}>
                <option value="range">Sampled from a range</option>
                <option value="definition">Defined by an expression</option>
                <option value="parameter">Per-student parameter</option>
                <option value="values">Drawn from a set of values</option>
                <option value="integer">Integer (a dimension)</option>
                <option value="onehot">One-hot columns</option>
              </select>
            </div>
            {"range" in v ? (
              ([0, 1] as const).map((end) => (
                <div className="field" key={end}>
                  <label htmlFor={`${baseId}-v${i}-${end === 0 ? "min" : "max"}`}>{end === 0 ? "Minimum" : "Maximum"}</label>
                  <input
                    id={`${baseId}-v${i}-${end === 0 ? "min" : "max"}`}
                    type="number"
                    step="any"
                    value={Number.isFinite(v.range[end]) ? v.range[end] : ""}
                    onChange={(e) => update((d) => void ((d.variables[i] as { range: [number, number] }).range[end] = e.target.valueAsNumber))}
                    {...fields.props(`variables[${i}].range`)}
                  />
                </div>
              ))
            ) : "parameter" in v ? (
              <NumberListField
                id={`${baseId}-v${i}-values`}
                label="Values (one per student, comma-separated)"
                help={
                  <>
                    Each student gets one of these, drawn once; write <code>{"{name}"}</code> in the statement, prompts, hints or solutions to show it.
                  </>
                }
                values={v.parameter}
                fieldProps={fields.props(`variables[${i}].parameter`)}
                onChange={(values) => update((d) => void ((d.variables[i] as { parameter: number[] }).parameter = values))}
              />
            ) : "values" in v ? (
              <NumberListField
                id={`${baseId}-v${i}-set`}
                label="Values (comma-separated)"
                help="Each entry is drawn from these at every grading point, e.g. 0, 1 for labels."
                values={v.values}
                fieldProps={fields.props(`variables[${i}].values`)}
                onChange={(values) => update((d) => void ((d.variables[i] as { values: number[] }).values = values))}
              />
            ) : "integer" in v ? (
              ([0, 1] as const).map((end) => (
                <div className="field" key={end}>
                  <label htmlFor={`${baseId}-v${i}-int${end === 0 ? "min" : "max"}`}>{end === 0 ? "Smallest" : "Largest"}</label>
                  <input
                    id={`${baseId}-v${i}-int${end === 0 ? "min" : "max"}`}
                    type="number"
                    step={1}
                    value={Number.isFinite(v.integer[end]) ? v.integer[end] : ""}
                    onChange={(e) => update((d) => void ((d.variables[i] as { integer: [number, number] }).integer[end] = e.target.valueAsNumber))}
                    {...fields.props(`variables[${i}].integer`)}
                  />
                </div>
              ))
            ) : "onehot" in v ? null : (
              <div className="field">
                <label htmlFor={`${baseId}-v${i}-def`}>Definition</label>
                <input
                  id={`${baseId}-v${i}-def`}
                  type="text"
                  spellCheck={false}
                  value={v.definition}
                  onChange={(e) => update((d) => void ((d.variables[i] as { definition: string }).definition = e.target.value))}
                  {...fields.props(`variables[${i}].definition`)}
                />
              </div>
            )}
            {"range" in v || "values" in v || "onehot" in v ? (
              <ShapeField
                id={`${baseId}-v${i}-shape`}
                shape={v.shape}
                required={"onehot" in v}
                fieldProps={fields.props(`variables[${i}].shape`)}
                onChange={(shape) =>
                  update((d) => {
                    const target = d.variables[i] as { shape?: Dim[] };
                    if (shape === undefined) delete target.shape;
                    else target.shape = shape;
                  })
                }
              />
            ) : null}
            {"parameter" in v ? null : (
              <div className="field">
                <label htmlFor={`${baseId}-v${i}-latex`}>Display LaTeX (optional)</label>
                <input
                  id={`${baseId}-v${i}-latex`}
                  type="text"
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="W^{[1]}"
                  value={("latex" in v ? v.latex : undefined) ?? ""}
                  onChange={(e) =>
                    update((d) => {
                      const target = d.variables[i] as { latex?: string };
                      if (e.target.value === "") delete target.latex;
                      else target.latex = e.target.value;
                    })
                  }
                  {...fields.props(`variables[${i}].latex`)}
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
          {fields.issues(`variables[${i}]`)}
          {fields.issues(`variables[${i}].name`)}
          {fields.issues(`variables[${i}].range`)}
          {fields.issues(`variables[${i}].definition`)}
          {fields.issues(`variables[${i}].parameter`)}
          {fields.issues(`variables[${i}].values`)}
          {fields.issues(`variables[${i}].integer`)}
          {fields.issues(`variables[${i}].shape`)}
          {fields.issues(`variables[${i}].latex`)}
          <RowButtons
            label={`variable ${i + 1}`}
            index={i}
            count={variables.length}
            onMove={(to) => update((d) => move(d.variables, i, to))}
            onRemove={() => update((d) => void d.variables.splice(i, 1))}
          />
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => update((d) => void d.variables.push({ name: nextName(d.variables.map((x) => x.name)), range: [-2, 2] }))}>
        Add variable
      </button>
    </section>
  );
}
