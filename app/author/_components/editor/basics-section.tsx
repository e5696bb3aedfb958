"use client";

import { useMemo } from "react";
import { renderMarkdown } from "@/lib/platform/markdown";
import type { Exercise } from "@/lib/exercises/definition";
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
    </section>
  );
}
