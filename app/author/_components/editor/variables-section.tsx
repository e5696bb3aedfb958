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
 * A per-student parameter's values as comma-separated numbers. The text is kept while typing (so
 * "0." or a trailing comma is not thrown away); the parsed list goes to the exercise.
 */
function ParameterValuesField({ id, values, fieldProps, onChange }: { id: string; values: number[]; fieldProps: ReturnType<EditorFields["props"]>; onChange: (values: number[]) => void }) {
  const [text, setText] = useState(() => values.join(", "));
  return (
    <div className="field">
      <label htmlFor={id}>Values (one per student, comma-separated)</label>
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
        Each student gets one of these, drawn once; write <code>{"{name}"}</code> in the statement, prompts, hints or solutions to show it.
      </p>
    </div>
  );
}

/** The exercise's variables: each sampled from a range, defined by an expression of others, or a per-student parameter. */
export function VariablesSection({ variables, fields, update }: { variables: Variable[]; fields: EditorFields; update: (fn: (d: Exercise) => void) => void }) {
  const { baseId } = fields;
  return (
    <section className="card" id="editor-variables" aria-labelledby={`${baseId}-variables`}>
      <h2 id={`${baseId}-variables`} className={styles.compactHeading}>
        Variables
      </h2>
      <p className="muted">Sampled uniformly from a range, or defined by an expression of other variables (e.g. a = sigma(z)).</p>
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
              <select
                id={`${baseId}-v${i}-kind`}
                value={"range" in v ? "range" : "parameter" in v ? "parameter" : "definition"}
                onChange={(e) =>
                  update((d) => {
                    const old = d.variables[i]!;
                    const description = old.description !== undefined ? { description: old.description } : {};
                    const kind = e.target.value;
                    d.variables[i] = (
                      kind === "range"
                        ? { name: old.name, range: [-2, 2], ...description }
                        : kind === "parameter"
                          ? { name: old.name, parameter: [1, 2, 3], ...description }
                          : { name: old.name, definition: "", ...description }
                    ) as Variable;
                  })
                }
              >
                <option value="range">Sampled from a range</option>
                <option value="definition">Defined by an expression</option>
                <option value="parameter">Per-student parameter</option>
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
              <ParameterValuesField id={`${baseId}-v${i}-values`} values={v.parameter} fieldProps={fields.props(`variables[${i}].parameter`)} onChange={(values) => update((d) => void ((d.variables[i] as { parameter: number[] }).parameter = values))} />
            ) : (
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
