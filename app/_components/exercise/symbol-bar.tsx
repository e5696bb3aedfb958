"use client";
import { useRef, useState, type KeyboardEvent } from "react";
import styles from "./exercise.module.css";

/** Text inserted around the cursor (or the selection) by each button. */
export type Insertion = { before: string; after: string };

type Symbol = { show: string; label: string; insert: Insertion };

const BASE: Symbol[] = [
  { show: "^", label: "Insert power ^", insert: { before: "^", after: "" } },
  { show: "( )", label: "Insert parentheses ( )", insert: { before: "(", after: ")" } },
  { show: "a/b", label: "Insert fraction a/b, as ( )/( )", insert: { before: "(", after: ")/()" } },
  { show: "√", label: "Insert square root sqrt( )", insert: { before: "sqrt(", after: ")" } },
];
/** Function buttons, shown when the exercise uses the function (lib/student-work/exercise-page.ts paletteFor). */
const FUNCTIONS: Record<string, Symbol> = {
  sigma: { show: "σ( )", label: "Insert sigma σ( )", insert: { before: "σ(", after: ")" } },
  tanh: { show: "tanh", label: "Insert tanh( )", insert: { before: "tanh(", after: ")" } },
  exp: { show: "exp", label: "Insert exponential exp( )", insert: { before: "exp(", after: ")" } },
  log: { show: "log", label: "Insert natural logarithm log( )", insert: { before: "log(", after: ")" } },
};

/**
 * The symbol palette of one answer box: a toolbar with ONE tab stop (roving tabindex, WAI-ARIA APG
 * "Toolbar" pattern): Tab enters it on the last used button and leaves it at once, the arrow keys,
 * Home and End move within it. Seven tab stops before every answer box made keyboard users press
 * Tab 16 times to reach the first answer.
 */
export function SymbolBar({
  stepName,
  onInsert,
  disabled,
  functions = ["sigma", "exp", "log"],
}: {
  stepName: string;
  onInsert: (i: Insertion) => void;
  disabled?: boolean;
  /** The exercise's function buttons, in order (issue 17 item 7: tanh on the tanh exercise, no σ where it is unused). */
  functions?: readonly string[];
}) {
  const SYMBOLS = [...functions.flatMap((f) => (FUNCTIONS[f] ? [FUNCTIONS[f]] : [])), ...BASE];
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const focusAt = (i: number) => {
    const next = (i + SYMBOLS.length) % SYMBOLS.length;
    setActive(next);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => void> = {
      ArrowRight: () => focusAt(active + 1),
      ArrowLeft: () => focusAt(active - 1),
      Home: () => focusAt(0),
      End: () => focusAt(SYMBOLS.length - 1),
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      move();
    }
  };
  return (
    <div className={styles.symbols} role="toolbar" aria-label={`Math symbols for ${stepName}`} onKeyDown={onKeyDown}>
      {SYMBOLS.map((s, i) => (
        <button
          key={s.label}
          ref={(el) => {
            buttons.current[i] = el;
          }}
          type="button"
          className="secondary"
          aria-label={s.label}
          title={s.label}
          disabled={disabled}
          tabIndex={i === active ? 0 : -1}
          // Keep focus (and the cursor position) in the input when clicked with a mouse.
          onMouseDown={(e) => e.preventDefault()}
          onFocus={() => setActive(i)}
          onClick={() => onInsert(s.insert)}
        >
          {s.show}
        </button>
      ))}
    </div>
  );
}
