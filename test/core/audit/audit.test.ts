import { auditDecisions, auditLog, auditVote, hasDisagreement, renderAuditTable, type LogEvidence, type VoteEvidence } from "../../../src/core/audit/audit.js";
import {
  ADVISORY,
  ALICE,
  BOB,
  CANARY,
  CAROL,
  GHSA,
  KEY,
  ON_TIME,
  REPORT_ISSUE,
  STRANGER_BOT,
  chain,
  closedVote,
  editVoteRecord,
  logComments,
  logDrafts,
  voteComment,
  VOTE_TARGET,
} from "./fixture.js";

const published = { kind: "ok" as const, state: "published", content: ADVISORY };

function cleanLog(): LogEvidence {
  return { tracker: "acme/security-tracker", issue: REPORT_ISSUE, ghsa: GHSA, ours: logComments(chain(logDrafts())), foreign: [], advisory: published };
}

function cleanVote(): VoteEvidence {
  return { target: VOTE_TARGET, loggedState: "passed", ours: [voteComment(closedVote())], foreign: [], reactions: ON_TIME };
}

const input = (votes: VoteEvidence[], logs: LogEvidence[]) => ({ signingKey: KEY, requiredApprovals: 2, since: null, votes, logs });

describe("audit: recomputing decisions from plain data", () => {
  it("agrees on a clean history: the vote, the log chain and the publication", () => {
    const rows = auditDecisions(input([cleanVote()], [cleanLog()]));
    expect(rows.map((r) => [r.kind, r.verdict, r.code])).toEqual([
      ["vote", "agrees", "vote-recomputed"],
      ["log", "agrees", "chain-intact"],
      ["publication", "agrees", "publication-approved"],
    ]);
    expect(hasDisagreement(rows)).toBe(false);
  });

  it("disagrees when the vote record was edited by hand (failed turned into passed)", () => {
    const failed = voteComment(closedVote("failed"));
    const vote = { ...cleanVote(), ours: [editVoteRecord(failed, closedVote("passed"))] };
    expect(auditVote(vote, KEY)).toEqual([expect.objectContaining({ verdict: "disagrees", code: "vote-record-edited" })]);
  });

  it("disagrees when a result counted a reaction GitHub dates after the deadline", () => {
    // Only alice voted in time; bob's 👍 came a day after the deadline, yet the record says passed.
    const reactions = [ON_TIME[0]!, { user: BOB, content: "+1", created_at: "2026-02-09T09:00:00Z" }];
    const [row] = auditVote({ ...cleanVote(), reactions }, KEY);
    expect(row).toEqual(expect.objectContaining({ verdict: "disagrees", code: "vote-tally-differs" }));
    expect(row!.detail).toContain("recomputed failed");
    expect(row!.detail).toContain("1 late");
  });

  it("counts the reactions until a vote closed early, not until its deadline", () => {
    const early = closedVote("passed", "2026-02-03T12:00:00.000Z");
    const reactions = [...ON_TIME.slice(0, 2), { user: CAROL, content: "-1", created_at: "2026-02-05T09:00:00Z" }];
    expect(auditVote({ ...cleanVote(), ours: [voteComment(early)], reactions }, KEY)).toEqual([expect.objectContaining({ verdict: "agrees", detail: expect.stringContaining("0 👎") })]);
  });

  it("disagrees when the vote comment is gone or its votes log entry states another result", () => {
    expect(auditVote({ ...cleanVote(), ours: [] }, KEY)[0]).toEqual(expect.objectContaining({ verdict: "disagrees", code: "vote-comment-gone" }));
    expect(auditVote({ ...cleanVote(), loggedState: "failed" }, KEY)[0]).toEqual(expect.objectContaining({ verdict: "disagrees", code: "vote-log-differs" }));
  });

  it("ignores a vote record another bot posted, even one signed like secwg's, and says so as cannot-verify", () => {
    const planted = { ...voteComment(closedVote("passed"), KEY, 600), user: STRANGER_BOT };
    const vote: VoteEvidence = { ...cleanVote(), ours: [], foreign: [{ id: planted.id, authorId: STRANGER_BOT.id }] };
    const rows = auditVote(vote, KEY);
    expect(rows[0]).toEqual(expect.objectContaining({ verdict: "cannot-verify", code: "foreign-record", detail: expect.stringContaining("account 77") }));
    // secwg's own vote comment is still missing: the stranger's copy does not stand in for it.
    expect(rows[1]).toEqual(expect.objectContaining({ verdict: "disagrees", code: "vote-comment-gone" }));
  });

  it("disagrees when the advisory was edited after the signers approved it", () => {
    const log = { ...cleanLog(), advisory: { ...published, content: { ...ADVISORY, description: "changed after sign-off" } } };
    const row = auditLog(log, input([], [])).find((r) => r.kind === "publication");
    expect(row).toEqual(expect.objectContaining({ verdict: "disagrees", code: "advisory-changed-after-approval" }));
  });

  it("disagrees when the release time recorded differs from the one approved (the hash covers it)", () => {
    const drafts = logDrafts();
    const embargo = drafts.findIndex((d) => d.event === "embargo-set");
    drafts[embargo] = { ...drafts[embargo]!, data: { releaseAt: "2026-03-01T14:00:00.000Z", preNotifyAt: "2026-02-22T14:00:00.000Z" } };
    const row = auditLog({ ...cleanLog(), ours: logComments(chain(drafts)) }, input([], [])).find((r) => r.kind === "publication");
    expect(row?.verdict).toBe("disagrees");
  });

  it("disagrees when a publication had one signer's approval where two are required", () => {
    const log = { ...cleanLog(), ours: logComments(chain(logDrafts({ approvers: [ALICE] }))) };
    expect(auditLog(log, input([], [])).find((r) => r.kind === "publication")).toEqual(expect.objectContaining({ verdict: "disagrees", code: "published-without-approvals" }));
  });

  it("disagrees on a broken chain: a deleted entry, an edited entry", () => {
    const comments = cleanLog().ours;
    const deleted = auditLog({ ...cleanLog(), ours: comments.filter((_, i) => i !== 1) }, input([], []));
    expect(deleted[0]).toEqual(expect.objectContaining({ kind: "log", verdict: "disagrees", code: "chain-broken", detail: expect.stringContaining("unchained") }));
    const edited = comments.map((c, i) => (i === 2 ? { ...c, body: c.body.replace(/log-record:([^\s>]+)/, (_m, p: string) => `log-record:${Buffer.from(Buffer.from(p, "base64url").toString("utf8").replace('"valid"', '"invalid"'), "utf8").toString("base64url")}`) } : c));
    expect(auditLog({ ...cleanLog(), ours: edited }, input([], []))[0]).toEqual(expect.objectContaining({ verdict: "disagrees", code: "chain-broken", detail: expect.stringContaining("forged") }));
  });

  it("ignores a log record another bot posted and lists it as cannot-verify; the chain still agrees", () => {
    const rows = auditLog({ ...cleanLog(), foreign: [{ id: 4242, authorId: STRANGER_BOT.id }] }, input([], []));
    expect(rows.map((r) => [r.kind, r.verdict, r.code])).toEqual([
      ["log", "cannot-verify", "foreign-record"],
      ["log", "agrees", "chain-intact"],
      ["publication", "agrees", "publication-approved"],
    ]);
  });

  it("cannot verify a publication whose advisory GitHub does not show", () => {
    const row = auditLog({ ...cleanLog(), advisory: { kind: "unreadable", status: 404 } }, input([], [])).find((r) => r.kind === "publication");
    expect(row).toEqual(expect.objectContaining({ verdict: "cannot-verify", code: "advisory-unreadable" }));
  });

  it("leaves out decisions before --since, but never a broken chain", () => {
    const since = { ...input([cleanVote()], [cleanLog()]), since: "2026-04-01T00:00:00.000Z" };
    expect(auditDecisions(since)).toEqual([]);
    const broken = { ...cleanLog(), ours: cleanLog().ours.slice(1) };
    expect(auditDecisions({ ...since, logs: [broken] }).map((r) => r.code)).toEqual(["chain-broken"]);
  });

  it("never prints advisory text, in the table or as JSON", () => {
    const edited = { ...cleanLog(), advisory: { ...published, content: { ...ADVISORY, summary: `${CANARY} edited` } } };
    const rows = auditDecisions(input([cleanVote()], [edited, cleanLog()]));
    expect(renderAuditTable(rows)).not.toContain(CANARY);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
    expect(renderAuditTable(rows)).toMatch(/publication\s+GHSA-2c4m-59x8-3pjx.*disagrees/);
  });
});
