import fc from "fast-check";
import { countReviewLoad, openSlots, pickReviewers, type Candidate, type PickInput } from "../../../src/core/review/reviewer-pool.js";

const alice: Candidate = { id: 1001, login: "alice" };
const bob: Candidate = { id: 1002, login: "bob" };
const carol: Candidate = { id: 1003, login: "carol" };
const dave: Candidate = { id: 1004, login: "dave", away: true };

function input(overrides: Partial<PickInput> = {}): PickInput {
  return { candidates: [alice, bob, carol, dave], authorId: 9, alreadyRequested: [], openLoad: new Map(), count: 1, seed: "o/r#1", ...overrides };
}

describe("pickReviewers", () => {
  it("never requests review from the author", () => {
    const result = pickReviewers(input({ candidates: [alice], authorId: alice.id }));
    expect(result).toEqual({ keep: [], add: [] });
  });

  it("never picks a member marked away", () => {
    const result = pickReviewers(input({ candidates: [dave, alice], openLoad: new Map([[alice.id, 5]]) }));
    expect(result.add).toEqual([alice]);
  });

  it("prefers the candidate with the fewest open security review requests", () => {
    const result = pickReviewers(input({ openLoad: new Map([[alice.id, 3], [bob.id, 1], [carol.id, 2]]) }));
    expect(result.add).toEqual([bob]);
  });

  it("keeps an already-requested eligible reviewer instead of re-rolling on a push", () => {
    const result = pickReviewers(input({ alreadyRequested: [carol.id], openLoad: new Map([[carol.id, 9]]) }));
    expect(result).toEqual({ keep: [carol], add: [] });
  });

  it("fills only the missing seats when some reviewers are already requested", () => {
    const result = pickReviewers(input({ count: 2, alreadyRequested: [alice.id], openLoad: new Map([[bob.id, 4], [carol.id, 0]]) }));
    expect(result).toEqual({ keep: [alice], add: [carol] });
  });

  it("does not keep an already-requested author or away member as a reviewer", () => {
    const result = pickReviewers(input({ authorId: alice.id, alreadyRequested: [alice.id, dave.id], openLoad: new Map([[carol.id, 1]]) }));
    expect(result.keep).toEqual([]);
    expect(result.add).toEqual([bob]);
  });

  it("asks for fewer reviewers than count when the pool is too small", () => {
    expect(pickReviewers(input({ count: 5 })).add.map((c) => c.login).sort()).toEqual(["alice", "bob", "carol"]);
  });

  it("reports no contenders when the engaged reviewers already fill the seats", () => {
    expect(openSlots({ candidates: [alice, bob], authorId: 9, alreadyRequested: [alice.id], count: 1 })).toEqual({ needed: 0, contenders: [] });
    expect(openSlots({ candidates: [alice, bob], authorId: 9, alreadyRequested: [], count: 1 }).contenders).toEqual([alice, bob]);
  });
});

const candidateArb = fc.record({ id: fc.integer({ min: 1, max: 40 }), login: fc.string({ minLength: 1, maxLength: 8 }), away: fc.boolean() });
const inputArb = fc.record({
  candidates: fc.array(candidateArb, { maxLength: 15 }),
  authorId: fc.integer({ min: 1, max: 40 }),
  alreadyRequested: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
  loads: fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.nat({ max: 10 })), { maxLength: 40 }),
  count: fc.integer({ min: 1, max: 5 }),
  seed: fc.string({ maxLength: 10 }),
});

