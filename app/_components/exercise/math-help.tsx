import styles from "./exercise.module.css";

/** "How to type math": a short, always-available reference (details/summary, no script needed). */
export function MathHelp() {
  const rows: [string, string][] = [
    ["x*w or x w or 2x", "multiplication (x(2+w) is x times (2 + w))"],
    ["(x+1)/(w(x-2))", "fraction: put numerator and denominator in parentheses"],
    ["x^2, e^(-t)", "powers; use parentheses for a longer exponent"],
    ["σ(t) or sigma(t)", "the sigmoid"],
    ["exp(-t), log(x), sqrt(x)", "functions need parentheses; log is the natural log"],
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
