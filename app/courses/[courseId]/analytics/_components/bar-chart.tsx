import styles from "./analytics.module.css";

export type ChartSeries = { name: string; color: string; values: number[] };

/** Colours with at least 3:1 contrast against white (non-text graphics, WCAG 1.4.11). */
export const CHART_COLORS = {
  correct: "#137333",
  carried: "#1f6fb2",
  afterSolution: "#6b4fa0",
  known: "#a35200",
  other: "#b3261e",
  started: "#2f55d4",
  none: "#767b85",
} as const;

/**
 * A plain server-rendered stacked bar chart: an SVG with role="img", a <title> and <desc>, a text
 * legend, and the same numbers as a table in <details> for screen readers and for reading exact values.
 */
export function StackedBarChart({
  id,
  title,
  description,
  categories,
  series,
  categoryLabel,
}: {
  id: string;
  title: string;
  description: string;
  categories: string[];
  series: ChartSeries[];
  categoryLabel: string;
}) {
  const width = 640;
  const height = 240;
  const margin = { top: 12, right: 12, bottom: 48, left: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const totals = categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const niceMax = niceCeil(max);
  const band = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, Math.min(48, band * 0.7));
  const y = (v: number) => margin.top + plotH - (v / niceMax) * plotH;
  const ticks = [0, niceMax / 2, niceMax];
  const rotate = categories.length > 8;

  return (
    <figure className={styles.chart} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{title}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} stroke="#d9dce3" />
            <text x={margin.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#5b6170">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {categories.map((c, i) => {
          const x = margin.left + i * band + (band - barW) / 2;
          let acc = 0;
          return (
            <g key={c}>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return (
                  <rect key={s.name} x={x} y={top} width={barW} height={Math.max(0, h)} fill={s.color}>
                    <title>{`${c}: ${s.name} ${v}`}</title>
                  </rect>
                );
              })}
              <text
                x={x + barW / 2}
                y={height - margin.bottom + 14}
                fontSize="11"
                fill="#1b1d23"
                textAnchor={rotate ? "end" : "middle"}
                transform={rotate ? `rotate(-40 ${x + barW / 2} ${height - margin.bottom + 14})` : undefined}
              >
                {c}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend} aria-label="Legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Data table: {title}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{categoryLabel}</th>
              {series.map((s) => (
                <th key={s.name} scope="col" className={styles.num}>
                  {s.name}
                </th>
              ))}
              <th scope="col" className={styles.num}>
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c, i) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {series.map((s) => (
                  <td key={s.name} className={styles.num}>
                    {s.values[i] ?? 0}
                  </td>
                ))}
                <td className={styles.num}>{totals[i]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
