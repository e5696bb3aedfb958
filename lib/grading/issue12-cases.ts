/**
 * Every example of issue 12 ("misreadings that students of other systems report, fixed by kind")
 * with the verdict it must get. Shared by issue12.test.ts (engine) and cli.test.ts (the
 * `npm run grade -- --jsonl` contract). `family` names the kind's rule the row exercises.
 */
import type { Variable } from "./types";

export type Issue12Case = {
  kind: number;
  family: string;
  variables: Variable[];
  expected: string;
  answer: string;
  verdict: "correct" | "incorrect" | "invalid";
  /** The reading the preview must show (canonical print), for valid answers. */
  canonical?: string;
  /** Substring of the feedback or error message. */
  includes?: string;
  /** For invalid answers: the located span. */
  span?: [number, number];
  seed?: number;
};

const r = (name: string, lo: number, hi: number): Variable => ({ name, range: [lo, hi] });
const WX = [r("w", 0.5, 2), r("x", 0.5, 2)];
const YA = [r("y", 0, 1), r("a", 0.1, 0.9)];
const YZ = [r("y", 0.5, 2), r("z", 0.5, 2)];
const XYZ = [r("x", 0.5, 2), r("y", 0.5, 2), r("z", 0.5, 2)];
const sigmoid = (lo: number, hi: number): Variable[] => [r("z", lo, hi), r("y", 0, 1), { name: "a", definition: "sigma(z)" }];
const SEED = sigmoid(-4, 4);

