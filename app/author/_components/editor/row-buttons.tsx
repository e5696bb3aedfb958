"use client";

import styles from "../editor.module.css";

/** Move up / move down / remove for one row of a list (variables, steps, hints, mistakes, tests). */
export function RowButtons({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }) {
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

/** Moves list[from] to index `to` in place (no-op outside the list). */
export function move<T>(list: T[], from: number, to: number) {
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item as T);
}
