/**
 * Named grading constants. Every number here is documented in lib/grading/README.md.
 */
export const GRADING_DEFAULTS = {
  /**
   * Points per comparison. Evaluating a compiled closure costs ~0.1 µs, so 20 points cost ~2 µs:
   * far more than the 5 of Numbas/WeBWorK, which makes a false accept (an answer that agrees with
   * the key at every point by accident) astronomically unlikely and lets "partly correct" mean something.
   */
  points: 20,
  /**
   * Relative part of the combined tolerance |answer − expected| ≤ abs + rel·|expected|.
   * 1e-6 is ~10 orders of magnitude above double rounding, so equivalent forms with cancellation
   * (e.g. (a−y)/(a(1−a)) near a≈1) still agree, while an answer off by ±1 is only accepted when the
   * expected value exceeds 10⁶ (WeBWorK's loose 1e-3 accepted ±1 already at values ~1000).
   */
  relativeTolerance: 1e-6,
  /**
   * Absolute part, relative to the key's scale: absoluteToleranceFraction × RMS of |key| over the
   * step's points. Rescues points where the expected value is (nearly) zero, where a relative
   * tolerance alone would demand bit-exact agreement (e.g. a − y with a ≈ y computed as
   * 1/(1+e^−z) − y), without swamping a key that is tiny everywhere (issue 12 kind 2: a fixed 1e-9
   * accepted 0 for σ(z) on [−40, −30]).
   */
  absoluteToleranceFraction: 1e-9,
  /**
   * Fixed absolute part where there is no key to take a scale from: a key that is 0 at every point,
   * and fingerprints / valuesAgree (clustering).
   */
  absoluteTolerance: 1e-9,
  /**
   * Points are not drawn where an argument of a non-smooth function in the key (relu, abs, step,
   * sign, leaky_relu: argument 0; min/max: two arguments equal) is within this fraction of the size
   * of its terms, so rounding on either side of a kink cannot flip a verdict.
   */
  kinkMargin: 1e-6,
  /**
   * Significant digits of the decimal.js confirmation (precise.ts): run only where the double
   * comparison fails and the rounding-error bound cannot rule out rounding. 60 digits resolve a
   * cancellation of up to ~50 digits, e.g. 1 − σ(z) to ≥ 6 digits for |z| ≤ 100.
   */
  precisionDigits: 60,
  /**
   * Function calls and powers the Decimal evaluations of one grade may perform (each ~0.01–1 ms at
   * 60 digits, arguments capped in precise.ts). When spent, a point is "not confirmed" and the double
   * comparison's verdict stands. A count, not a clock, so verdicts do not depend on machine load;
   * 200 covers an answer of ~10 calls or powers confirmed at all 20 points.
   */
  preciseCallBudget: 200,
  /** Longest answer accepted (characters of the original text); the exercise schema caps keys at 500 too. */
  maxInputLength: 500,
  /** Deepest nesting of parentheses / unary signs / powers / calls. Keeps the recursive parser far from the stack limit. */
  maxDepth: 40,
  /**
   * Candidate points drawn per wanted point before giving up. Points where the key (or a definition)
   * is undefined are redrawn; if fewer than `points` usable points are found, that is an authoring
   * error ("too few usable points"), never a student verdict.
   */
  maxAttemptsPerPoint: 10,
  /** Compiled steps kept by gradeAnswer's small cache. */
  cacheSize: 200,
} as const;

export type GradingOptions = { seed?: number; points?: number };
