import type { QuarterStatistics } from "./statistics.js";

/**
 * Mermaid charts GitHub renders in Markdown (```mermaid blocks; `xychart-beta`).
 * @see https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams
 * @see https://mermaid.js.org/syntax/xyChart.html
 * Only aggregated numbers and month labels go in: the statistics carry nothing else.
 */

function fence(lines: string[]): string {
  return ["```mermaid", ...lines, "```"].join("\n");
}

const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;

function axisMax(values: readonly number[]): number {
  return Math.max(1, ...values);
}

/**
 * Reports per month by outcome, drawn as stacked bars: each bar series is the running total of
 * the outcomes before it, drawn tallest first so every outcome shows as its own band.
 */
export function reportsPerMonthChart(stats: QuarterStatistics): string {
  const bands = [
    { label: "untriaged", of: (m: QuarterStatistics["perMonth"][number]) => m.untriaged },
    { label: "out of scope", of: (m: QuarterStatistics["perMonth"][number]) => m["out-of-scope"] },
    { label: "duplicate", of: (m: QuarterStatistics["perMonth"][number]) => m.duplicate },
    { label: "invalid", of: (m: QuarterStatistics["perMonth"][number]) => m.invalid },
    { label: "valid", of: (m: QuarterStatistics["perMonth"][number]) => m.valid },
  ];
  const stacked = bands.map((_, i) => stats.perMonth.map((m) => bands.slice(i).reduce((sum, b) => sum + b.of(m), 0)));
  return fence([
    "xychart-beta",
    `  title ${quote(`Reports per month by outcome (bands from the top: ${bands.map((b) => b.label).join(", ")})`)}`,
    `  x-axis [${stats.perMonth.map((m) => quote(m.month)).join(", ")}]`,
    `  y-axis "Reports" 0 --> ${axisMax(stacked[0] ?? [])}`,
    ...stacked.map((series) => `  bar [${series.join(", ")}]`),
  ]);
}

/** How long acknowledgements took, in buckets, with the deadline in the title. */
export function ackDistributionChart(stats: QuarterStatistics): string {
  const ack = stats.acknowledgement;
  return fence([
    "xychart-beta",
    `  title ${quote(`Time to acknowledge (deadline ${ack.deadlineWorkingDays} working days; ${ack.breaches} missed)`)}`,
    `  x-axis [${ack.buckets.map((b) => quote(b.label)).join(", ")}]`,
    `  y-axis "Reports" 0 --> ${axisMax(ack.buckets.map((b) => b.count))}`,
    `  bar [${ack.buckets.map((b) => b.count).join(", ")}]`,
  ]);
}

/** Open reports at the quarter's start and at the end of each month. */
export function openItemsChart(stats: QuarterStatistics): string {
  return fence([
    "xychart-beta",
    `  title "Open reports over the quarter"`,
    `  x-axis [${stats.openOverQuarter.map((p) => quote(p.at)).join(", ")}]`,
    `  y-axis "Open reports" 0 --> ${axisMax(stats.openOverQuarter.map((p) => p.open))}`,
    `  line [${stats.openOverQuarter.map((p) => p.open).join(", ")}]`,
  ]);
}
