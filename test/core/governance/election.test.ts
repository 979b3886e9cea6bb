import fc from "fast-check";
import {
  checkAnswer,
  checkDecide,
  checkNomination,
  decideElection,
  electionPhase,
  electionSchedule,
  freezeElection,
  quorumNeeded,
  resolveTie,
  runoffCloses,
  tallyElection,
  type CandidateBallot,
  type ElectionOutcome,
  type Nomination,
} from "../../../src/core/governance/election.js";
import { Member, Roster } from "../../../src/core/roster.js";
import { NO, YES, type Reaction } from "../../../src/core/vote/vote-tally.js";
import type { Person } from "../../../src/core/vote/vote-record.js";

const people = (n: number, first = 1001): Person[] => Array.from({ length: n }, (_, i) => ({ id: first + i, login: `m${i + 1}` }));
const thumbs = (voters: readonly Person[], content = YES, at?: string): Reaction[] =>
  voters.map((p) => ({ user: { id: p.id, login: p.login }, content, ...(at ? { created_at: at } : {}) }));
const noQuorum = { quorum: 0 };

/** Ballots from a vote table: `votes[i]` electors 👍 candidate i, taking electors in order. */
function ballots(candidates: readonly Person[], electorate: readonly Person[], votes: readonly number[]): CandidateBallot[] {
  let next = 0;
  return candidates.map((candidate, i) => {
    const voters = electorate.slice(next, next + (votes[i] ?? 0));
    next += votes[i] ?? 0;
    return { candidate, reactions: thumbs(voters) };
  });
}

function outcomeOf(candidateCount: number, votes: number[], electorateSize = 10, round: "first" | "runoff" = "first"): ElectionOutcome {
  const electorate = people(electorateSize);
  const candidates = people(candidateCount, 2001);
  return decideElection(tallyElection(electorate, ballots(candidates, electorate, votes)), noQuorum, round);
}

const summary = (o: ElectionOutcome): string => {
  switch (o.result) {
    case "elected":
      return `elected ${o.winner.login} ${o.votes}/${o.tally.valid}`;
    case "runoff":
      return `runoff ${o.candidates.map((c) => c.login).join(",")}`;
    case "tie-needs-decision":
      return `tie ${o.stage} ${o.tied.map((c) => c.login).join(",")} choose ${o.places}${o.settled.length ? ` after ${o.settled.map((c) => c.login).join(",")}` : ""}`;
    case "rejected":
      return `rejected ${o.yes}-${o.no}`;
    case "no-quorum":
      return `no-quorum ${o.tally.valid}/${o.quorum}`;
    default:
      return o.result;
  }
};

