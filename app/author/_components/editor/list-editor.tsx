"use client";

import { RowButtons, move } from "./row-buttons";
import styles from "../editor.module.css";

/**
 * One editable list inside a step (hints, known mistakes, question tests): a fieldset with a row
 * per item, each with move/remove buttons, and an "add" button. The rows' own fields come from
 * `renderItem`; the list is changed only through `update`, which receives the list to mutate.
 */
export function ListEditor<T>(props: {
  legend: string;
  note?: string;
  items: readonly T[];
  /** "hint 2 of step 1": names the row for the move/remove buttons' accessible labels. */
  rowLabel: (j: number) => string;
  addLabel: string;
  newItem: () => T;
  update: (fn: (list: T[]) => void) => void;
  renderItem: (item: T, j: number) => React.ReactNode;
  /** Rows with several fields are stacked (subrow); single-field rows sit inline with their buttons. */
  layout?: "inline" | "stacked";
}) {
  const { items, update } = props;
  return (
    <fieldset className={styles.subgroup}>
      <legend>{props.legend}</legend>
      {props.note ? <p className="muted">{props.note}</p> : null}
      {items.map((item, j) => (
        <div key={j} className={props.layout === "stacked" ? styles.subrow : styles.inline}>
          {props.renderItem(item, j)}
          <RowButtons label={props.rowLabel(j)} index={j} count={items.length} onMove={(to) => update((list) => move(list, j, to))} onRemove={() => update((list) => void list.splice(j, 1))} />
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => update((list) => void list.push(props.newItem()))}>
        {props.addLabel}
      </button>
    </fieldset>
  );
}
