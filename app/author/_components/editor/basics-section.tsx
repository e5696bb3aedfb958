"use client";

import { useMemo } from "react";
import { renderMarkdown } from "@/lib/platform/markdown";
import { PALETTE_FUNCTIONS, type Exercise } from "@/lib/exercises/definition";
import { paletteFor } from "@/lib/student-work/palette";
import type { EditorFields } from "./fields";
import styles from "../editor.module.css";

/** Title, slug and statement (with its rendered preview). */
export function BasicsSection({ exercise, previewStatement, fields, update }: { exercise: Exercise; previewStatement: string; fields: EditorFields; update: (fn: (d: Exercise) => void) => void }) {
  const { baseId } = fields;
  const statementHtml = useMemo(() => renderMarkdown(previewStatement), [previewStatement]);
  return (
    <section className="card" id="editor-basics" aria-labelledby={`${baseId}-basics`}>
      <h2 id={`${baseId}-basics`} className={styles.compactHeading}>
        Exercise
      </h2>
      <div className="field">
        <label htmlFor={`${baseId}-title`}>Title</label>
        <input id={`${baseId}-title`} type="text" value={exercise.title} onChange={(e) => update((d) => void (d.title = e.target.value))} {...fields.props("title")} />
        {fields.issues("title")}
      </div>
      <div className="field">
        <label htmlFor={`${baseId}-slug`}>Slug</label>
        <input id={`${baseId}-slug`} type="text" value={exercise.slug} spellCheck={false} onChange={(e) => update((d) => void (d.slug = e.target.value))} {...fields.props("slug")} />
        <p className="muted">Lowercase letters, digits and hyphens; used in the exercise&apos;s URL.</p>
        {fields.issues("slug")}
      </div>
      <div className={styles.twoColumns}>
        <div className="field">
          <label htmlFor={`${baseId}-statement`}>Statement (Markdown, $…$ and $$…$$ for math)</label>
          <textarea id={`${baseId}-statement`} rows={10} value={exercise.statement} onChange={(e) => update((d) => void (d.statement = e.target.value))} {...fields.props("statement")} />
          {fields.issues("statement")}
        </div>
        <div className="field">
          <span className={styles.previewLabel} id={`${baseId}-statement-preview`}>
            Preview
          </span>
          <div className={`statement ${styles.preview}`} aria-labelledby={`${baseId}-statement-preview`} role="region" dangerouslySetInnerHTML={{ __html: statementHtml }} />
        </div>
      </div>
      <PaletteField exercise={exercise} update={update} />
    </section>
  );
}

const FUNCTION_LABELS: Record<(typeof PALETTE_FUNCTIONS)[number], string> = { sigma: "σ( )", tanh: "tanh", exp: "exp", log: "log" };

/**
 * The function buttons of the students' symbol palette (issue 17 item 7): automatic (the functions
 * the statement mentions, lib/student-work/palette.ts) or the author's own choice.
 */
function PaletteField({ exercise, update }: { exercise: Exercise; update: (fn: (d: Exercise) => void) => void }) {
  const automatic = paletteFor(exercise.statement, exercise.variables.map((v) => v.description ?? ""));
  const chosen = exercise.palette;
  return (
    <fieldset className="field">
      <legend>Function buttons in the students&apos; symbol palette</legend>
      <label>
        <input
          type="checkbox"
          checked={chosen !== undefined}
          onChange={(e) =>
            update((d) => {
              if (e.target.checked) d.palette = [...automatic];
              else delete d.palette;
            })
          }
        />{" "}
        Choose them myself{chosen === undefined ? ` (now automatic, from the statement: ${automatic.map((f) => FUNCTION_LABELS[f as keyof typeof FUNCTION_LABELS]).join(", ") || "none"})` : ""}
      </label>
      {chosen !== undefined
        ? PALETTE_FUNCTIONS.map((f) => (
            <label key={f}>
              <input
                type="checkbox"
                checked={chosen.includes(f)}
                onChange={(e) =>
                  update((d) => {
                    const now = new Set(d.palette ?? []);
                    if (e.target.checked) now.add(f);
                    else now.delete(f);
                    d.palette = PALETTE_FUNCTIONS.filter((x) => now.has(x));
                  })
                }
              />{" "}
              {FUNCTION_LABELS[f]}
            </label>
          ))
        : null}
    </fieldset>
  );
}