describe("deciding an election's ballot (candidates m1… with ids 2001…)", () => {
  it.each([
    // 2 candidates
    [2, [6, 4], "elected m1 6/10"],
    [2, [4, 6], "elected m2 6/10"],
    [2, [5, 5], "runoff m1,m2"],
    [2, [3, 2], "elected m1 3/5"],
    // 3 candidates
    [3, [5, 3, 2], "runoff m1,m2"],
    [3, [6, 3, 1], "elected m1 6/10"],
    [3, [2, 3, 5], "runoff m3,m2"],
    [3, [4, 4, 2], "runoff m1,m2"],
    [3, [4, 3, 3], "tie runoff-place m2,m3 choose 1 after m1"],
    [3, [3, 3, 3], "tie runoff-place m1,m2,m3 choose 2"],
    // 4 candidates
    [4, [4, 3, 2, 1], "runoff m1,m2"],
    [4, [6, 2, 1, 1], "elected m1 6/10"],
    [4, [1, 2, 3, 4], "runoff m4,m3"],
    [4, [4, 2, 2, 2], "tie runoff-place m2,m3,m4 choose 1 after m1"],
    [4, [3, 3, 2, 2], "runoff m1,m2"],
    [4, [5, 5, 0, 0], "runoff m1,m2"],
  ])("%i candidates, votes %j → %s", (count, votes, expected) => {
    expect(summary(outcomeOf(count, votes))).toBe(expected);
  });

  it("a run-off's tie goes to the signers, never to another run-off", () => {
    expect(summary(outcomeOf(2, [5, 5], 10, "runoff"))).toBe("tie runoff m1,m2 choose 1");
    expect(summary(outcomeOf(2, [6, 4], 10, "runoff"))).toBe("elected m1 6/10");
  });

  it("an unopposed candidate needs more 👍 than 👎 among the valid ballots", () => {
    const electorate = people(5);
    const [c] = people(1, 2001) as [Person];
    const yesNo = (yes: number, no: number) =>
      summary(decideElection(tallyElection(electorate, [{ candidate: c, reactions: [...thumbs(electorate.slice(0, yes)), ...thumbs(electorate.slice(yes, yes + no), NO)] }]), noQuorum));
    expect(yesNo(3, 2)).toBe("elected m1 3/5");
    expect(yesNo(2, 2)).toBe("rejected 2-2");
    expect(yesNo(1, 3)).toBe("rejected 1-3");
    expect(yesNo(1, 0)).toBe("elected m1 1/1");
  });

  it("a 👍 and a 👎 from one elector on an unopposed ballot spoil it", () => {
    const [a, b] = people(2) as [Person, Person];
    const [c] = people(1, 2001) as [Person];
    const tally = tallyElection([a, b], [{ candidate: c, reactions: [...thumbs([a]), ...thumbs([a], NO), ...thumbs([b])] }]);
    expect(tally.spoiled).toEqual([a]);
    expect(tally.valid).toBe(1);
  });

  it("does not decide without the quorum: the share of the frozen electorate that cast a valid ballot", () => {
    expect(quorumNeeded(10, 50)).toBe(5);
    expect(quorumNeeded(9, 50)).toBe(5);
    expect(quorumNeeded(10, 0)).toBe(1);
    const electorate = people(10);
    const candidates = people(2, 2001);
    const tally = tallyElection(electorate, ballots(candidates, electorate, [3, 1]));
    expect(summary(decideElection(tally, { quorum: 50 }))).toBe("no-quorum 4/5");
    expect(summary(decideElection(tally, { quorum: 40 }))).toBe("elected m1 3/4");
  });

  it("needs at least one valid ballot even without a quorum", () => {
    expect(summary(outcomeOf(2, [0, 0]))).toBe("no-quorum 0/1");
    expect(decideElection(tallyElection(people(3), []), noQuorum).result).toBe("no-candidates");
  });
});

describe("counting ballots", () => {
  const electorate = people(4);
  const [a, b, c, d] = electorate as [Person, Person, Person, Person];
  const [x, y] = people(2, 2001) as [Person, Person];

  it("spoils the ballot of an elector who 👍 more than one candidate: listed, not counted", () => {
    const tally = tallyElection(electorate, [
      { candidate: x, reactions: thumbs([a, b]) },
      { candidate: y, reactions: thumbs([b, c]) },
    ]);
    expect(tally.spoiled).toEqual([b]);
    expect(tally.counts.map((k) => k.votes)).toEqual([[a], [c]]);
    expect(tally.valid).toBe(2);
    expect(tally.notVoted).toEqual([d]);
  });

  it("lists and ignores reactions by non-electors and reactions after the deadline", () => {
    const outsider = { id: 9999, login: "mallory" };
    const tally = tallyElection(
      electorate,
      [
        { candidate: x, reactions: [...thumbs([a], YES, "2026-12-01T10:00:00Z"), ...thumbs([outsider]), ...thumbs([b], YES, "2026-12-08T00:00:01Z")] },
        { candidate: y, reactions: thumbs([c], YES, "2026-12-07T23:59:59Z") },
      ],
      "2026-12-08T00:00:00Z",
    );
    expect(tally.ignored).toEqual([outsider]);
    expect(tally.late).toEqual([b]);
    expect(tally.counts.map((k) => k.votes)).toEqual([[a], [c]]);
  });

  it("a late second 👍 does not spoil an on-time ballot", () => {
    const tally = tallyElection(
      electorate,
      [
        { candidate: x, reactions: thumbs([a], YES, "2026-12-01T00:00:00Z") },
        { candidate: y, reactions: thumbs([a], YES, "2026-12-09T00:00:00Z") },
      ],
      "2026-12-08T00:00:00Z",
    );
    expect(tally.spoiled).toEqual([]);
    expect(tally.counts[0]?.votes).toEqual([a]);
    expect(tally.late).toEqual([a]);
  });

  it("identifies electors by numeric id: a renamed elector still counts, a login alone never does", () => {
    const tally = tallyElection(electorate, [
      { candidate: x, reactions: [{ user: { id: a.id, login: "renamed" }, content: YES }, { user: { id: 777, login: b.login }, content: YES }] },
      { candidate: y, reactions: [] },
    ]);
    expect(tally.counts[0]?.votes).toEqual([a]);
    expect(tally.ignored).toEqual([{ id: 777, login: b.login }]);
  });

  it("with several candidates a 👎 is not a vote", () => {
    const tally = tallyElection(electorate, [
      { candidate: x, reactions: [...thumbs([a]), ...thumbs([b], NO)] },
      { candidate: y, reactions: thumbs([b]) },
    ]);
    expect(tally.spoiled).toEqual([]);
    expect(tally.valid).toBe(2);
  });
});

