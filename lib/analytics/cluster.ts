/**
 * Wrong-answer clustering by numeric fingerprint: every answer of a step is evaluated at one fixed set
 * of points (lib/grading's fingerprint()); answers whose values agree within the grading tolerance are
 * the same mistake however they were typed. Pure: no database, no framework.
 *
 * Cost for n answers with d distinct canonical forms: n map look-ups + d fingerprints + d bucket
 * look-ups. Fingerprints go through createFingerprinter (context, points and evaluator set up once per
 * step; ~5 µs per answer, mostly parsing) and give exactly fingerprint()'s values. Buckets quantise
 * the first few values so that a candidate cluster is found in O(1); the real comparison is
 * fingerprintsEqual, so bucketing never changes the result, only its speed.
 */
import { createFingerprinter, fingerprint, fingerprintsEqual, parseExpression, parseOptionsFor, type KnownMistake, type Variable } from "@/lib/grading";

export type WrongAnswer = {
  answer: string;
  /** Canonical form as stored with the attempt (Attempt.parsed): the fingerprint cache key. */
  canonical?: string | null;
  userId?: string;
  attemptId?: string;
};

export type ClusterStep = {
  variables: readonly Variable[];
  /** The step's current known mistakes, in the author's order. */
  mistakes?: readonly KnownMistake[];
  /** The key: a cluster equal to it is an equivalent answer rejected by a form requirement. */
  expected?: string;
  /** Fingerprint points seed; default: one fixed set per variable list (fingerprint()'s default). */
  seed?: number;
};

export type Spelling = { text: string; count: number };

export type AnswerCluster = {
  fingerprint: number[];
  /** Number of answers in the cluster. */
  size: number;
  /** Distinct students (answers without userId are not counted). */
  students: number;
  /** The most frequent spelling, with how it was read. */
  representative: { text: string; canonical: string; latex: string };
  /** Distinct answer texts (trimmed), most frequent first. */
  spellings: Spelling[];
  knownMistake: { index: number; expression: string; feedback: string } | null;
  matchesExpected: boolean;
  attemptIds: string[];
  /** For a parametrised step: the parameter values of the students in this cluster ("lam = 0.2"). */
  parameters?: string;
};

export type ClusterResult = { clusters: AnswerCluster[]; invalid: number; total: number };

/** Coordinates used for the bucket key. */
const BUCKET_COORDS = 4;
/**
 * Values are mapped by t(v) = sign(v)·ln(1 + |v|/C): above C this is ~ln|v| (relative), below it ~v/C
 * (absolute). Two values that agree under grading's tolerance (1e-9 + 1e-6·max) differ in t by at most
 * ~1e-3, far below half a cell (CELL/2 = 5e-3), so they fall in the same cell or in each other's nearer
 * neighbour, which is the only other cell probed.
 */
const C = 1e-6;
const CELL = 1e-2;
/**
 * Cell numbers are integers of magnitude < 10^5 (|t| ≤ ln(1 + 1.8e308/C) ≈ 725), so these markers
 * cannot collide with a real cell: a non-finite value, and a coordinate past the fingerprint's end.
 */
const NON_FINITE = 0x7fffffff;
const ABSENT = -0x7fffffff;

/**
 * Same order as String.prototype.localeCompare without arguments (ECMA-402 defines that as a default
 * Intl.Collator's compare), without setting up a collator per call.
 */
const compareText = new Intl.Collator().compare;

function transform(v: number): number {
  return Math.sign(v) * Math.log1p(Math.abs(v) / C);
}

