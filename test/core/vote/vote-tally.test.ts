import fc from "fast-check";
import { decideVote, NO, tallyVote, YES, yesNeeded, type Reaction } from "../../../src/core/vote/vote-tally.js";
import type { Person } from "../../../src/core/vote/vote-record.js";
import { people, react } from "./builders.js";

const noQuorum = { quorum: null };

describe("tallying a vote", () => {
  it("needs 6 yes votes of 10 and 2 of 3 (yes > n/2, not ≥ 51%)", () => {
    expect(yesNeeded(10)).toBe(6);
    expect(yesNeeded(3)).toBe(2);
    expect(yesNeeded(4)).toBe(3);
    expect(yesNeeded(1)).toBe(1);
  });

  it("counts a member who reacted both 👍 and 👎 as abstaining", () => {
    const [a, b, c] = people(3) as [Person, Person, Person];
    const tally = tallyVote([a, b, c], [react(a, YES), react(a, NO), react(b, YES)]);
    expect(tally.abstained).toEqual([a]);
    expect(tally.yes).toEqual([b]);
    expect(tally.notVoted).toEqual([c]);
  });

  it("lists reactions by people outside the electorate as ignored and does not count them", () => {
    const electorate = people(3);
    const outsider = { id: 9, login: "mallory" };
    const tally = tallyVote(electorate, [react(outsider, YES), react(outsider, NO), react(electorate[0] as Person, YES)]);
    expect(tally.ignored).toEqual([outsider]);
    expect(tally.yes).toHaveLength(1);
  });

  it("identifies voters by numeric id, not login", () => {
    const [a] = people(1) as [Person];
    const tally = tallyVote([a], [{ user: { id: a.id, login: "renamed" }, content: YES }]);
    expect(tally.yes).toEqual([a]);
  });

  it("ignores reactions other than 👍 and 👎", () => {
    const [a] = people(1) as [Person];
    const tally = tallyVote([a], [react(a, "heart"), react(a, "laugh"), { user: null, content: YES }]);
    expect(tally.notVoted).toEqual([a]);
  });

  it("closes early as passed once yes > n/2", () => {
    const e = people(10);
    const reactions = e.slice(0, 6).map((p) => react(p, YES));
    expect(decideVote(tallyVote(e, reactions), noQuorum, false)).toEqual({ status: "passed", reason: "majority-reached" });
    expect(decideVote(tallyVote(e, reactions.slice(0, 5)), noQuorum, false)).toEqual({ status: "open" });
  });

  it("closes early as failed once yes + not-yet-voted ≤ n/2", () => {
    const e = people(10);
    const reactions = e.slice(0, 5).map((p) => react(p, NO));
    expect(decideVote(tallyVote(e, reactions), noQuorum, false)).toEqual({ status: "failed", reason: "majority-impossible" });
    expect(decideVote(tallyVote(e, reactions.slice(0, 4)), noQuorum, false)).toEqual({ status: "open" });
  });

  it("fails at the deadline without a majority", () => {
    const e = people(4);
    const tally = tallyVote(e, [react(e[0] as Person, YES), react(e[1] as Person, YES)]);
    expect(decideVote(tally, noQuorum, false)).toEqual({ status: "open" });
    expect(decideVote(tally, noQuorum, true)).toEqual({ status: "failed", reason: "deadline" });
  });

  it("keeps a majority vote open until the quorum is met, and fails it at the deadline if it never is", () => {
    const e = people(3);
    const tally = tallyVote(e, [react(e[0] as Person, YES), react(e[1] as Person, YES)]);
    expect(decideVote(tally, { quorum: 3 }, false)).toEqual({ status: "open" });
    expect(decideVote(tally, { quorum: 3 }, true)).toEqual({ status: "failed", reason: "quorum-not-met" });
    expect(decideVote(tally, { quorum: 2 }, false).status).toBe("passed");
  });

  it("fails a vote with an empty electorate", () => {
    expect(decideVote(tallyVote([], []), noQuorum, false)).toEqual({ status: "failed", reason: "majority-impossible" });
  });
});