describe("election properties", () => {
  const table = fc.array(fc.array(fc.nat({ max: 4 }), { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 12 });

  /** Each elector 👍 the candidates listed for them (duplicates collapse). */
  function fromChoices(choices: number[][], candidateCount: number): { electorate: Person[]; ballots: CandidateBallot[] } {
    const electorate = people(choices.length);
    const candidates = people(candidateCount, 2001);
    return {
      electorate,
      ballots: candidates.map((candidate, i) => ({ candidate, reactions: thumbs(electorate.filter((_, e) => (choices[e] ?? []).includes(i))) })),
    };
  }

  it("a winner always has more than half of the valid ballots", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 100 }), (choices, candidateCount, quorum) => {
        const { electorate, ballots: b } = fromChoices(choices, candidateCount);
        const outcome = decideElection(tallyElection(electorate, b), { quorum });
        if (outcome.result === "elected") {
          expect(outcome.votes * 2).toBeGreaterThan(outcome.tally.valid);
          expect(outcome.tally.valid).toBeGreaterThanOrEqual(quorumNeeded(electorate.length, quorum));
        }
      }),
    );
  });

  it("a spoiled ballot never changes any candidate's count", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 2, max: 5 }), (choices, candidateCount) => {
        const before = fromChoices(choices, candidateCount);
        const after = fromChoices([...choices, [0, 1]], candidateCount);
        const t0 = tallyElection(before.electorate, before.ballots);
        const t1 = tallyElection(after.electorate, after.ballots);
        expect(t1.counts.map((c) => c.votes.length)).toEqual(t0.counts.map((c) => c.votes.length));
        expect(t1.valid).toBe(t0.valid);
        expect(t1.spoiled).toHaveLength(t0.spoiled.length + 1);
      }),
    );
  });

  it("every elector is in exactly one of valid, spoiled or not voted", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 5 }), (choices, candidateCount) => {
        const { electorate, ballots: b } = fromChoices(choices, candidateCount);
        const t = tallyElection(electorate, b);
        expect(t.valid + t.spoiled.length + t.notVoted.length).toBe(electorate.length);
      }),
    );
  });
});