/** Bucket key of BUCKET_COORDS cells; different cells may share a key (entries keep their cells). */
function hashCells(c0: number, c1: number, c2: number, c3: number): number {
  let h = Math.imul(c0 ^ 0x3c6ef372, 0x9e3779b1);
  h = Math.imul(h ^ c1, 0x85ebca6b);
  h = Math.imul(h ^ c2, 0xc2b2ae35);
  h = Math.imul(h ^ c3, 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/**
 * Index of fingerprints for near-constant-time "which cluster agrees with this one?" look-ups.
 * Buckets are keyed by a hash of the primary cells; each entry keeps its cells, so a look-up sees
 * exactly the entries of the probed cells, in the same order as a map keyed by the cells themselves.
 */
export class FingerprintIndex {
  private readonly buckets = new Map<number, number[]>();
  readonly fingerprints: number[][] = [];
  /** BUCKET_COORDS primary cells per indexed fingerprint. */
  private cells = new Int32Array(BUCKET_COORDS * 64);
  /** Scratch for look-ups: primary and nearer-neighbour cell of each coordinate (neighbour of a marker: itself). */
  private readonly primary = new Int32Array(BUCKET_COORDS);
  private readonly neighbour = new Int32Array(BUCKET_COORDS);

  private cellsOf(fp: readonly number[]): void {
    const n = Math.min(BUCKET_COORDS, fp.length);
    for (let i = 0; i < BUCKET_COORDS; i++) {
      if (i >= n) {
        this.primary[i] = ABSENT;
        this.neighbour[i] = ABSENT;
        continue;
      }
      const v = fp[i] as number;
      if (!Number.isFinite(v)) {
        // fingerprintsEqual lets any two non-finite values match each other, never a finite one.
        this.primary[i] = NON_FINITE;
        this.neighbour[i] = NON_FINITE;
        continue;
      }
      const q = transform(v) / CELL;
      const cell = Math.floor(q);
      this.primary[i] = cell;
      this.neighbour[i] = q - cell < 0.5 ? cell - 1 : cell + 1;
    }
  }

  /** The id of an indexed fingerprint that agrees with `fp`, or -1. */
  find(fp: readonly number[]): number {
    this.cellsOf(fp);
    const p = this.primary;
    const q = this.neighbour;
    const cells = this.cells;
    // Probe every combination of primary / neighbour cells, coordinate 0 varying slowest, primary
    // first; a coordinate without a distinct neighbour (marker) has only its primary cell.
    const combos = 1 << BUCKET_COORDS;
    for (let mask = 0; mask < combos; mask++) {
      let skip = false;
      for (let i = 0; i < BUCKET_COORDS; i++) {
        if ((mask >> (BUCKET_COORDS - 1 - i)) & 1 && p[i] === q[i]) {
          skip = true;
          break;
        }
      }
      if (skip) continue;
      const c0 = mask & 8 ? (q[0] as number) : (p[0] as number);
      const c1 = mask & 4 ? (q[1] as number) : (p[1] as number);
      const c2 = mask & 2 ? (q[2] as number) : (p[2] as number);
      const c3 = mask & 1 ? (q[3] as number) : (p[3] as number);
      const ids = this.buckets.get(hashCells(c0, c1, c2, c3));
      if (ids === undefined) continue;
      for (const id of ids) {
        const o = id * BUCKET_COORDS;
        if (cells[o] !== c0 || cells[o + 1] !== c1 || cells[o + 2] !== c2 || cells[o + 3] !== c3) continue;
        if (fingerprintsEqual(this.fingerprints[id] as number[], fp as number[])) return id;
      }
    }
    return -1;
  }

  add(fp: number[]): number {
    const id = this.fingerprints.length;
    this.fingerprints.push(fp);
    this.cellsOf(fp);
    const o = id * BUCKET_COORDS;
    if (o + BUCKET_COORDS > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    this.cells.set(this.primary, o);
    const p = this.primary;
    const key = hashCells(p[0] as number, p[1] as number, p[2] as number, p[3] as number);
    const ids = this.buckets.get(key);
    if (ids === undefined) this.buckets.set(key, [id]);
    else ids.push(id);
    return id;
  }
}

type Building = {
  fingerprint: number[];
  size: number;
  spellings: Map<string, number>;
  users: Set<string>;
  attemptIds: string[];
};

/**
 * Clusters wrong answers of one step. Answers that do not parse against the step's variables are
 * counted in `invalid` and left out (invalid never counts as a mistake).
 */
export function clusterWrongAnswers(answers: Iterable<WrongAnswer>, step: ClusterStep): ClusterResult {
  const options = step.seed === undefined ? {} : { seed: step.seed };
  // Context, points and evaluator set up once for the step; null only if the variables are invalid
  // (then fingerprint() would return null for every answer).
  const fingerprintOf = createFingerprinter(step.variables, options);

  // 1. Group identical canonical forms (or texts) so each is fingerprinted once. Groups are plain
  //    arrays indexed by group number, and each group's answers a linked list through `next`, so a
  //    group costs no objects of its own (in the worst case every answer is a group).
  const list: readonly WrongAnswer[] = Array.isArray(answers) ? answers : [...answers];
  const total = list.length;
  const texts: string[] = new Array<string>(total);
  const next = new Int32Array(total).fill(-1);
  const byCanonical = new Map<string, number>();
  const byText = new Map<string, number>();
  const groupText: string[] = [];
  const groupCount: number[] = [];
  const groupHead: number[] = [];
  const groupTail: number[] = [];
  for (let i = 0; i < total; i++) {
    const a = list[i] as WrongAnswer;
    const text = a.answer.trim();
    texts[i] = text;
    const map = a.canonical ? byCanonical : byText;
    const key = a.canonical ? a.canonical : text;
    let g = map.get(key);
    if (g === undefined) {
      g = groupText.length;
      map.set(key, g);
      groupText.push(text);
      groupCount.push(1);
      groupHead.push(i);
      groupTail.push(i);
    } else {
      groupCount[g] = (groupCount[g] as number) + 1;
      next[groupTail[g] as number] = i;
      groupTail[g] = i;
    }
  }

  // 2. Fingerprint each group and join the first cluster that agrees; then collect the cluster's
  //    spellings, students and attempts (groups in first-seen order, each group's answers in order).
  const index = new FingerprintIndex();
  const building: Building[] = [];
  let invalid = 0;
  for (let g = 0; g < groupText.length; g++) {
    const fp = fingerprintOf === null ? null : fingerprintOf(groupText[g] as string);
    if (fp === null) {
      invalid += groupCount[g] as number;
      continue;
    }
    let id = index.find(fp);
    if (id < 0) {
      id = index.add(fp);
      building.push({ fingerprint: fp, size: 0, spellings: new Map(), users: new Set(), attemptIds: [] });
    }
    const c = building[id] as Building;
    c.size += groupCount[g] as number;
    for (let i = groupHead[g] as number; i >= 0; i = next[i] as number) {
      const text = texts[i] as string;
      c.spellings.set(text, (c.spellings.get(text) ?? 0) + 1);
      const a = list[i] as WrongAnswer;
      if (a.userId !== undefined) c.users.add(a.userId);
      if (a.attemptId !== undefined) c.attemptIds.push(a.attemptId);
    }
  }

  // 3. Label clusters: known mistakes (first in the author's order wins, like grading) and the key.
  const fpOf = (expression: string) => (fingerprintOf === null ? null : fingerprintOf(expression));
  const mistakeFps = (step.mistakes ?? []).map((m) => fpOf(m.expression));
  const expectedFp = step.expected === undefined ? null : fpOf(step.expected);

  const clusters = building.map((c): AnswerCluster => {
    const spellings = [...c.spellings.entries()]
      .map(([text, count]) => ({ text, count }))
      .sort((x, y) => y.count - x.count || compareText(x.text, y.text));
    const repText = (spellings[0] as Spelling).text;
    // The variables' parse options, not only names: a matrix answer is read (and shown) as it was graded.
    const parsed = parseExpression(repText, parseOptionsFor(step.variables));
    const representative = parsed.ok
      ? { text: repText, canonical: parsed.canonical, latex: parsed.latex }
      : { text: repText, canonical: repText, latex: "" };
    let knownMistake: AnswerCluster["knownMistake"] = null;
    for (let m = 0; m < mistakeFps.length; m++) {
      const mfp = mistakeFps[m];
      if (mfp && fingerprintsEqual(mfp, c.fingerprint)) {
        const mistake = (step.mistakes ?? [])[m] as KnownMistake;
        knownMistake = { index: m, expression: mistake.expression, feedback: mistake.feedback };
        break;
      }
    }
    return {
      fingerprint: c.fingerprint,
      size: c.size,
      students: c.users.size,
      representative,
      spellings,
      knownMistake,
      matchesExpected: expectedFp !== null && fingerprintsEqual(expectedFp, c.fingerprint),
      attemptIds: c.attemptIds,
    };
  });
  clusters.sort((x, y) => y.size - x.size || compareText(x.representative.text, y.representative.text));
  return { clusters, invalid, total };
}

/** Whether `answer` falls in the same cluster as `expression` (used to update past attempts). */
export function sameMistake(answer: string, expression: string, step: Pick<ClusterStep, "variables" | "seed">): boolean {
  const options = step.seed === undefined ? {} : { seed: step.seed };
  const a = fingerprint(answer, step.variables, options);
  const b = fingerprint(expression, step.variables, options);
  return a !== null && b !== null && fingerprintsEqual(a, b);
}
