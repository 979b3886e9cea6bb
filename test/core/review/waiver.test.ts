import fc from "fast-check";
import { decideGate, type GateInput } from "../../../src/core/review/review-gate.js";
import { decideSkip, observeHead, selfServiceIds, WEB_FLOW_ID, type HeadSeen } from "../../../src/core/review/waiver.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const signer = 1001;
const iso = (seconds: number) => new Date(Date.UTC(2026, 10, 25) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function skip(overrides: Partial<Parameters<typeof decideSkip>[0]> = {}) {
  return decideSkip({ headSha: A, seen: { sha: A, seenAt: iso(0) }, commentCreatedAt: iso(10), commit: null, actorId: signer, excluded: new Set(), ...overrides });
}

describe("decideSkip", () => {
  it("takes a skip written after secwg saw the current head", () => {
    expect(skip()).toEqual({ ok: true });
  });

  it("refuses a skip when the head was first seen after, or in the same second as, the comment", () => {
    expect(skip({ seen: { sha: A, seenAt: iso(11) } })).toEqual({ ok: false, why: "not-seen" });
    expect(skip({ seen: { sha: A, seenAt: iso(10) } })).toEqual({ ok: false, why: "not-seen" });
  });

  it("refuses a skip when secwg has no record of the current head", () => {
    expect(skip({ seen: undefined })).toEqual({ ok: false, why: "not-seen" });
    expect(skip({ seen: { sha: B, seenAt: iso(0) } })).toEqual({ ok: false, why: "not-seen" });
  });

  it("takes the full id of the head whenever it was seen, but a short prefix only under the time rule", () => {
    expect(skip({ seen: undefined, commit: A.toUpperCase() })).toEqual({ ok: true });
    expect(skip({ seen: undefined, commit: A.slice(0, 7) })).toEqual({ ok: false, why: "not-seen" });
    expect(skip({ commit: A.slice(0, 7) })).toEqual({ ok: true });
  });

  it("refuses a skip naming another commit", () => {
    expect(skip({ commit: B.slice(0, 12) })).toEqual({ ok: false, why: "other-commit" });
    expect(skip({ commit: B })).toEqual({ ok: false, why: "other-commit" });
  });

  it("refuses a skip by anyone who authored, committed or pushed in the pull request", () => {
    expect(skip({ excluded: new Set([signer]), commit: A })).toEqual({ ok: false, why: "self-service" });
  });
});

describe("selfServiceIds", () => {
  it("excludes the author, every commit author and committer, and every pusher, but not GitHub's web-flow", () => {
    const ids = selfServiceIds({
      authorId: 1,
      commits: [
        { authorId: 2, committerId: WEB_FLOW_ID },
        { authorId: null, committerId: 3 },
      ],
      pushers: [4],
    });
    expect([...ids].sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });
});

describe("observeHead", () => {
  it("keeps the first time a head was seen, and starts again for a new head", () => {
    const first = observeHead(undefined, A, iso(0));
    expect(observeHead(first, A, iso(50))).toBe(first);
    expect(observeHead(first, B, iso(60))).toEqual({ sha: B, seenAt: iso(60) });
  });
});

describe("the gate and who worked on the pull request", () => {
  const base: GateInput = {
    enabled: true,
    needsReview: true,
    fired: [{ id: "r", message: "m" }],
    requestedBy: null,
    headSha: A,
    authorId: 2001,
    draft: false,
    approvers: [{ id: 1002, login: "bob" }, { id: 1003, login: "carol" }],
    reviews: [{ userId: 1002, state: "APPROVED", commitId: A, submittedAt: iso(5) }],
    skip: null,
  };

  it("does not count the approval of someone who pushed or committed in the pull request", () => {
    expect(decideGate(base).state).toBe("approved");
    const verdict = decideGate({ ...base, excluded: [1002] });
    expect(verdict.state).toBe("waiting");
    expect(verdict.summary).toContain("**Who can approve:** carol");
  });

  it("does not count a recorded skip by someone excluded", () => {
    const recorded = { sha: A, by: 1003, login: "carol", reason: "x", at: iso(5) };
    expect(decideGate({ ...base, reviews: [], skip: recorded }).state).toBe("skipped");
    expect(decideGate({ ...base, reviews: [], skip: recorded, excluded: [1003] }).state).toBe("waiting");
  });
});

describe("waiver properties", () => {
  /**
   * A history of heads pushed at increasing times (seconds), some of whose `synchronize` events
   * secwg saw (after a delay), a skip comment written at some time, and the command processed
   * with the latest head (secwg observing it with a fresh snapshot, as the command does).
   */
  const history = fc
    .record({
      gaps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
      delays: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 6, maxLength: 6 }),
      seen: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      shas: fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{40}$/), { minLength: 6, maxLength: 6 }),
      commentAt: fc.integer({ min: 0, max: 200 }),
      processDelay: fc.integer({ min: 0, max: 60 }),
      prefixLength: fc.option(fc.integer({ min: 7, max: 40 }), { nil: null }),
    })
    .map((h) => {
      let t = 0;
      const pushes = h.gaps.map((gap, i) => ({ sha: h.shas[i] as string, at: (t += gap) }));
      return { ...h, pushes };
    });

  it("any push after a waiver was written voids it: the skip is refused, and a recorded skip never passes a newer head", () => {
    fc.assert(
      fc.property(history, (h) => {
        const pushes = h.pushes;
        const head = pushes.at(-1) as { sha: string; at: number };
        // What secwg recorded from the events it saw, in order.
        let record: HeadSeen | undefined;
        pushes.forEach((push, i) => {
          if (h.seen[i]) record = observeHead(record, push.sha, iso(push.at + (h.delays[i] ?? 0)));
        });
        // The command reads the pull request now: GitHub's updated_at is no earlier than the last push.
        const processedAt = Math.max(head.at, h.commentAt) + h.processDelay;
        record = observeHead(record, head.sha, iso(processedAt));
        // The commit the signer saw: the head at the time of the comment (if any push came before it).
        const sawIndex = pushes.filter((p) => p.at < h.commentAt).length - 1;
        const saw = sawIndex >= 0 ? pushes[sawIndex] : undefined;
        const commit = saw && h.prefixLength !== null ? saw.sha.slice(0, h.prefixLength) : null;
        const decision = decideSkip({ headSha: head.sha, seen: record, commentCreatedAt: iso(h.commentAt), commit, actorId: signer, excluded: new Set() });

        const pushedAfterComment = head.at >= h.commentAt && head.sha !== saw?.sha;
        if (pushedAfterComment) expect(decision.ok).toBe(false);

        // A skip recorded for the head the signer saw never passes another head.
        if (saw) {
          const verdict = decideGate({
            enabled: true,
            needsReview: true,
            fired: [],
            requestedBy: null,
            headSha: head.sha,
            authorId: 2001,
            draft: false,
            approvers: [],
            reviews: [],
            skip: { sha: saw.sha, by: signer, login: "alice", reason: "r", at: iso(h.commentAt) },
          });
          expect(verdict.state === "skipped").toBe(saw.sha === head.sha);
        }
      }),
      { numRuns: 500 },
    );
  });
});