describe("ties decided by the signers", () => {
  const [chair, coChair, liaison] = [
    { id: 1, login: "chair" },
    { id: 2, login: "cochair" },
    { id: 3, login: "liaison" },
  ];
  const signers = [chair, coChair, liaison];
  const [x, y] = people(2, 2001) as [Person, Person];
  const runoffTie = { tied: [x, y], settled: [], places: 1 };
  const decide = (by: Person, choice: Person[], at = "2026-12-10T00:00:00Z") => ({ by, choice, at });

  it("a majority of the signers not in contention decides, each by their latest /decide", () => {
    expect(resolveTie(runoffTie, [decide(chair, [x])], signers)).toMatchObject({ status: "waiting", needed: 2 });
    expect(resolveTie(runoffTie, [decide(chair, [x]), decide(coChair, [y])], signers)).toMatchObject({ status: "waiting" });
    expect(resolveTie(runoffTie, [decide(chair, [x]), decide(coChair, [y]), decide(coChair, [x], "2026-12-11T00:00:00Z")], signers)).toEqual({
      status: "decided",
      chosen: [x],
      deciders: [chair, coChair],
    });
  });

  it("a signer who is tied cannot decide; the others decide by their own majority", () => {
    const tie = { tied: [chair, y], settled: [], places: 1 };
    expect(checkDecide(tie, chair, [chair], signers)).toMatchObject({ ok: false, reason: "in-contention" });
    expect(resolveTie(tie, [decide(chair, [chair]), decide(coChair, [chair])], signers)).toMatchObject({ status: "waiting", needed: 2 });
    expect(resolveTie(tie, [decide(coChair, [chair]), decide(liaison, [chair])], signers)).toMatchObject({ status: "decided", chosen: [chair] });
  });

  it("a leader already in the run-off cannot pick their opponent", () => {
    const tie = { tied: [x, y], settled: [chair], places: 1 };
    expect(checkDecide(tie, chair, [x], signers)).toMatchObject({ ok: false, reason: "in-contention" });
  });

  it("nobody decides when every signer is in contention or the roles are vacant", () => {
    expect(resolveTie({ tied: [chair, coChair, liaison], settled: [], places: 2 }, [], signers)).toEqual({ status: "no-decider" });
    expect(resolveTie(runoffTie, [decide(chair, [x])], [])).toEqual({ status: "no-decider" });
  });

  it("refuses a /decide from a non-signer, naming someone not tied, or the wrong number of names", () => {
    expect(checkDecide(runoffTie, { id: 99, login: "member" }, [x], signers)).toMatchObject({ reason: "not-signer" });
    expect(checkDecide(runoffTie, chair, [{ id: 5, login: "z" }], signers)).toMatchObject({ reason: "not-tied" });
    expect(checkDecide(runoffTie, chair, [undefined], signers)).toMatchObject({ reason: "not-tied" });
    expect(checkDecide(runoffTie, chair, [x, y], signers)).toMatchObject({ reason: "wrong-count" });
    expect(checkDecide({ tied: [x, y, chair], settled: [], places: 2 }, liaison, [x, x], signers)).toMatchObject({ reason: "wrong-count" });
    expect(checkDecide({ tied: [x, y, coChair], settled: [], places: 2 }, liaison, [y, x], signers)).toEqual({ ok: true });
  });
});

