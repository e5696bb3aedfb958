/**
 * The plot of a student's answer against the key, drawn on the server as accessible SVG with d3's
 * scale and line generators (d3-scale, d3-shape: well-kept, DOM-free, so the same code runs on the
 * server without shipping a charting library to the phone).
 *
 * What it may show (docs/decisions/010-follow-through.md, "plot"): before the worked solution is
 * available, the student's own curve and WHERE it is too high or too low — the sign of the
 * difference only, never the key's values, so the key cannot be read off the picture. Once the
 * solution is available, the key's curve is drawn too.
 */
import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import type { AnswerCurve } from "@/lib/grading";

export type PlotRow = { x: number; yours: number | null; correct: number | null; difference: "too high" | "too low" | "equal" | "—" | "undefined" };
export type AnswerPlot = { svg: string; title: string; description: string; rows: PlotRow[]; keyShown: boolean };

const W = 480;
const H = 260;
const M = { top: 16, right: 16, bottom: 36, left: 52 };
const COLORS = { yours: "#2f55d4", key: "#137333", high: "#b3261e", low: "#8a5300" };

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : "undefined";
}

/** A y range that ignores the extreme 2 % on each side (poles would flatten everything else). */
function yDomain(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite).sort((p, q) => p - q);
  if (finite.length === 0) return [-1, 1];
  const lo = finite[Math.floor(0.02 * (finite.length - 1))]!;
  const hi = finite[Math.ceil(0.98 * (finite.length - 1))]!;
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/**
 * Renders the curve data as an SVG string (numbers and escaped text only) plus a data table
 * (11 rows) for screen readers and as a fallback. `stepName` is plain text ("dL/da").
 */
export function renderAnswerPlot(curve: AnswerCurve, options: { keyShown: boolean; stepName: string; /** Unique on the page (a step key). */ id: string }): AnswerPlot {
  const idTitle = `plot-${options.id.replace(/[^A-Za-z0-9_-]/g, "")}-title`;
  const idDesc = `plot-${options.id.replace(/[^A-Za-z0-9_-]/g, "")}-desc`;
  const { keyShown } = options;
  const x = scaleLinear().domain(curve.range).range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain(yDomain(keyShown ? [...curve.answer, ...curve.key] : curve.answer))
    .range([H - M.bottom, M.top])
    .nice();
  const [y0, y1] = y.domain() as [number, number];
  const inView = (v: number) => Number.isFinite(v) && v >= y0 - (y1 - y0) && v <= y1 + (y1 - y0);
  const path = line<number>()
    .defined((_, i) => inView(curve.answer[i] as number))
    .x((_, i) => x(curve.xs[i] as number))
    .y((v) => y(Math.max(y0, Math.min(y1, v))));
  const keyPath = line<number>()
    .defined((_, i) => inView(curve.key[i] as number))
    .x((_, i) => x(curve.xs[i] as number))
    .y((v) => y(Math.max(y0, Math.min(y1, v))));

  const held = Object.entries(curve.held)
    .map(([k, v]) => `${k} = ${fmt(v)}`)
    .join(", ");
  const differ = curve.sign.filter((s) => s !== 0 && !Number.isNaN(s)).length;
  const title = `Your ${options.stepName} ${keyShown ? "and the correct one " : ""}as ${curve.variable} goes from ${fmt(curve.range[0])} to ${fmt(curve.range[1])}${held ? `, with ${held}` : ""}`;
  const description = keyShown
    ? `Your expression (blue) and the correct one (green). They differ at ${differ} of ${curve.xs.length} plotted values; those places are marked along the bottom.`
    : `Your expression (blue). Marks along the bottom show where it is too high (red) or too low (orange) compared with the correct value, at ${differ} of ${curve.xs.length} plotted values. The correct curve is shown once the worked solution is available.`;

  const ticksX = x.ticks(6).map((t) => `<g transform="translate(${x(t).toFixed(1)},${H - M.bottom})"><line y2="5" stroke="currentColor"/><text y="18" text-anchor="middle" font-size="11" fill="currentColor">${fmt(t)}</text></g>`);
  const ticksY = y.ticks(5).map((t) => `<g transform="translate(${M.left},${y(t).toFixed(1)})"><line x2="-5" stroke="currentColor"/><line x2="${W - M.left - M.right}" stroke="currentColor" stroke-opacity="0.12"/><text x="-8" dy="0.32em" text-anchor="end" font-size="11" fill="currentColor">${fmt(t)}</text></g>`);
  const step = (W - M.left - M.right) / Math.max(1, curve.xs.length - 1);
  const marks = curve.sign
    .map((s, i) => (s === 1 || s === -1 ? `<rect x="${(x(curve.xs[i] as number) - step / 2).toFixed(1)}" y="${H - M.bottom - 6}" width="${step.toFixed(1)}" height="6" fill="${s > 0 ? COLORS.high : COLORS.low}"/>` : ""))
    .join("");
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${idTitle} ${idDesc}" style="width:100%;height:auto;max-width:${W}px">`,
    `<title id="${idTitle}">${esc(title)}</title><desc id="${idDesc}">${esc(description)}</desc>`,
    `<g aria-hidden="true">${ticksX.join("")}${ticksY.join("")}`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="currentColor"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 4}" text-anchor="middle" font-size="12" fill="currentColor">${esc(curve.variable)}</text>`,
    keyShown ? `<path d="${keyPath(curve.key) ?? ""}" fill="none" stroke="${COLORS.key}" stroke-width="2" stroke-dasharray="6 4"/>` : "",
    `<path d="${path(curve.answer) ?? ""}" fill="none" stroke="${COLORS.yours}" stroke-width="2.5"/>`,
    marks,
    `</g></svg>`,
  ].join("");

  const rows: PlotRow[] = [];
  for (let r = 0; r <= 10; r++) {
    const i = Math.round((r * (curve.xs.length - 1)) / 10);
    const s = curve.sign[i] as number;
    rows.push({
      x: Number((curve.xs[i] as number).toPrecision(3)),
      yours: Number.isFinite(curve.answer[i]) ? Number((curve.answer[i] as number).toPrecision(4)) : null,
      correct: keyShown && Number.isFinite(curve.key[i]) ? Number((curve.key[i] as number).toPrecision(4)) : null,
      // Before the solution, "equal" would trace the key's level sets: such places get no mark ("—").
      difference: Number.isNaN(s) ? "undefined" : s > 0 ? "too high" : s < 0 ? "too low" : keyShown ? "equal" : "—",
    });
  }
  return { svg, title, description, rows, keyShown };
}
