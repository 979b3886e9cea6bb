import { chainEntry, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";
import { checkCommand, foldReport, PHASES, phaseOf, REPORT_COMMANDS, type Phase, type ReportCommand } from "../../../src/core/reports/report-state.js";

/**
 * The whole table: every command in every phase. `A` = allowed; otherwise the start of the reason
 * the user is given. A new phase or command fails this test until its row or column is decided.
 */
const A = "allowed";
const ACK_FIRST = "acknowledge the report first";
const TRIAGE_FIRST = "triage the report as valid first";
const PUBLISHED = "the advisory is already published";
const CLOSED = "the report is closed";
const TABLE: Record<ReportCommand, Record<Phase, string>> = {
  ack: { reported: A, acknowledged: "the report is already acknowledged", draft: "the report is already acknowledged", fixing: "the report is already acknowledged", embargoed: "the report is already acknowledged", approved: "the report is already acknowledged", published: PUBLISHED, closed: CLOSED },
  triage: { reported: ACK_FIRST, acknowledged: A, draft: "the report is already triaged", fixing: "the report is already triaged", embargoed: "the report is already triaged", approved: "the report is already triaged", published: PUBLISHED, closed: CLOSED },
  severity: { reported: ACK_FIRST, acknowledged: A, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  cvss: { reported: ACK_FIRST, acknowledged: A, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  cwe: { reported: ACK_FIRST, acknowledged: A, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  credit: { reported: ACK_FIRST, acknowledged: A, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  cve: { reported: TRIAGE_FIRST, acknowledged: TRIAGE_FIRST, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  fork: { reported: TRIAGE_FIRST, acknowledged: TRIAGE_FIRST, draft: A, fixing: "the temporary private fork already exists", embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  embargo: { reported: TRIAGE_FIRST, acknowledged: TRIAGE_FIRST, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  approve: { reported: TRIAGE_FIRST, acknowledged: TRIAGE_FIRST, draft: A, fixing: A, embargoed: A, approved: A, published: PUBLISHED, closed: CLOSED },
  publish: { reported: TRIAGE_FIRST, acknowledged: TRIAGE_FIRST, draft: "the advisory needs sign-off first", fixing: "the advisory needs sign-off first", embargoed: "the advisory needs sign-off first", approved: A, published: PUBLISHED, closed: CLOSED },
  status: { reported: A, acknowledged: A, draft: A, fixing: A, embargoed: A, approved: A, published: A, closed: A },
};

describe("checkCommand", () => {
  it("has a decided cell for every command and every phase", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...REPORT_COMMANDS].sort());
    for (const row of Object.values(TABLE)) expect(Object.keys(row).sort()).toEqual([...PHASES].sort());
  });

  const cells = REPORT_COMMANDS.flatMap((command) => PHASES.map((phase) => [command, phase, TABLE[command][phase]] as const));
  it.each(cells)("/%s in phase %s: %s", (command, phase, expected) => {
    const check = checkCommand(command, phase);
    if (expected === A) expect(check).toEqual({ allowed: true });
    else expect(check).toEqual({ allowed: false, reason: expect.stringMatching(new RegExp(`^${expected}`)) });
  });
});

function log(drafts: Array<Pick<LogEntryDraft, "event" | "data"> & { key?: string }>): LogRecord[] {
  const out: LogRecord[] = [];
  drafts.forEach((d, i) => {
    out.push(chainEntry({ ghsa: "GHSA-2c4m-59x8-3pjx", actor: { id: 1001, login: "alice" }, at: `2026-11-2${i}T00:00:00.000Z`, key: d.key ?? `k${i}`, event: d.event, data: d.data }, out.at(-1) ?? null, "k"));
  });
  return out;
}

describe("foldReport and phaseOf", () => {
  it("walks the happy path from reported to published", () => {
    const steps: Array<[Pick<LogEntryDraft, "event" | "data">, Phase]> = [
      [{ event: "reported", data: { repo: "o/r", reportedAt: "t", ackDueAt: "t2", assigneeId: 1001, assigneeLogin: "alice" } }, "reported"],
      [{ event: "acknowledged", data: {} }, "acknowledged"],
      [{ event: "triaged", data: { outcome: "valid" } }, "draft"],
      [{ event: "fork-created", data: { url: "https://github.com/o/r-ghsa-x" } }, "fixing"],
      [{ event: "embargo-set", data: { releaseAt: "2026-12-09T14:00:00.000Z", preNotifyAt: "2026-12-02T14:00:00.000Z" } }, "embargoed"],
      [{ event: "published", data: { publishedAt: "2026-12-09T14:00:00.000Z" } }, "published"],
    ];
    const drafts: Array<Pick<LogEntryDraft, "event" | "data">> = [];
    for (const [draft, phase] of steps) {
      drafts.push(draft);
      expect(phaseOf(foldReport("GHSA-2c4m-59x8-3pjx", log(drafts)), false)).toBe(phase);
    }
  });

  it("is approved only when the approvals are satisfied for the current content", () => {
    const facts = foldReport("GHSA-2c4m-59x8-3pjx", log([{ event: "acknowledged", data: {} }, { event: "triaged", data: { outcome: "valid" } }, { event: "approved", data: { hash: "h" } }]));
    expect(facts.approvals).toEqual([{ id: 1001, login: "alice", hash: "h", at: expect.any(String) }]);
    expect(phaseOf(facts, true)).toBe("approved");
    expect(phaseOf(facts, false)).toBe("draft");
  });

  it.each(["invalid", "duplicate", "out-of-scope"])("closes a report triaged as %s", (outcome) => {
    const facts = foldReport("GHSA-2c4m-59x8-3pjx", log([{ event: "acknowledged", data: {} }, { event: "triaged", data: { outcome, duplicateOf: "GHSA-aaaa-bbbb-cccc" } }]));
    expect(phaseOf(facts, false)).toBe("closed");
  });

  it("remembers the keys of written entries so a redelivered command is recognised", () => {
    expect(foldReport("GHSA-2c4m-59x8-3pjx", log([{ event: "acknowledged", data: {}, key: "55-1" }])).keys.has("55-1")).toBe(true);
  });
});
