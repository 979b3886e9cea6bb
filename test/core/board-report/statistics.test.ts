import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { ackDistributionChart, openItemsChart, reportsPerMonthChart } from "../../../src/core/board-report/charts.js";
import { parseQuarter, quarterRange } from "../../../src/core/board-report/quarter.js";
import { renderBoardReport } from "../../../src/core/board-report/render.js";
import { computeQuarterStatistics, distribution } from "../../../src/core/board-report/statistics.js";
import { CANARY, quarterInput, UNPUBLISHED_DAYS, UNPUBLISHED_GHSA } from "./quarter-fixture.js";

/** Compares with test/core/board-report/golden/<name>; `UPDATE_GOLDEN=1` rewrites the file. */
function expectGolden(name: string, text: string): void {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("quarters", () => {
  it("reads 2026Q4 and 2026-Q4 and refuses anything else", () => {
    expect(parseQuarter("2026Q4")).toEqual({ year: 2026, q: 4 });
    expect(parseQuarter("2026-q1")).toEqual({ year: 2026, q: 1 });
    for (const bad of ["2026Q5", "26Q1", "2026", "Q4 2026", "2026Q4; rm"]) expect(parseQuarter(bad)).toBeNull();
  });

  it("starts and ends a quarter at midnight in the configured time zone", () => {
    expect(quarterRange({ year: 2026, q: 4 }, "UTC")).toMatchObject({ start: new Date("2026-10-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    // Auckland is UTC+13 in summer (October to April) and UTC+12 in winter.
    const nz = quarterRange({ year: 2026, q: 4 }, "Pacific/Auckland");
    expect(nz.start).toEqual(new Date("2026-09-30T11:00:00Z"));
    expect(nz.end).toEqual(new Date("2026-12-31T11:00:00Z"));
    expect(nz.months).toEqual(["2026-10", "2026-11", "2026-12"]);
  });
});

describe("quarter statistics", () => {
  it("counts a fixed quarter exactly (UTC)", () => {
    const stats = computeQuarterStatistics(quarterInput("UTC"));
    expect(stats.received).toEqual({
      total: 7,
      byOutcome: { valid: 2, invalid: 1, duplicate: 1, "out-of-scope": 1, untriaged: 2 },
      bySeverity: { critical: 1, high: 1, moderate: 0, low: 0, unrated: 5 },
      notValidShare: 60,
    });
    expect(stats.perMonth).toEqual([
      { month: "2026-10", valid: 1, invalid: 1, duplicate: 0, "out-of-scope": 0, untriaged: 0 },
      { month: "2026-11", valid: 0, invalid: 0, duplicate: 1, "out-of-scope": 1, untriaged: 0 },
      { month: "2026-12", valid: 1, invalid: 0, duplicate: 0, "out-of-scope": 0, untriaged: 2 },
    ]);
    // Acknowledged in the quarter after 5, 10, 14, 20, 30 and 80 hours.
    expect(stats.acknowledgement).toMatchObject({ count: 6, median: 17, p90: 80, breaches: 2 });
    expect(stats.acknowledgement.buckets.map((b) => b.count)).toEqual([4, 1, 0, 1, 0, 0]);
    expect(stats.publication).toMatchObject({ count: 2, median: 63.2, p90: 80.2 });
    expect(stats.published).toEqual([
      { ghsa: "GHSA-iiii-iiii-iiii", cve: null, severity: "moderate", published: "2026-10-20", url: "https://github.com/acme/lib/security/advisories/GHSA-iiii-iiii-iiii" },
      { ghsa: "GHSA-aaaa-aaaa-aaaa", cve: "CVE-2026-1001", severity: "high", published: "2026-11-20", url: "https://github.com/acme/web/security/advisories/GHSA-aaaa-aaaa-aaaa" },
    ]);
    expect(stats.unpublished).toEqual({ total: 1, bySeverity: { critical: 1, high: 0, moderate: 0, low: 0, unrated: 0 } });
    expect(stats.carriedOver).toEqual({ total: 3, awaitingAcknowledgement: 2, awaitingTriage: 0, awaitingPublication: 1 });
    expect(stats.openOverQuarter).toEqual([
      { at: "2026-10-01", open: 2 },
      { at: "2026-10-31", open: 1 },
      { at: "2026-11-30", open: 0 },
      { at: "2026-12-31", open: 3 },
    ]);
    expect(stats.reviews).toEqual({ flagged: 4, reviewed: 3, skipped: 1, turnaround: { count: 3, median: 4, p90: 30, unit: "hours" }, unverified: 0, incomplete: false });
    expect(stats.votes).toMatchObject({ joined: ["dana"], left: [], open: 1 });
    expect(stats.votes?.held.map((v) => [v.subject, v.result, v.closed])).toEqual([
      ["dana", "passed", "2026-11-08"],
      ["erin", "failed", "2026-12-08"],
    ]);
  });

  it("moves reports across the boundary when the group's time zone is ahead of UTC", () => {
    const stats = computeQuarterStatistics(quarterInput("Pacific/Auckland"));
    // 2026-09-30T12:00Z is 1 October in Auckland (in); 2026-12-31T12:00Z is 1 January 2027 (out).
    expect(stats.received.byOutcome).toEqual({ valid: 2, invalid: 2, duplicate: 1, "out-of-scope": 1, untriaged: 1 });
    expect(stats.perMonth[0]).toMatchObject({ month: "2026-10", invalid: 2 });
    expect(stats.firstDay).toBe("2026-10-01");
    expect(stats.lastDay).toBe("2026-12-31");
  });

  it("reports a quarter without reports as zeros and 'none', not as errors", () => {
    const input = { ...quarterInput("UTC", "2025Q2"), votes: [], reviews: [] };
    const stats = computeQuarterStatistics(input);
    expect(stats.received.total).toBe(0);
    expect(stats.received.notValidShare).toBeNull();
    expect(stats.acknowledgement).toMatchObject({ count: 0, median: null, p90: null, breaches: 0 });
    expect(stats.published).toEqual([]);
    const text = renderBoardReport(stats);
    expect(text).toContain("0 reports received. None triaged yet.");
    expect(text).toContain("None this quarter.");
    expect(text).toContain("No vote closed this quarter.");
  });

  it("takes the median of the two middle values and the 90th percentile by nearest rank", () => {
    expect(distribution([4, 1, 3, 2])).toEqual({ count: 4, median: 2.5, p90: 4 });
    expect(distribution(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual({ count: 10, median: 5.5, p90: 9 });
    expect(distribution([])).toEqual({ count: 0, median: null, p90: null });
  });
});

describe("board report redaction", () => {
  it("never shows an unpublished report's id, repository, people, references or days", () => {
    for (const tz of ["UTC", "Pacific/Auckland", "America/Los_Angeles"]) {
      const stats = computeQuarterStatistics(quarterInput(tz));
      for (const output of [renderBoardReport(stats), JSON.stringify(stats)]) {
        expect(output).not.toContain(CANARY);
        for (const ghsa of UNPUBLISHED_GHSA) expect(output).not.toContain(ghsa);
        if (tz === "UTC") for (const day of UNPUBLISHED_DAYS.slice(0, 3)) expect(output).not.toContain(day);
      }
    }
  });

  it("still shows the published advisories' public facts", () => {
    const text = renderBoardReport(computeQuarterStatistics(quarterInput("UTC")));
    expect(text).toContain("[GHSA-aaaa-aaaa-aaaa](https://github.com/acme/web/security/advisories/GHSA-aaaa-aaaa-aaaa) | CVE-2026-1001 | high | 2026-11-20");
  });
});

describe("board report Markdown and charts", () => {
  const stats = computeQuarterStatistics(quarterInput("UTC"));
  it("draws reports per month by outcome as stacked bars", () => expectGolden("reports-per-month.mmd", reportsPerMonthChart(stats)));
  it("draws the time to acknowledge against the deadline", () => expectGolden("time-to-ack.mmd", ackDistributionChart(stats)));
  it("draws open reports over the quarter", () => expectGolden("open-items.mmd", openItemsChart(stats)));
  it("renders the whole report", () => expectGolden("2026-Q4.md", renderBoardReport(stats)));
});
