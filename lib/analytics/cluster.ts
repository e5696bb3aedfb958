/**
 * Wrong-answer clustering by numeric fingerprint: every answer of a step is evaluated at one fixed set
 * of points (lib/grading's fingerprint()); answers whose values agree within the grading tolerance are
 * the same mistake however they were typed. Pure: no database, no framework.
 *
 * Cost for n answers with d distinct canonical forms: n map look-ups + d fingerprints (~30 µs each) +
 * d bucket look-ups. Buckets quantise the first few values so that a candidate cluster is found in
 * O(1); the real comparison is fingerprintsEqual, so bucketing never changes the result, only its speed.
 */
import { fingerprint, fingerprintsEqual, parseExpression, type KnownMistake, type Variable } from "@/lib/grading";

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
const NON_FINITE = "x";

function transform(v: number): number {
  return Math.sign(v) * Math.log1p(Math.abs(v) / C);
}

/** Primary cell and the nearer neighbouring cell of each bucket coordinate. */
function cellsOf(fp: readonly number[]): { primary: string[]; neighbour: (string | null)[] } {
  const primary: string[] = [];
  const neighbour: (string | null)[] = [];
  const n = Math.min(BUCKET_COORDS, fp.length);
  for (let i = 0; i < n; i++) {
    const v = fp[i] as number;
    if (!Number.isFinite(v)) {
      // fingerprintsEqual lets any two non-finite values match each other, never a finite one.
      primary.push(NON_FINITE);
      neighbour.push(null);
      continue;
    }
    const q = transform(v) / CELL;
    const cell = Math.floor(q);
    primary.push(String(cell));
    neighbour.push(String(q - cell < 0.5 ? cell - 1 : cell + 1));
  }
  return { primary, neighbour };
}

/** All 2^k keys made of each coordinate's primary or neighbour cell (non-finite: primary only). */
function probeKeys(primary: string[], neighbour: (string | null)[]): string[] {
  let keys: string[] = [""];
  for (let i = 0; i < primary.length; i++) {
    const next: string[] = [];
    const alt = neighbour[i];
    for (const k of keys) {
      const sep = i === 0 ? "" : "|";
      next.push(k + sep + (primary[i] as string));
      if (alt !== null && alt !== undefined) next.push(k + sep + alt);
    }
    keys = next;
  }
  return keys;
}

/** Index of fingerprints for near-constant-time "which cluster agrees with this one?" look-ups. */
export class FingerprintIndex {
  private readonly buckets = new Map<string, number[]>();
  readonly fingerprints: number[][] = [];

  /** The id of an indexed fingerprint that agrees with `fp`, or -1. */
  find(fp: readonly number[]): number {
    const { primary, neighbour } = cellsOf(fp);
    for (const key of probeKeys(primary, neighbour)) {
      const ids = this.buckets.get(key);
      if (ids === undefined) continue;
      for (const id of ids) if (fingerprintsEqual(this.fingerprints[id] as number[], fp as number[])) return id;
    }
    return -1;
  }

  add(fp: number[]): number {
    const id = this.fingerprints.length;
    this.fingerprints.push(fp);
    const key = cellsOf(fp).primary.join("|");
    const ids = this.buckets.get(key);
    if (ids === undefined) this.buckets.set(key, [id]);
    else ids.push(id);
    return id;
  }
}

type Group = {
  text: string;
  count: number;
  spellings: Map<string, number>;
  users: Set<string>;
  attemptIds: string[];
};

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
  const names = step.variables.map((v) => v.name);

  // 1. Group identical canonical forms (or texts) so each is fingerprinted once.
  const groups = new Map<string, Group>();
  let total = 0;
  for (const a of answers) {
    total++;
    const text = a.answer.trim();
    const key = a.canonical ? `c:${a.canonical}` : `t:${text}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { text, count: 0, spellings: new Map(), users: new Set(), attemptIds: [] };
      groups.set(key, g);
    }
    g.count++;
    g.spellings.set(text, (g.spellings.get(text) ?? 0) + 1);
    if (a.userId !== undefined) g.users.add(a.userId);
    if (a.attemptId !== undefined) g.attemptIds.push(a.attemptId);
  }

  // 2. Fingerprint each group and join the first cluster that agrees.
  const index = new FingerprintIndex();
  const building: Building[] = [];
  let invalid = 0;
  for (const g of groups.values()) {
    const fp = fingerprint(g.text, step.variables, options);
    if (fp === null) {
      invalid += g.count;
      continue;
    }
    let id = index.find(fp);
    if (id < 0) {
      id = index.add(fp);
      building.push({ fingerprint: fp, size: 0, spellings: new Map(), users: new Set(), attemptIds: [] });
    }
    const c = building[id] as Building;
    c.size += g.count;
    for (const [text, count] of g.spellings) c.spellings.set(text, (c.spellings.get(text) ?? 0) + count);
    for (const u of g.users) c.users.add(u);
    for (const id2 of g.attemptIds) c.attemptIds.push(id2);
  }

  // 3. Label clusters: known mistakes (first in the author's order wins, like grading) and the key.
  const mistakeFps = (step.mistakes ?? []).map((m) => fingerprint(m.expression, step.variables, options));
  const expectedFp = step.expected === undefined ? null : fingerprint(step.expected, step.variables, options);

  const clusters = building.map((c): AnswerCluster => {
    const spellings = [...c.spellings.entries()]
      .map(([text, count]) => ({ text, count }))
      .sort((x, y) => y.count - x.count || x.text.localeCompare(y.text));
    const repText = (spellings[0] as Spelling).text;
    const parsed = parseExpression(repText, { variables: names });
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
  clusters.sort((x, y) => y.size - x.size || x.representative.text.localeCompare(y.representative.text));
  return { clusters, invalid, total };
}

/** Whether `answer` falls in the same cluster as `expression` (used to update past attempts). */
export function sameMistake(answer: string, expression: string, step: Pick<ClusterStep, "variables" | "seed">): boolean {
  const options = step.seed === undefined ? {} : { seed: step.seed };
  const a = fingerprint(answer, step.variables, options);
  const b = fingerprint(expression, step.variables, options);
  return a !== null && b !== null && fingerprintsEqual(a, b);
}
