import fc from "fast-check";
import { openVoteRecord, parseVoteRecord, renderVoteRecord, voteMarker, VOTE_KINDS } from "../../../src/core/vote/vote-record.js";
import { aRecord, people } from "./builders.js";

const KEY = "test-key";

describe("vote record", () => {
  it("round-trips through its signed marker", () => {
    const record = aRecord({ quorum: 2, extended: true });
    const body = `intro\n${renderVoteRecord(record, KEY)}\ntext`;
    expect(parseVoteRecord(body, KEY, record.target)).toEqual({ kind: "ok", record });
  });

  it("round-trips any record (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VOTE_KINDS),
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 90 }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        (kind, ids, days, quorum) => {
          const record = openVoteRecord({
            kind,
            target: "o/r#1",
            subject: { id: 99_999_999, login: "s" },
            members: ids.map((id) => ({ id, login: `u${id}` })),
            opened: new Date("2026-01-01T00:00:00Z"),
            durationDays: days,
            quorum,
          });
          expect(parseVoteRecord(renderVoteRecord(record, KEY), KEY)).toEqual({ kind: "ok", record });
        },
      ),
    );
  });

  it("freezes the electorate without the subject of the vote", () => {
    const members = [...people(3), { id: 5000, login: "newcomer" }];
    const record = openVoteRecord({
      kind: "removal",
      target: "o/r#1",
      subject: { id: 5000, login: "newcomer" },
      members,
      opened: new Date("2026-11-25T12:00:00Z"),
      durationDays: 7,
    });
    expect(record.electorate.map((p) => p.id)).toEqual([1001, 1002, 1003]);
    expect(record.deadline).toBe("2026-12-02T12:00:00.000Z");
  });

  it("reports a record edited by hand as tampered", () => {
    const marker = renderVoteRecord(aRecord(), KEY);
    const [payload, signature] = marker.replace(/^<!-- secwg:vote-record:/, "").replace(/ -->$/, "").split(".");
    const forged = JSON.parse(Buffer.from(payload as string, "base64url").toString("utf8"));
    forged.electorate.push({ id: 666, login: "sockpuppet" });
    const edited = `<!-- secwg:vote-record:${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature} -->`;
    expect(parseVoteRecord(edited, KEY)).toEqual({ kind: "tampered", reason: expect.stringContaining("signature does not match") });
  });

  it("does not trust a record signed with another key", () => {
    expect(parseVoteRecord(renderVoteRecord(aRecord(), "other-key"), KEY).kind).toBe("tampered");
  });

  it("does not trust a valid record copied into another thread", () => {
    const parsed = parseVoteRecord(renderVoteRecord(aRecord(), KEY), KEY, "octo-org/security-wg#8");
    expect(parsed).toEqual({ kind: "tampered", reason: "the vote record belongs to octo-org/security-wg#7, not octo-org/security-wg#8" });
  });

  it("does not trust a comment carrying two records", () => {
    const one = renderVoteRecord(aRecord(), KEY);
    expect(parseVoteRecord(`${one}\n${one}`, KEY).kind).toBe("tampered");
  });

  it("says the record is missing when the comment has none", () => {
    expect(parseVoteRecord("just text", KEY)).toEqual({ kind: "missing" });
  });

  it("keys the vote marker by repository and number", () => {
    expect(voteMarker({ owner: "octo-org", repo: "security-wg", issue_number: 7 })).toBe("<!-- secwg:vote:octo-org/security-wg#7 -->");
  });
});
