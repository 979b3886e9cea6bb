import { chainEntry, recordVerifies, renderRecord, trustedRecords, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";

const KEY = "signing-key";
const GHSA = "GHSA-2c4m-59x8-3pjx";

function draft(event: LogEntryDraft["event"], key: string, ghsa = GHSA): LogEntryDraft {
  return { ghsa, event, actor: { id: 1001, login: "alice" }, at: "2026-11-25T12:00:00.000Z", key, data: {} };
}

function chain(events: LogEntryDraft["event"][], signingKey = KEY, ghsa = GHSA): LogRecord[] {
  const out: LogRecord[] = [];
  for (const [i, e] of events.entries()) out.push(chainEntry(draft(e, `k${i}`, ghsa), out.at(-1) ?? null, signingKey));
  return out;
}

const comments = (records: LogRecord[], firstId = 1) => records.map((r, i) => ({ id: firstId + i, body: `**Log #${r.seq}**\n${renderRecord(r)}` }));

describe("trustedRecords: only the verified chain of this report is folded", () => {
  it("keeps a chain secwg signed", () => {
    const records = chain(["reported", "acknowledged", "approved"]);
    expect(trustedRecords(comments(records), GHSA, KEY)).toEqual({ records, rejected: [] });
  });

  it("rejects records signed with another key (forged) and stops at the gap", () => {
    const good = chain(["reported", "acknowledged"]);
    const forged = chainEntry(draft("approved", "x"), good[1] as LogRecord, "not-the-key");
    const after = chainEntry(draft("embargo-set", "y"), forged, KEY);
    const result = trustedRecords(comments([...good, forged, after]), GHSA, KEY);
    expect(result.records).toEqual(good);
    expect(result.rejected).toEqual([
      { commentId: 3, reason: "forged" },
      { commentId: 4, reason: "unchained" },
    ]);
    expect(recordVerifies(forged, KEY)).toBe(false);
  });

  it("rejects a record whose content was changed after signing", () => {
    const records = chain(["reported", "approved"]);
    const edited = { ...(records[1] as LogRecord), actor: { id: 1002, login: "bob" } };
    const result = trustedRecords(comments([records[0] as LogRecord, edited]), GHSA, KEY);
    expect(result.records).toEqual([records[0]]);
    expect(result.rejected).toEqual([{ commentId: 2, reason: "forged" }]);
  });

  it("ignores a valid record copied from another report's log", () => {
    const mine = chain(["reported"]);
    const theirs = chain(["reported", "approved"], KEY, "GHSA-aaaa-bbbb-cccc");
    const result = trustedRecords([...comments(mine), ...comments([theirs[1] as LogRecord], 10)], GHSA, KEY);
    expect(result.records).toEqual(mine);
    expect(result.rejected).toEqual([{ commentId: 10, reason: "foreign" }]);
  });

  it("rejects a comment holding more than one record", () => {
    const records = chain(["reported", "approved"]);
    const result = trustedRecords([{ id: 1, body: `${renderRecord(records[0] as LogRecord)}\n${renderRecord(records[1] as LogRecord)}` }], GHSA, KEY);
    expect(result).toEqual({ records: [], rejected: [{ commentId: 1, reason: "unreadable" }] });
  });

  it("lets the earlier comment keep a sequence number written twice at once", () => {
    const [first] = chain(["reported"]);
    const a = chainEntry(draft("acknowledged", "a"), first as LogRecord, KEY);
    const b = chainEntry(draft("triaged", "b"), first as LogRecord, KEY);
    const result = trustedRecords(comments([first as LogRecord, a, b]), GHSA, KEY);
    expect(result.records).toEqual([first, a]);
    expect(result.rejected).toEqual([{ commentId: 3, reason: "superseded" }]);
  });
});
