"use client";
import styles from "./exercise.module.css";

/** Text inserted around the cursor (or the selection) by each button. */
export type Insertion = { before: string; after: string };

const SYMBOLS: { show: string; label: string; insert: Insertion }[] = [
  { show: "σ( )", label: "Insert sigma σ( )", insert: { before: "σ(", after: ")" } },
  { show: "^", label: "Insert power ^", insert: { before: "^", after: "" } },
  { show: "( )", label: "Insert parentheses ( )", insert: { before: "(", after: ")" } },
  { show: "a/b", label: "Insert fraction a/b, as ( )/( )", insert: { before: "(", after: ")/()" } },
  { show: "√", label: "Insert square root sqrt( )", insert: { before: "sqrt(", after: ")" } },
  { show: "exp", label: "Insert exponential exp( )", insert: { before: "exp(", after: ")" } },
  { show: "log", label: "Insert natural logarithm log( )", insert: { before: "log(", after: ")" } },
];

export function SymbolBar({ stepName, onInsert, disabled }: { stepName: string; onInsert: (i: Insertion) => void; disabled?: boolean }) {
  return (
    <div className={styles.symbols} role="group" aria-label={`Math symbols for ${stepName}`}>
      {SYMBOLS.map((s) => (
        <button
          key={s.label}
          type="button"
          className="secondary"
          aria-label={s.label}
          title={s.label}
          disabled={disabled}
          // Keep focus (and the cursor position) in the input when clicked with a mouse.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onInsert(s.insert)}
        >
          {s.show}
        </button>
      ))}
    </div>
  );
}