export const ISSUE12_CASES: Issue12Case[] = [
  // ---- 1. A power after a split name binds to the last factor; an exponent that is a split name takes the first ----
  { kind: 1, family: "power after split name", variables: WX, expected: "w*x^2", answer: "wx^2", verdict: "correct", canonical: "w*x^2" },
  { kind: 1, family: "power after split name", variables: WX, expected: "(w*x)^2", answer: "wx^2", verdict: "incorrect" },
  { kind: 1, family: "power after split name", variables: YA, expected: "y*a - y*a^2", answer: "ya - ya^2", verdict: "correct", canonical: "y*a - y*a^2" },
  { kind: 1, family: "superscript after split name", variables: YA, expected: "y*a - y*a^2", answer: "ya - ya²", verdict: "correct", canonical: "y*a - y*a^2" },
  { kind: 1, family: "power after split name", variables: YZ, expected: "y*z^2", answer: "yz^2", verdict: "correct", canonical: "y*z^2" },
  { kind: 1, family: "negative power after split name", variables: YA, expected: "a/y", answer: "ay^-1", verdict: "correct", canonical: "a*y^(-1)" },
  { kind: 1, family: "sign before split name", variables: YA, expected: "-(a*y^2)", answer: "-ay^2", verdict: "correct", canonical: "-(a*y^2)" },
  { kind: 1, family: "power inside a product", variables: YA, expected: "y*a^2*(1-a)", answer: "ya^2(1-a)", verdict: "correct", canonical: "y*a^2*(1 - a)" },
  { kind: 1, family: "power after a call in a split name", variables: YA, expected: "y*log(a)^2", answer: "ylog(a)^2", verdict: "correct", canonical: "y*log(a)^2" },
  { kind: 1, family: "power after a call in a split name", variables: SEED, expected: "y*sigma(z)^2", answer: "ysigma(z)^2", verdict: "correct", canonical: "y*sigma(z)^2" },
  { kind: 1, family: "exponent takes one factor", variables: [r("z", 0.5, 2)], expected: "e^(-2)*z", answer: "e^-2z", verdict: "correct", canonical: "e^(-2)*z" },
  { kind: 1, family: "exponent takes one factor", variables: YZ, expected: "e^(-y)*z", answer: "e^-yz", verdict: "correct", canonical: "e^(-y)*z" },
  { kind: 1, family: "exponent takes one factor", variables: XYZ, expected: "x^y*z", answer: "x^yz", verdict: "correct", canonical: "x^y*z" },
  { kind: 1, family: "exponent takes one factor", variables: XYZ, expected: "x^(y*z)", answer: "x^yz", verdict: "incorrect" },

  // ---- 2. The absolute floor is relative to the key's scale ----
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-30, -22), expected: "-a", answer: "a", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-30, -22), expected: "-a", answer: "0", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-30, -22), expected: "-a", answer: "2a", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-30, -22), expected: "-a", answer: "-a^2", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-30, -22), expected: "-a", answer: "-exp(z)/(1 + exp(z))", verdict: "correct" },
  { kind: 2, family: "key tiny everywhere", variables: [r("p", 1e-6, 1e-5)], expected: "p^2", answer: "p^3", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: [r("p", 1e-6, 1e-5)], expected: "p^2", answer: "0", verdict: "incorrect" },
  { kind: 2, family: "key tiny everywhere", variables: [r("p", 1e-6, 1e-5)], expected: "p^2", answer: "p*p", verdict: "correct" },
  { kind: 2, family: "values near underflow", variables: [r("x", 0, 1.1), r("a", 0, 1)], expected: "(x-a)^5999", answer: "(x-a)^6000", verdict: "incorrect" },
  { kind: 2, family: "constant key", variables: [r("x", 0, 1)], expected: "1e-33", answer: "1.06e-33", verdict: "incorrect" },
  { kind: 2, family: "constant key", variables: [r("x", 0, 1)], expected: "1e-33", answer: "10^-33", verdict: "correct" },
  { kind: 2, family: "key tiny everywhere", variables: sigmoid(-40, -30), expected: "sigma(z)", answer: "0", verdict: "incorrect" },
  { kind: 2, family: "zero at one point still rescued", variables: SEED, expected: "a - y", answer: "a - y + 1e-12", verdict: "correct" },

  // ---- 3. Disagreeing doubles are confirmed with higher precision ----
  { kind: 3, family: "cancellation in 1 − σ(z)", variables: sigmoid(-28, 28), expected: "log(1+exp(z)) - y*z", answer: "-y*log(a) - (1-y)*log(1-a)", verdict: "correct" },
  { kind: 3, family: "log(0) in doubles only", variables: sigmoid(-40, 40), expected: "log(1+exp(z)) - y*z", answer: "-y*log(a) - (1-y)*log(1-a)", verdict: "correct" },
  { kind: 3, family: "key undefined in doubles only", variables: sigmoid(-40, 40), expected: "-y*log(a) - (1-y)*log(1-a)", answer: "log(1+exp(z)) - y*z", verdict: "correct" },
  { kind: 3, family: "key undefined in doubles only", variables: sigmoid(-40, 40), expected: "-y*log(a) - (1-y)*log(1-a)", answer: "-y*log(a) - (1-y)*log(1-a)", verdict: "correct" },
  { kind: 3, family: "cancellation in 1 − σ(z)", variables: sigmoid(-28, 28), expected: "log(1+exp(z)) - y*z", answer: "y*log(a) + (1-y)*log(1-a)", verdict: "incorrect" },
  { kind: 3, family: "log(0) in doubles only", variables: sigmoid(-40, 40), expected: "log(1+exp(z)) - y*z", answer: "-y*log(a) - (1-y)*log(1-a) + 0.001", verdict: "incorrect" },
  { kind: 3, family: "cancellation to 0", variables: [r("x", -40, -30)], expected: "exp(x)", answer: "exp(x) + 1 - 1", verdict: "correct" },

  // ---- 4. Two numbers side by side are invalid ----
  { kind: 4, family: "digit groups", variables: SEED, expected: "1000*(a-y)", answer: "1 000(a-y)", verdict: "invalid", includes: "two numbers next to each other: write 1000 or 1*000", span: [0, 5] },
  { kind: 4, family: "digit groups", variables: SEED, expected: "1000*(a-y)", answer: "1000(a-y)", verdict: "correct" },
  { kind: 4, family: "mixed number", variables: SEED, expected: "1.5*a", answer: "1 1/2 a", verdict: "invalid", includes: "two numbers next to each other", span: [0, 3] },
  { kind: 4, family: "mixed number", variables: SEED, expected: "1.5*a", answer: "(1 + 1/2) a", verdict: "correct" },

  // ---- 5. Absolute value bars ----
  { kind: 5, family: "bars", variables: SEED, expected: "abs(a - y)", answer: "|a - y|", verdict: "correct", canonical: "abs(a - y)" },
  { kind: 5, family: "bars", variables: SEED, expected: "a - y", answer: "|a - y|", verdict: "incorrect" },
  { kind: 5, family: "bars next to each other", variables: SEED, expected: "abs(a)*abs(y)", answer: "|a||y|", verdict: "correct", canonical: "abs(a)*abs(y)" },
  { kind: 5, family: "bars that cannot be paired", variables: SEED, expected: "abs(a)*y*abs(z)", answer: "|a|y|z|", verdict: "invalid", includes: "not clear which '|' bars belong together", span: [2, 3] },
  { kind: 5, family: "bars that cannot be paired", variables: SEED, expected: "abs(a)", answer: "a|y", verdict: "invalid", includes: "don't pair up" },

  // ---- 6. A factor near 1 is printed so it differs from 1 ----
  { kind: 6, family: "rounded constant", variables: [r("x", -3, 3)], expected: "exp(-x^2/2)/sqrt(2*pi)", answer: "0.3989*exp(-x^2/2)", verdict: "incorrect", includes: "rounded constant" },
  { kind: 6, family: "rounded constant", variables: [r("x", -3, 3)], expected: "exp(-x^2/2)/sqrt(2*pi)", answer: "0.3989*exp(-x^2/2)", verdict: "incorrect", includes: "about 0.9999" },

  // ---- 7. Functions students type ----
  { kind: 7, family: "ML activations", variables: SEED, expected: "max(0, z)", answer: "relu(z)", verdict: "correct" },
  { kind: 7, family: "ML activations", variables: SEED, expected: "log(1 + exp(z))", answer: "softplus(z)", verdict: "correct" },
  { kind: 7, family: "ML activations", variables: SEED, expected: "max(0.1z, z)", answer: "leaky_relu(z, 0.1)", verdict: "correct" },
  { kind: 7, family: "derivative of relu", variables: SEED, expected: "heaviside(z)", answer: "step(z)", verdict: "correct" },
  { kind: 7, family: "derivative of relu", variables: SEED, expected: "heaviside(z)", answer: "(sign(z) + 1)/2", verdict: "correct" },
  { kind: 7, family: "derivative of relu", variables: SEED, expected: "heaviside(z)", answer: "relu(z)/z", verdict: "correct" },
  { kind: 7, family: "reciprocal hyperbolics", variables: SEED, expected: "1 - tanh(z)^2", answer: "sech(z)^2", verdict: "correct" },
  { kind: 7, family: "reciprocal hyperbolics", variables: SEED, expected: "1/sinh(z)", answer: "csch(z)", verdict: "correct" },
  { kind: 7, family: "reciprocal hyperbolics", variables: SEED, expected: "cosh(z)/sinh(z)", answer: "coth(z)", verdict: "correct" },
  { kind: 7, family: "UK spellings", variables: SEED, expected: "1/sinh(z)", answer: "cosech(z)", verdict: "correct" },
  { kind: 7, family: "UK spellings", variables: SEED, expected: "1/sin(z)", answer: "cosec(z)", verdict: "correct" },
  { kind: 7, family: "accurate log/exp", variables: SEED, expected: "log(1 + a)", answer: "log1p(a)", verdict: "correct" },
  { kind: 7, family: "accurate log/exp", variables: SEED, expected: "exp(z) - 1", answer: "expm1(z)", verdict: "correct" },
  { kind: 7, family: "inverse hyperbolics", variables: SEED, expected: "log(z + sqrt(z^2 + 1))", answer: "asinh(z)", verdict: "correct" },
  { kind: 7, family: "inverse hyperbolics", variables: SEED, expected: "log(z + sqrt(z^2 + 1))", answer: "arsinh(z)", verdict: "correct" },
  { kind: 7, family: "inverse hyperbolics", variables: SEED, expected: "log(z + sqrt(z^2 + 1))", answer: "arcsinh(z)", verdict: "correct" },
  { kind: 7, family: "inverse hyperbolics", variables: [r("x", 1.5, 4)], expected: "log(x + sqrt(x^2 - 1))", answer: "acosh(x)", verdict: "correct" },
  { kind: 7, family: "inverse hyperbolics", variables: SEED, expected: "log((1 + a)/(1 - a))/2", answer: "atanh(a)", verdict: "correct" },

  // ---- 8. A decimal point after a name is invalid ----
  { kind: 8, family: "point after a name", variables: [r("x", 0, 1)], expected: "x*0.1", answer: "x.1", verdict: "invalid", includes: "decimal point right after the name x", span: [1, 3] },
  { kind: 8, family: "point after a parenthesis", variables: [r("x", 0, 1)], expected: "x*0.5", answer: "(x).5", verdict: "invalid", includes: "decimal point", span: [3, 5] },
  { kind: 8, family: "point that starts a number", variables: [r("x", 0, 1)], expected: "x*0.5", answer: "x*.5", verdict: "correct" },

  // ---- 9. Constants inside a run of letters ----
  { kind: 9, family: "constant in a run", variables: [r("r", 0.5, 2)], expected: "2*pi*r", answer: "2pir", verdict: "correct", canonical: "2*pi*r" },
  { kind: 9, family: "constant in a run", variables: [r("x", -1, 1)], expected: "x*exp(x)", answer: "xe^x", verdict: "correct", canonical: "x*e^x" },
  { kind: 9, family: "declared variables first", variables: [r("p", 0.5, 2), r("i", 0.5, 2), r("r", 0.5, 2)], expected: "p*i*r", answer: "pir", verdict: "correct", canonical: "p*i*r" },
  { kind: 9, family: "split not unique", variables: [r("a", 0.5, 2), r("b", 0.5, 2), r("ab", 0.5, 2)], expected: "a*b*b", answer: "abb", verdict: "invalid", includes: "write * between the factors", span: [0, 3] },
  { kind: 9, family: "no split", variables: [r("r", 0.5, 2)], expected: "r", answer: "qr", verdict: "invalid", includes: "write * between the factors", span: [0, 2] },
];