describe("tally properties", () => {
  const content = fc.constantFrom(YES, NO, "heart", "eyes");
  const scenario = fc.integer({ min: 0, max: 25 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      reactions: fc.array(fc.record({ voter: fc.integer({ min: 0, max: Math.max(n - 1, 0) }), content }), { maxLength: 60 }),
      later: fc.array(fc.record({ voter: fc.integer({ min: 0, max: Math.max(n - 1, 0) }), content }), { maxLength: 60 }),
      quorum: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    }),
  );
  const toReactions = (electorate: Person[], list: { voter: number; content: string }[]): Reaction[] =>
    electorate.length === 0 ? [] : list.map((r) => react(electorate[r.voter] as Person, r.content));

  it("never closes early with a result that the deadline would contradict", () => {
    fc.assert(
      fc.property(scenario, ({ n, reactions, later, quorum }) => {
        const electorate = people(n);
        const now = toReactions(electorate, reactions);
        const early = decideVote(tallyVote(electorate, now), { quorum }, false);
        if (early.status === "open") return;
        // Votes already cast stand; only electors who had not voted add reactions later.
        const first = tallyVote(electorate, now);
        const pending = new Set(first.notVoted.map((p) => p.id));
        const extra = toReactions(electorate, later).filter((r) => r.user && pending.has(r.user.id));
        const final = decideVote(tallyVote(electorate, [...now, ...extra]), { quorum }, true);
        expect(final.status).toBe(early.status);
      }),
    );
  });

  it("never changes the result when people outside the electorate react", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.record({ id: fc.integer({ min: 1, max: 1000 }), content }), { maxLength: 40 }), fc.boolean(), (s, outsiders, atDeadline) => {
        const electorate = people(s.n);
        const base = toReactions(electorate, s.reactions);
        const noise: Reaction[] = outsiders.map((o) => ({ user: { id: o.id, login: `outsider${o.id}` }, content: o.content }));
        const without = tallyVote(electorate, base);
        const withNoise = tallyVote(electorate, [...noise, ...base, ...noise]);
        expect({ ...withNoise, ignored: [] }).toEqual({ ...without, ignored: [] });
        expect(decideVote(withNoise, { quorum: s.quorum }, atDeadline)).toEqual(decideVote(without, { quorum: s.quorum }, atDeadline));
      }),
    );
  });

  it("does not depend on the order of reactions", () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => {
          const list = toReactions(people(s.n), s.reactions);
          return fc.tuple(fc.constant(s), fc.shuffledSubarray(list, { minLength: list.length }));
        }),
        ([s, shuffled]) => {
        const electorate = people(s.n);
        expect(tallyVote(electorate, shuffled)).toEqual(tallyVote(electorate, toReactions(electorate, s.reactions)));
        },
      ),
    );
  });
});

describe("reactions after the deadline", () => {
  const DEADLINE = "2026-12-08T12:00:00Z";
  const at = (offsetSeconds: number) => new Date(Date.parse(DEADLINE) + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

  it("ignores a 👍 made after the deadline and lists its author as late", () => {
    const [a, b, c] = people(3) as [Person, Person, Person];
    const tally = tallyVote([a, b, c], [{ ...react(a, YES), created_at: at(-60) }, { ...react(b, YES), created_at: at(1) }], DEADLINE);
    expect(tally.yes).toEqual([a]);
    expect(tally.late).toEqual([b]);
    expect(tally.notVoted).toEqual([b, c]);
    expect(decideVote(tally, noQuorum, true)).toEqual({ status: "failed", reason: "deadline" });
  });

  it("counts a reaction made exactly at the deadline", () => {
    const [a] = people(1) as [Person];
    expect(tallyVote([a], [{ ...react(a, YES), created_at: DEADLINE }], DEADLINE).yes).toEqual([a]);
  });

  // Property: adding any reactions dated after the deadline never changes what is counted.
  it("never lets a reaction after the deadline change the count", () => {
    const electorate = people(7);
    const reaction = (when: fc.Arbitrary<number>) =>
      fc.record({ who: fc.integer({ min: 0, max: 8 }), yes: fc.boolean(), when }).map(({ who, yes, when: w }) => ({
        user: { id: 1000 + who, login: `p${who}` },
        content: yes ? YES : NO,
        created_at: at(w),
      }));
    fc.assert(
      fc.property(fc.array(reaction(fc.integer({ min: -86_400, max: 0 })), { maxLength: 12 }), fc.array(reaction(fc.integer({ min: 1, max: 86_400 })), { maxLength: 12 }), (onTime, late) => {
        const before = tallyVote(electorate, onTime, DEADLINE);
        const after = tallyVote(electorate, [...late, ...onTime, ...late], DEADLINE);
        expect([after.yes, after.no, after.abstained, after.notVoted]).toEqual([before.yes, before.no, before.abstained, before.notVoted]);
        for (const decisionAt of [false, true]) expect(decideVote(after, noQuorum, decisionAt)).toEqual(decideVote(before, noQuorum, decisionAt));
      }),
    );
  });
});
