import fc from "fast-check";
import {
  chainEntry,
  collectRecords,
  earlierClaim,
  parseRecord,
  renderRecord,
  verifyLog,
  type LogEntryDraft,
  type LogRecord,
} from "../../../src/core/reports/report-log.js";

const KEY = "signing-key";
const GHSA = "GHSA-2c4m-59x8-3pjx";

function draft(event: LogEntryDraft["event"], key: string, data: Record<string, unknown> = {}): LogEntryDraft {
  return { ghsa: GHSA, event, actor: { id: 1001, login: "alice" }, at: "2026-11-25T12:00:00.000Z", key, data };
}

function buildLog(drafts: LogEntryDraft[]): LogRecord[] {
  const records: LogRecord[] = [];
  for (const d of drafts) records.push(chainEntry(d, records.at(-1) ?? null, KEY));
  return records;
}

const LOG = buildLog([
  draft("reported", "intake", { reportedAt: "2026-11-25T11:00:00Z" }),
  draft("acknowledged", "10-1"),
  draft("triaged", "11-1", { outcome: "valid" }),
  draft("approved", "12-1", { hash: "ab".repeat(32) }),
]);

describe("report log", () => {
  it("verifies an untouched chain", () => {
    expect(verifyLog(LOG, KEY)).toEqual({ ok: true, entries: 4, head: LOG[3]!.hash, problems: [] });
  });

  it("round-trips a record through a comment body", () => {
    const body = `**acknowledged**\n${renderRecord(LOG[1]!)}`;
    expect(parseRecord(body)).toEqual(LOG[1]);
  });

  it("detects an edited entry", () => {
    const tampered = LOG.map((r) => (r.seq === 2 ? { ...r, data: { outcome: "invalid" } } : r));
    expect(verifyLog(tampered, KEY).problems).toEqual([expect.objectContaining({ seq: 2, kind: "hash" })]);
  });

  it("detects a removed entry", () => {
    const result = verifyLog(LOG.filter((r) => r.seq !== 1), KEY);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(["sequence", "chain"]));
  });

  it("detects a chain rebuilt without the app's key", () => {
    const forged: LogRecord[] = [];
    for (const r of LOG) forged.push(chainEntry({ ...r, data: r.seq === 2 ? { outcome: "invalid" } : r.data }, forged.at(-1) ?? null, "wrong-key"));
    expect(verifyLog(forged).ok).toBe(true); // consistent chain...
    expect(verifyLog(forged, KEY).problems.every((p) => p.kind === "signature")).toBe(true); // ...but not ours
  });

  it("ignores records pasted into comments by people", () => {
    const comments = [
      { id: 1, body: renderRecord(LOG[0]!), userType: "Bot" },
      { id: 2, body: renderRecord(LOG[1]!), userType: "User" },
    ];
    expect(collectRecords(comments).map((r) => r.seq)).toEqual([0]);
  });

  it("detects any single-field change anywhere in the chain", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom("at", "key", "event", "actor"), (seq, field) => {
        const tampered = LOG.map((r) =>
          r.seq === seq ? ({ ...r, [field]: field === "actor" ? { id: 9, login: "mallory" } : field === "event" ? "published" : "x" } as LogRecord) : r,
        );
        expect(verifyLog(tampered, KEY).ok).toBe(false);
      }),
    );
  });
});

describe("two runs chaining after the same entry", () => {
  const previous = LOG.at(-1) as LogRecord;
  const first = chainEntry(draft("cve-requested", "20-1"), previous, KEY);
  const second = chainEntry(draft("credit-added", "21-1"), previous, KEY);
  const body = (record: LogRecord) => `**Log #${record.seq}**\n${renderRecord(record)}`;
  const comments = [
    { id: 10, body: body(previous), userType: "Bot" },
    { id: 30, body: body(first), userType: "Bot" },
    { id: 31, body: body(second), userType: "Bot" },
  ];

  it("lets the comment GitHub created first keep the number, whichever run looks", () => {
    expect(first.seq).toBe(second.seq);
    expect(earlierClaim(comments, { record: second, commentId: 31 })).toEqual(first);
    expect(earlierClaim(comments, { record: first, commentId: 30 })).toBeNull();
  });

  it("is not fooled by a record a person pasted, nor by its own comment", () => {
    const pasted = { id: 5, body: body(first), userType: "User" };
    expect(earlierClaim([pasted, ...comments.slice(0, 1), comments[2] as (typeof comments)[number]], { record: second, commentId: 31 })).toBeNull();
    expect(earlierClaim([{ id: 31, body: body(second), userType: "Bot" }], { record: second, commentId: 31 })).toBeNull();
  });
});
