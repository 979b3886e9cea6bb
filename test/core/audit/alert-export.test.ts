import { auditedWeek, auditFinished, isoWeek, planAuditAlert } from "../../../src/core/audit/alert.js";
import type { AuditRow } from "../../../src/core/audit/audit.js";
import { exportRecords, toCsv, toJsonl } from "../../../src/core/audit/log-export.js";
import { GHSA, KEY, chain, logComments, logDrafts } from "./fixture.js";

const row = (verdict: AuditRow["verdict"], code: AuditRow["code"], detail = "detail text"): AuditRow => ({ kind: "publication", subject: GHSA, at: "2026-03-02T14:00:05.000Z", decision: "published", verdict, code, detail });

describe("ISO weeks", () => {
  it.each([
    ["2026-01-01T12:00:00Z", "2026-W01"], // a Thursday
    ["2027-01-01T00:00:00Z", "2026-W53"], // a Friday belongs to the last week of 2026
    ["2024-12-30T00:00:00Z", "2025-W01"], // a Monday in the first week of 2025
    ["2026-03-08T23:59:59Z", "2026-W10"], // Sunday ends the week
    ["2026-03-09T00:00:00Z", "2026-W11"],
  ])("%s is in %s", (at, week) => expect(isoWeek(new Date(at))).toBe(week));
});

describe("the audit alert issue", () => {
  it("is open and lists each disagreement by subject, date and code only", () => {
    const alert = planAuditAlert([row("disagrees", "advisory-changed-after-approval", "SECRET-DETAIL"), row("agrees", "chain-intact")], "2026-W11");
    expect(alert.state).toBe("open");
    expect(alert.title).toBe("Audit: 1 decision disagrees with the record");
    expect(alert.body).toContain(`| publication | \`${GHSA}\` | 2026-03-02T14:00:05.000Z | \`advisory-changed-after-approval\` |`);
    expect(alert.body).not.toContain("SECRET-DETAIL");
    expect(auditedWeek(alert.body)).toBe("2026-W11");
  });

  it("is closed when everything agrees, still recording the week", () => {
    const alert = planAuditAlert([row("agrees", "chain-intact"), row("cannot-verify", "foreign-record")], "2026-W12");
    expect(alert.state).toBe("closed");
    expect(alert.body).toContain("1 agree, 0 disagree, 1 cannot be verified");
    expect(auditedWeek(alert.body)).toBe("2026-W12");
  });

  it("leaves the week unfinished while an all-agree alert is still open (its close was interrupted)", () => {
    const agree = planAuditAlert([row("agrees", "chain-intact")], "2026-W12");
    const disagree = planAuditAlert([row("disagrees", "advisory-changed-after-approval")], "2026-W12");
    expect(auditFinished({ body: agree.body, state: "closed" }, "2026-W12")).toBe(true);
    expect(auditFinished({ body: agree.body, state: "open" }, "2026-W12")).toBe(false);
    expect(auditFinished({ body: disagree.body, state: "open" }, "2026-W12")).toBe(true);
    expect(auditFinished({ body: agree.body, state: "closed" }, "2026-W13")).toBe(false);
  });
});

describe("log export", () => {
  const logs = [{ tracker: "acme/security-tracker", issue: 5, ghsa: GHSA, ours: logComments(chain(logDrafts())) }];

  it("exports the verified records from --since on, public-safe fields only", () => {
    const { rows, unverifiable } = exportRecords(logs, KEY, "2026-02-10T00:00:00.000Z");
    expect(unverifiable).toEqual([]);
    expect(rows.map((r) => [r.seq, r.event, r.actor_login])).toEqual([
      [3, "embargo-set", "alice"],
      [4, "approved", "alice"],
      [5, "approved", "bob"],
      [6, "published", "secwg[bot]"],
    ]);
    expect(Object.keys(rows[0]!)).toEqual(["seq", "ghsa", "event", "actor_id", "actor_login", "at", "hash"]);
    expect(toJsonl(rows).trim().split("\n").map((l) => JSON.parse(l).seq)).toEqual([3, 4, 5, 6]);
    const csv = toCsv(rows).split("\r\n");
    expect(csv[0]).toBe("seq,ghsa,event,actor_id,actor_login,at,hash");
    expect(csv[1]).toBe(`3,${GHSA},embargo-set,1,alice,2026-02-10T10:00:00.000Z,${rows[0]!.hash}`);
  });

  it("leaves out what does not verify and names the log", () => {
    const broken = [{ ...logs[0]!, ours: logs[0]!.ours.filter((_, i) => i !== 2) }];
    const { rows, unverifiable } = exportRecords(broken, KEY, null);
    expect(rows.map((r) => r.seq)).toEqual([0, 1]);
    expect(unverifiable).toEqual([{ subject: "acme/security-tracker#5", ghsa: GHSA, reasons: ["unchained", "unchained", "unchained", "unchained"] }]);
    expect(exportRecords(logs, "another-key", null)).toEqual({ rows: [], unverifiable: [expect.objectContaining({ reasons: expect.arrayContaining(["forged"]) })] });
  });

  it("quotes CSV cells and defuses formulas", () => {
    const csv = toCsv([{ seq: 0, ghsa: GHSA, event: "=cmd()", actor_id: 1, actor_login: 'a,"b"', at: "x", hash: "h" }]);
    expect(csv.split("\r\n")[1]).toBe(`0,${GHSA},'=cmd(),1,"a,""b""",x,h`);
  });
});
