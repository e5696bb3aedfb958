import { GRADING_DEFAULTS } from "./defaults";

const REL = GRADING_DEFAULTS.relativeTolerance;
const ABS = GRADING_DEFAULTS.absoluteTolerance;

/**
 * Combined tolerance: |a − b| ≤ ABS + REL·max(|a|, |b|). Symmetric, so fingerprints compare the same
 * way as grading. Two non-finite values never agree (NaN ≠ NaN, ∞ ≠ ∞).
 */
export function agree(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= ABS + REL * Math.max(Math.abs(a), Math.abs(b));
}

/** How many positions of a and b agree (same length). One call per grade instead of one per point. */
export function countAgreeing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (agree(a[i] as number, b[i] as number)) count++;
  return count;
}

export function allAgree(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!agree(a[i] as number, b[i] as number)) return false;
  return true;
}