describe("the election's phases", () => {
  const member = (id: number, login: string, extra: Partial<Member> = {}): Member => Member.parse({ id, login, ...extra });
  const roster = new Roster([
    member(1, "alice", { roles: ["chair"] }),
    member(2, "bob"),
    member(3, "carol", { term_ends: "2026-12-05" }),
    member(4, "dave", { joined: "2026-12-20" }),
  ]);
  const rules = { nominationDays: 7, votingDays: 7, quorum: 50, timeZone: "Europe/Amsterdam" };
  const opened = new Date("2026-11-30T23:30:00Z"); // already 1 December in Amsterdam
  const schedule = electionSchedule(opened, rules);
  const p = (m: { id: number; login: string }): Person => ({ id: m.id, login: m.login });

  it("closes nominations at the start of the day, nominationDays later, in the group's time zone", () => {
    expect(schedule.freezeDay).toBe("2026-12-08");
    expect(schedule.nominationCloses.toISOString()).toBe("2026-12-07T23:00:00.000Z");
    expect(schedule.ballotCloses.toISOString()).toBe("2026-12-14T23:00:00.000Z");
    expect(electionPhase(schedule, new Date("2026-12-07T22:59:59Z"))).toBe("nomination");
    expect(electionPhase(schedule, new Date("2026-12-07T23:00:00Z"))).toBe("ballot");
    expect(electionPhase(schedule, new Date("2026-12-14T23:00:00Z"))).toBe("counting");
    expect(runoffCloses(new Date("2026-12-15T10:00:00Z"), rules).toISOString()).toBe("2026-12-21T23:00:00.000Z");
  });

  const base = { roster, schedule, timeZone: rules.timeZone, nominations: [] as Nomination[], now: new Date("2026-12-02T10:00:00Z") };
  it("accepts a nomination of an active member by an active member, self-nomination included", () => {
    expect(checkNomination({ ...base, by: p({ id: 2, login: "bob" }), nominee: p({ id: 1, login: "alice" }) })).toEqual({ ok: true });
    expect(checkNomination({ ...base, by: p({ id: 2, login: "bob" }), nominee: p({ id: 2, login: "bob" }) })).toEqual({ ok: true });
  });

  it.each([
    ["a non-member nominates", { by: { id: 99, login: "mallory" }, nominee: { id: 1, login: "alice" } }, "not-member"],
    ["a member not yet joined nominates", { by: { id: 4, login: "dave" }, nominee: { id: 1, login: "alice" } }, "not-member"],
    ["a login naming no member", { by: { id: 2, login: "bob" }, nominee: undefined }, "nominee-not-member"],
    ["a display login copied with another id", { by: { id: 2, login: "bob" }, nominee: { id: 98, login: "alice" } }, "nominee-not-member"],
    ["after the close", { by: { id: 2, login: "bob" }, nominee: { id: 1, login: "alice" }, now: new Date("2026-12-07T23:00:00Z") }, "closed"],
    ["twice", { by: { id: 2, login: "bob" }, nominee: { id: 1, login: "alice" }, nominations: [{ nominee: { id: 1, login: "alice" }, by: { id: 2, login: "bob" }, at: "2026-12-01T00:00:00Z" }] }, "already-nominated"],
  ])("refuses a nomination when %s", (_name, override, reason) => {
    expect(checkNomination({ ...base, ...override } as Parameters<typeof checkNomination>[0])).toMatchObject({ ok: false, reason });
  });

  it("only the nominee answers, before the close", () => {
    const nominations: Nomination[] = [{ nominee: p({ id: 1, login: "alice" }), by: p({ id: 2, login: "bob" }), at: "2026-12-01T00:00:00Z" }];
    expect(checkAnswer({ by: p({ id: 1, login: "alice" }), nominations, now: base.now, schedule })).toEqual({ ok: true });
    expect(checkAnswer({ by: p({ id: 2, login: "bob" }), nominations, now: base.now, schedule })).toMatchObject({ reason: "not-nominated" });
    expect(checkAnswer({ by: p({ id: 1, login: "alice" }), nominations, now: schedule.nominationCloses, schedule })).toMatchObject({ reason: "closed" });
  });

  it("freezes the accepted candidates and the members active on the freeze day", () => {
    const nomination = (id: number, login: string, at: string, answer?: { accepted: boolean; at: string }): Nomination => ({
      nominee: { id, login },
      by: { id: 2, login: "bob" },
      at,
      ...(answer ? { answer } : {}),
    });
    const frozen = freezeElection(
      [
        nomination(2, "bob", "2026-12-02T00:00:00Z", { accepted: true, at: "2026-12-03T00:00:00Z" }),
        nomination(1, "alice", "2026-12-01T00:00:00Z", { accepted: true, at: "2026-12-07T22:59:59Z" }),
        nomination(3, "carol", "2026-12-01T01:00:00Z", { accepted: true, at: "2026-12-02T00:00:00Z" }),
        nomination(4, "dave", "2026-12-01T02:00:00Z", { accepted: true, at: "2026-12-07T23:00:00Z" }),
        nomination(5, "erin", "2026-12-01T03:00:00Z", { accepted: false, at: "2026-12-02T00:00:00Z" }),
      ],
      roster,
      schedule,
    );
    expect(frozen.candidates).toEqual([{ id: 1, login: "alice" }, { id: 2, login: "bob" }]);
    expect(frozen.inactive).toEqual([{ id: 3, login: "carol" }]);
    expect(frozen.unanswered).toEqual([{ id: 4, login: "dave" }]);
    expect(frozen.declined).toEqual([{ id: 5, login: "erin" }]);
    expect(frozen.electorate.map((e) => e.login)).toEqual(["alice", "bob"]);
  });
});
