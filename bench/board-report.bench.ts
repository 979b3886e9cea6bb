/**
 * Board report benchmark: `npx tsx bench/board-report.bench.ts`.
 * 10,000 signed log entries (2,000 reports of five entries each, spread over a year) are verified
 * (hash chain and HMAC), replayed into timelines, and reduced to one quarter's statistics and
 * Markdown. Goal: well under a second for the statistics on one core.
 */
import { reportTimeline, type ReportTimeline } from "../src/core/board-report/inputs.js";
import { quarterRange } from "../src/core/board-report/quarter.js";
import { renderBoardReport } from "../src/core/board-report/render.js";
import { computeQuarterStatistics } from "../src/core/board-report/statistics.js";
import { chainEntry, verifyLog, type LogRecord } from "../src/core/reports/report-log.js";
import { percentile, report } from "./harness.js";

const KEY = "bench-key";
const H = 3_600_000;
const OUTCOMES = ["valid", "invalid", "invalid", "duplicate", "out-of-scope"] as const;

function logs(reports: number): LogRecord[][] {
  const start = Date.parse("2026-01-01T00:00:00Z");
  return Array.from({ length: reports }, (_, i) => {
    const ghsa = `GHSA-${String(i).padStart(4, "0")}-bnch-mark`;
    const reported = start + ((i * 4.3) % 365) * 24 * H;
    const at = (h: number) => new Date(reported + h * H).toISOString();
    const outcome = OUTCOMES[i % OUTCOMES.length] as string;
    const drafts = [
      { event: "reported" as const, at: at(0), data: { repo: "acme/web", reportedAt: at(0), ackDueAt: at(72) } },
      { event: "acknowledged" as const, at: at(1 + (i % 97)), data: {} },
      { event: "triaged" as const, at: at(100), data: { outcome } },
      { event: "severity-set" as const, at: at(101), data: { severity: ["low", "moderate", "high", "critical"][i % 4] } },
      outcome === "valid" ? { event: "published" as const, at: at(500 + (i % 300)), data: {} } : { event: "cwe-set" as const, at: at(102), data: { cweIds: ["CWE-79"] } },
    ];
    const out: LogRecord[] = [];
    drafts.forEach((d, n) => out.push(chainEntry({ ghsa, actor: { id: 1, login: "alice" }, key: `k${n}`, ...d }, out.at(-1) ?? null, KEY)));
    return out;
  });
}

const all = logs(2000);
const entries = all.reduce((n, l) => n + l.length, 0);
const range = quarterRange({ year: 2026, q: 2 }, "Europe/Amsterdam");
const verifyMs: number[] = [];
const statsMs: number[] = [];
let markdown = "";
for (let run = 0; run < 7; run++) {
  let t = performance.now();
  for (const records of all) if (!verifyLog(records, KEY).ok) throw new Error("bench log does not verify");
  verifyMs.push(performance.now() - t);
  t = performance.now();
  const timelines: ReportTimeline[] = all.map((records) => reportTimeline(records[0]!.ghsa, records));
  const stats = computeQuarterStatistics({ range, ackWorkingDays: 3, reports: timelines, votes: [], reviews: [], unverifiedLogs: 0 });
  markdown = renderBoardReport(stats);
  statsMs.push(performance.now() - t);
}
console.log(`${entries} log entries, ${all.length} reports; report of ${markdown.length} characters`);
report({ bench: "board-report", metric: `statistics + Markdown over ${entries} log entries (median of 7)`, value: `${percentile(statsMs, 50).toFixed(0)} ms`, goal: "< 1000 ms" });
report({ bench: "board-report", metric: `verify chain + HMAC of ${entries} log entries (median of 7)`, value: `${percentile(verifyMs, 50).toFixed(0)} ms` });
