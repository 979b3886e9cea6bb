import { decideRemoval, renderRemovalCheck, type Consultation, type RemovalInput, type Review } from "../../../src/core/governance/removal.js";
import { Member, Roster } from "../../../src/core/roster.js";
import { tallyVote, YES, NO } from "../../../src/core/vote/vote-tally.js";
import type { Person } from "../../../src/core/vote/vote-record.js";

const TODAY = "2026-12-01";
const HEAD = "a".repeat(40);
const OLD = "b".repeat(40);
const m = (id: number, login: string, roles: Member["roles"] = ["member"], extra: Partial<Member> = {}): Member => Member.parse({ id, login, roles, ...extra });
const chair = m(1, "alice", ["chair"]);
const coChair = m(2, "bob", ["co-chair"]);
const liaison = m(3, "carol", ["board-liaison"]);
const subject = m(10, "sam");
const others = [m(11, "m11"), m(12, "m12"), m(13, "m13")];
const full = new Roster([chair, coChair, liaison, subject, ...others]);
const person = (x: Member): Person => ({ id: x.id, login: x.login });
const approve = (by: Member, commitId = HEAD, state = "APPROVED", submittedAt = "2026-12-01T10:00:00Z"): Review => ({ by: person(by), state, commitId, submittedAt });
const consulted = (by: Member, headSha = HEAD): Consultation => ({ by: person(by), headSha, at: "2026-12-01T11:00:00Z" });

function input(over: Partial<RemovalInput> = {}): RemovalInput {
  return { subject: person(subject), roster: full, today: TODAY, headSha: HEAD, reviews: [], consultations: [], ...over };
}

describe("removal by the Chair and Co-Chair in consultation with the Board Liaison", () => {
  it("is satisfied by both approvals of the head commit and the liaison's /consulted on it", () => {
    const verdict = decideRemoval(input({ reviews: [approve(chair), approve(coChair)], consultations: [consulted(liaison)] }));
    expect(verdict.satisfiedBy).toBe("chairs");
    expect(renderRemovalCheck(verdict)).toMatchObject({ conclusion: "success", title: "Removal decided by the Chair and Co-Chair" });
  });

  it.each<[string, Partial<RemovalInput>, string[]]>([
    ["nothing yet", {}, ["the Chair's approval of aaaaaaa", "the Co-Chair's approval of aaaaaaa", "the Board Liaison's `/consulted` at aaaaaaa"]],
    ["the Co-Chair only", { reviews: [approve(chair)], consultations: [consulted(liaison)] }, ["the Co-Chair's approval of aaaaaaa"]],
    ["an approval of an earlier commit", { reviews: [approve(chair), approve(coChair, OLD)], consultations: [consulted(liaison)] }, ["the Co-Chair's approval of aaaaaaa (their approval was of an earlier commit)"]],
    ["a /consulted on an earlier commit", { reviews: [approve(chair), approve(coChair)], consultations: [consulted(liaison, OLD)] }, ["the Board Liaison's `/consulted` at aaaaaaa (recorded on an earlier commit)"]],
    ["a /consulted by someone other than the liaison", { reviews: [approve(chair), approve(coChair)], consultations: [consulted(chair)] }, ["the Board Liaison's `/consulted` at aaaaaaa"]],
    ["approvals by members who hold no role", { reviews: [approve(others[0] as Member), approve(others[1] as Member)], consultations: [consulted(liaison)] }, ["the Chair's approval of aaaaaaa", "the Co-Chair's approval of aaaaaaa"]],
    [
      "an approval withdrawn by a later request for changes",
      { reviews: [approve(chair), approve(coChair), approve(chair, HEAD, "CHANGES_REQUESTED", "2026-12-01T12:00:00Z")], consultations: [consulted(liaison)] },
      ["the Chair's approval of aaaaaaa"],
    ],
    ["a dismissed approval", { reviews: [approve(chair), approve(coChair), approve(coChair, HEAD, "DISMISSED", "2026-12-01T12:00:00Z")], consultations: [consulted(liaison)] }, ["the Co-Chair's approval of aaaaaaa"]],
  ])("lists what is missing: %s", (_name, over, missing) => {
    const verdict = decideRemoval(input(over));
    expect(verdict.satisfiedBy).toBeNull();
    expect(verdict.paths[1]).toEqual({ path: "chairs", satisfied: false, missing });
  });

  it("a later comment-only review does not withdraw an approval", () => {
    const verdict = decideRemoval(input({ reviews: [approve(chair), approve(coChair), approve(coChair, HEAD, "COMMENTED", "2026-12-01T13:00:00Z")], consultations: [consulted(liaison)] }));
    expect(verdict.satisfiedBy).toBe("chairs");
  });

  it.each([
    ["the Chair", chair, "the member being removed is the Chair; only the vote can remove a signer"],
    ["the Co-Chair", coChair, "the member being removed is the Co-Chair; only the vote can remove a signer"],
    ["the Board Liaison", liaison, "the member being removed is the Board Liaison; only the vote can remove a signer"],
  ])("is closed when the subject is %s, whatever the approvals", (_name, who, closed) => {
    const verdict = decideRemoval(input({ subject: person(who), reviews: [approve(chair), approve(coChair)], consultations: [consulted(liaison)] }));
    expect(verdict.satisfiedBy).toBeNull();
    expect(verdict.paths[1]).toEqual({ path: "chairs", satisfied: false, closed, missing: [] });
  });

  it("is closed when a role is vacant, or its holder's term has ended", () => {
    const noCoChair = new Roster([chair, liaison, subject, ...others]);
    expect(decideRemoval(input({ roster: noCoChair, reviews: [approve(chair)], consultations: [consulted(liaison)] })).paths[1]).toMatchObject({
      closed: "the Co-Chair is vacant; only the vote can remove a member",
    });
    const lapsed = new Roster([chair, m(2, "bob", ["co-chair"], { term_ends: TODAY }), m(3, "carol", ["board-liaison"], { term_ends: "2026-11-01" }), subject]);
    expect(decideRemoval(input({ roster: lapsed, reviews: [approve(chair), approve(coChair)], consultations: [consulted(liaison)] })).paths[1]).toMatchObject({
      closed: "the Co-Chair and the Board Liaison are vacant; only the vote can remove a member",
    });
  });

  it("is closed when one member holds both the Chair and the Co-Chair role", () => {
    const both = m(1, "alice", ["chair", "co-chair"]);
    const roster = new Roster([both, liaison, subject, ...others]);
    const verdict = decideRemoval(input({ roster, reviews: [approve(both)], consultations: [consulted(liaison)] }));
    expect(verdict.satisfiedBy).toBeNull();
    expect(verdict.paths[1]?.closed).toBe("the Chair and the Co-Chair are the same member; the path needs two people, so only the vote can remove a member");
  });
});