describe("pickReviewers properties", () => {
  it("never picks the author or anyone away, never picks twice, and never exceeds the seats", () => {
    fc.assert(
      fc.property(inputArb, ({ loads, ...rest }) => {
        const result = pickReviewers({ ...rest, openLoad: new Map(loads) });
        const picked = [...result.keep, ...result.add];
        expect(picked.every((c) => c.id !== rest.authorId && !c.away)).toBe(true);
        expect(new Set(picked.map((c) => c.id)).size).toBe(picked.length);
        expect(result.add.length).toBeLessThanOrEqual(Math.max(0, rest.count - result.keep.length));
        expect(result.add.every((c) => !rest.alreadyRequested.includes(c.id))).toBe(true);
      }),
    );
  });

  it("keeps every engaged eligible reviewer", () => {
    fc.assert(
      fc.property(inputArb, ({ loads, ...rest }) => {
        const result = pickReviewers({ ...rest, openLoad: new Map(loads) });
        const eligibleEngaged = new Set(
          rest.candidates.filter((c) => c.id !== rest.authorId && rest.alreadyRequested.includes(c.id)).map((c) => c.id),
        );
        // A duplicated id counts with its first entry's `away` flag.
        const firstById = new Map<number, Candidate>();
        for (const c of rest.candidates) if (!firstById.has(c.id)) firstById.set(c.id, c);
        const expected = [...eligibleEngaged].filter((id) => !firstById.get(id)?.away).sort((a, b) => a - b);
        expect(result.keep.map((c) => c.id)).toEqual(expected);
      }),
    );
  });

  it("fills as many seats as eligible candidates allow, always with no one busier than someone left out", () => {
    fc.assert(
      fc.property(inputArb, ({ loads, ...rest }) => {
        const openLoad = new Map(loads);
        const result = pickReviewers({ ...rest, openLoad });
        const { needed, contenders } = openSlots(rest);
        expect(result.add.length).toBe(Math.min(needed, contenders.length));
        const chosen = new Set(result.add.map((c) => c.id));
        const left = contenders.filter((c) => !chosen.has(c.id));
        const maxChosen = Math.max(-1, ...result.add.map((c) => openLoad.get(c.id) ?? 0));
        expect(left.every((c) => (openLoad.get(c.id) ?? 0) >= maxChosen)).toBe(true);
      }),
    );
  });

  it("gives the same answer for the same input whatever the order of the pool", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), ({ loads, candidates, ...rest }, shift) => {
        const unique = [...new Map(candidates.map((c) => [c.id, c])).values()];
        const rotated = unique.map((_, i) => unique[(i + shift) % unique.length] as Candidate);
        const a = pickReviewers({ ...rest, candidates: unique, openLoad: new Map(loads) });
        const b = pickReviewers({ ...rest, candidates: rotated, openLoad: new Map(loads) });
        expect(b).toEqual(a);
      }),
    );
  });
});

describe("countReviewLoad", () => {
  const open = (labels: string[], requestedReviewerIds: number[]) => ({ labels, requestedReviewerIds });

  it("counts every candidate exactly, 0 only for someone nobody asked", () => {
    const load = countReviewLoad(
      [open(["security-review"], [1, 2]), open(["security-review"], [1]), open(["bug", "Security-Review"], [3])],
      "security-review",
      [1, 2, 3, 4],
    );
    expect(load).toEqual(new Map([[1, 2], [2, 1], [3, 1], [4, 0]]));
  });

  it("ignores pull requests without the label, people who are not candidates, and a reviewer listed twice", () => {
    const load = countReviewLoad([open(["docs"], [1]), open(["security-review"], [2, 2, 99])], "security-review", [1, 2]);
    expect(load).toEqual(new Map([[1, 0], [2, 1]]));
  });

  it("has an entry for every candidate whatever the roster size, so nobody is counted idle for not being looked up", () => {
    const ids = Array.from({ length: 500 }, (_, i) => i + 1);
    const load = countReviewLoad([open(["security-review"], ids)], "security-review", ids);
    expect(load.size).toBe(500);
    expect([...load.values()].every((n) => n === 1)).toBe(true);
    // The pick then prefers the one candidate with no open request, wherever it is in the roster.
    const pick = pickReviewers({
      candidates: [...ids, 501].map((id) => ({ id, login: `u${id}` })),
      authorId: 0,
      alreadyRequested: [],
      openLoad: countReviewLoad([open(["security-review"], ids)], "security-review", [...ids, 501]),
      count: 1,
    });
    expect(pick.add.map((c) => c.id)).toEqual([501]);
  });
});
