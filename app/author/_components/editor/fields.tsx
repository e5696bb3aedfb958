"use client";

import { useMemo } from "react";
import type { PathIssue } from "@/lib/platform/action-result";
import styles from "../editor.module.css";

/**
 * How every editor section ties a field to its validation issues: `props(path)` gives the input
 * its aria-invalid/aria-describedby, `issues(path)` renders the messages under it (by JSON path).
 */
export type EditorFields = {
  baseId: string;
  props: (path: string) => { "aria-invalid": true | undefined; "aria-describedby": string | undefined };
  issues: (path: string) => React.ReactNode;
};

/** Issues by JSON path, for showing each one under its field. */
export function useEditorFields(baseId: string, all: readonly PathIssue[]): EditorFields {
  return useMemo(() => {
    const byPath = new Map<string, PathIssue[]>();
    for (const i of all) byPath.set(i.path, [...(byPath.get(i.path) ?? []), i]);
    const describedBy = (path: string) => `${baseId}-${path}-issues`;
    return {
      baseId,
      props: (path: string) => {
        const list = byPath.get(path);
        const hasError = list?.some((i) => i.severity === "error") ?? false;
        return { "aria-invalid": hasError || undefined, "aria-describedby": list && list.length > 0 ? describedBy(path) : undefined } as const;
      },
      issues: (path: string) => <IssueList id={describedBy(path)} issues={byPath.get(path)} />,
    };
  }, [baseId, all]);
}

function IssueList({ id, issues }: { id: string; issues: PathIssue[] | undefined }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className={styles.issues}>
      {issues.map((i, k) => (
        <li key={k} className={i.severity === "error" ? "error-text" : styles.warning}>
          {i.severity === "error" ? "Error: " : "Warning: "}
          {i.message}
        </li>
      ))}
    </ul>
  );
}

/** Paths that have their own place in the form (so the summary at the top does not repeat them). */
export function isShownInline(path: string): boolean {
  return /^(title|slug|statement|variables|steps)$/.test(path) || /^variables\[\d+\](\.(name|range|definition|parameter))?$/.test(path) || /^steps\[\d+\]\./.test(path);
}
