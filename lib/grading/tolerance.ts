import { GRADING_DEFAULTS } from "./defaults";

const REL = GRADING_DEFAULTS.relativeTolerance;
const ABS = GRADING_DEFAULTS.absoluteTolerance;
const ABS_FRACTION = GRADING_DEFAULTS.absoluteToleranceFraction;

/**
 * Combined tolerance: |a − b| ≤ floor + REL·max(|a|, |b|). Symmetric, so fingerprints compare the
 * same way as grading. Two non-finite values never agree (NaN ≠ NaN, ∞ ≠ ∞).
 * `floor` is the absolute part: grading passes the step's `absoluteFloor` (relative to the key's
 * scale, issue 12 kind 2); without it the fixed GRADING_DEFAULTS.absoluteTolerance is used
 * (fingerprints, whose answers have no key to take a scale from).
 */
export function agree(a: number, b: number, floor: number = ABS): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= floor + REL * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Absolute part of the tolerance for one step: absoluteToleranceFraction × the RMS of |key| over the
 * points drawn (finite values only). So "≈ 0 at one point" is still rescued (a − y where a ≈ y: the
 * RMS is ~0.4, the floor 4e-10), but a key that is tiny everywhere (σ(z) ≈ 1e-10 for z ≤ −22, p² for
 * p ~ 1e-6) is not swamped by a fixed floor: 0, 2a or p³ no longer pass. A key that is exactly 0 at
 * every point has no scale: the fixed absoluteTolerance is used.
 */
export function absoluteFloor(expected: ArrayLike<number>): number {
  let max = 0;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const v = Math.abs(expected[i] as number);
    if (Number.isFinite(v)) {
      count++;
      if (v > max) max = v;
    }
  }
  if (max === 0 || count === 0) return ABS;
  // Scale by max first so squares of 1e200 or 1e-200 neither overflow nor underflow.
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const v = Math.abs(expected[i] as number);
    if (Number.isFinite(v)) sum += (v / max) * (v / max);
  }
  return ABS_FRACTION * max * Math.sqrt(sum / count);
}

/** How many positions of a and b agree (same length). One call per grade instead of one per point. */
export function countAgreeing(a: ArrayLike<number>, b: ArrayLike<number>, floor: number = ABS): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (agree(a[i] as number, b[i] as number, floor)) count++;
  return count;
}

export function allAgree(a: ArrayLike<number>, b: ArrayLike<number>, floor: number = ABS): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!agree(a[i] as number, b[i] as number, floor)) return false;
  return true;
}