describe("removal by a vote of the group without the subject", () => {
  const electorate = [chair, coChair, liaison, ...others].map(person); // 6 electors, subject excluded
  const react = (who: Person[], content = YES) => who.map((p) => ({ user: p, content }));

  it("passes at 50%+1 of the electorate without the subject", () => {
    const tally = tallyVote(electorate, react(electorate.slice(0, 4)));
    const verdict = decideRemoval(input({ vote: { tally, electorate, quorum: null, atDeadline: false } }));
    expect(verdict.satisfiedBy).toBe("vote");
    expect(renderRemovalCheck(verdict).title).toBe("Removal passed by vote");
  });

  it("says how many more yes votes are needed while open", () => {
    const tally = tallyVote(electorate, [...react(electorate.slice(0, 3)), ...react(electorate.slice(3, 4), NO)]);
    const verdict = decideRemoval(input({ vote: { tally, electorate, quorum: null, atDeadline: false } }));
    expect(verdict.paths[0]).toEqual({ path: "vote", satisfied: false, missing: ["1 more yes vote (3 of 4 needed, electorate of 6 without the member being removed)"] });
  });

  it("says the quorum is missing", () => {
    const tally = tallyVote(electorate, react(electorate.slice(0, 4)));
    const verdict = decideRemoval(input({ vote: { tally, electorate, quorum: 5, atDeadline: false } }));
    expect(verdict.paths[0]?.missing).toEqual(["the quorum: 4 of 5 electors have voted"]);
  });

  it("reports a vote that failed, and one not opened", () => {
    const tally = tallyVote(electorate, react(electorate.slice(0, 2)));
    expect(decideRemoval(input({ vote: { tally, electorate, quorum: null, atDeadline: true } })).paths[0]).toMatchObject({ closed: "the removal vote failed (2 of 6 voted yes, 4 needed)" });
    expect(decideRemoval(input()).paths[0]).toEqual({ path: "vote", satisfied: false, missing: ["a removal vote has not been opened"] });
  });

  it("refuses an electorate that includes the subject, even with a majority", () => {
    const withSubject = [...electorate, person(subject)];
    const tally = tallyVote(withSubject, react(withSubject));
    const verdict = decideRemoval(input({ vote: { tally, electorate: withSubject, quorum: null, atDeadline: false } }));
    expect(verdict.satisfiedBy).toBeNull();
    expect(verdict.paths[0]?.closed).toBe("the vote's electorate includes the member being removed");
  });

  it("a signer as subject can still be removed by the vote", () => {
    const without = electorate.filter((p) => p.id !== chair.id);
    const tally = tallyVote(without, react(without.slice(0, 3)));
    expect(decideRemoval(input({ subject: person(chair), vote: { tally, electorate: without, quorum: null, atDeadline: false } })).satisfiedBy).toBe("vote");
  });

  it("renders both paths in the check, naming roles, never logins", () => {
    const text = renderRemovalCheck(decideRemoval(input({ reviews: [approve(chair)] })));
    expect(text.conclusion).toBe("failure");
    expect(text.summary).toContain("- missing: the Co-Chair's approval of aaaaaaa");
    expect(text.summary).toContain("- missing: a removal vote has not been opened");
    for (const login of ["alice", "bob", "carol", "sam"]) expect(text.summary).not.toContain(login);
  });
});
