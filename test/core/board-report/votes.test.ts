import { voteOutcomes } from "../../../src/core/board-report/votes.js";
import type { VoteEvidence } from "../../../src/core/audit/audit.js";
import { BOB, KEY, ON_TIME, VOTE_TARGET, closedVote, comment, editVoteRecord, voteComment } from "../audit/fixture.js";

function evidence(overrides: Partial<VoteEvidence> = {}): VoteEvidence {
  return { target: VOTE_TARGET, loggedState: "passed", ours: [voteComment(closedVote())], foreign: [], reactions: ON_TIME, ...overrides };
}

describe("board report: votes from their signed records", () => {
  it("shows a closed vote with the reactions counted until it closed", () => {
    const { votes, unverified } = voteOutcomes([evidence()], KEY);
    expect(unverified).toBe(0);
    expect(votes).toEqual([
      {
        kind: "membership",
        target: VOTE_TARGET,
        subjectLogin: "dana",
        state: "passed",
        opened: "2026-02-01T10:00:00.000Z",
        deadline: "2026-02-08T10:00:00.000Z",
        closedAt: "2026-02-08T10:30:00.000Z",
        yes: 2,
        no: 1,
        electorate: 3,
      },
    ]);
  });

  it("does not count a 👍 GitHub dates after the vote closed", () => {
    const late = [ON_TIME[0]!, { user: BOB, content: "+1", created_at: "2026-02-09T09:00:00Z" }];
    expect(voteOutcomes([evidence({ reactions: late })], KEY).votes[0]).toEqual(expect.objectContaining({ yes: 1, no: 0 }));
  });

  it("leaves out, and counts, a vote whose record was edited by hand", () => {
    const edited = editVoteRecord(voteComment(closedVote("failed")), closedVote("passed"));
    expect(voteOutcomes([evidence({ ours: [edited] })], KEY)).toEqual({ votes: [], unverified: 1 });
  });

  it("leaves out a vote signed with another key or whose comment is gone", () => {
    expect(voteOutcomes([evidence({ ours: [voteComment(closedVote(), "another-key")] }), evidence({ ours: [comment(9, "no record here")] })], KEY)).toEqual({ votes: [], unverified: 2 });
  });
});
