import styles from "./exercise.module.css";

/** "How to type math": a short, always-available reference (details/summary, no script needed). */
export function MathHelp() {
  const rows: [string, string][] = [
    ["a*b or a b or 2a", "multiplication (a(1-a) is a times (1 − a))"],
    ["(a-y)/(a(1-a))", "fraction: put numerator and denominator in parentheses"],
    ["a^2, e^(-z)", "powers; use parentheses for a longer exponent"],
    ["σ(z) or sigma(z)", "the sigmoid"],
    ["exp(-z), log(a), sqrt(a)", "functions need parentheses; log is the natural log"],
    ["−, ×, ·, ², ⁻¹", "pasted Unicode symbols work too"],
  ];
  return (
    <details className={`card ${styles.help}`}>
      <summary>How to type math</summary>
      <p>
        Type an expression, not an equation (no <code>=</code>). The preview under each box shows how your input was read
        before you check it; nothing counts until you press <kbd>Enter</kbd> or <strong>Check</strong>, and input that
        can&apos;t be read never costs an attempt.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([typed, meaning]) => (
            <tr key={typed}>
              <td>
                <code>{typed}</code>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">The buttons above each box insert symbols at the cursor (Tab to reach them, Enter or Space to press).</p>
    </details>
  );
}
