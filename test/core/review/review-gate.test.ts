import fc from "fast-check";
import { approvalsOfHead, decideGate, type GateInput, type ReviewSummary } from "../../../src/core/review/review-gate.js";

const HEAD = "b".repeat(40);
const OLD = "a".repeat(40);
const alice = { id: 1001, login: "alice" };
const bob = { id: 1002, login: "bob" };
const author = { id: 2001, login: "author" };

function review(userId: number, state: string, commitId: string, submittedAt: string): ReviewSummary {
  return { userId, state, commitId, submittedAt };
}

function gate(overrides: Partial<GateInput> = {}): GateInput {
  return {
    enabled: true,
    needsReview: true,
    fired: [{ id: "django-csrf-exempt", message: "Switches off CSRF protection for a view." }],
    requestedBy: null,
    headSha: HEAD,
    authorId: author.id,
    draft: false,
    approvers: [alice, bob, author],
    reviews: [],
    skip: null,
    ...overrides,
  };
}

describe("decideGate", () => {
  it("is neutral when no rule fires", () => {
    const verdict = decideGate(gate({ needsReview: false, fired: [] }));
    expect(verdict).toMatchObject({ state: "not-needed", status: "completed", conclusion: "neutral" });
  });

  it("is neutral when review is switched off, whatever fired", () => {
    expect(decideGate(gate({ enabled: false }))).toMatchObject({ state: "disabled", conclusion: "neutral" });
  });

  it("waits, naming the rules that fired and who can approve, until someone approves", () => {
    const verdict = decideGate(gate());
    expect(verdict).toMatchObject({ state: "waiting", status: "in_progress", title: "Waiting for security review" });
    expect(verdict.conclusion).toBeUndefined();
    expect(verdict.summary).toContain("- `django-csrf-exempt`: Switches off CSRF protection for a view.");
    expect(verdict.summary).toContain("**Who can approve:** alice, bob,");
    expect(verdict.summary).not.toContain("@author");
  });

  it("passes once an eligible reviewer approves the head commit", () => {
    const verdict = decideGate(gate({ reviews: [review(alice.id, "APPROVED", HEAD, "2026-11-25T10:00:00Z")] }));
    expect(verdict).toMatchObject({ state: "approved", status: "completed", conclusion: "success", title: "Approved by alice" });
  });

  it("goes back to waiting when a push moves the head past the approved commit", () => {
    const verdict = decideGate(gate({ reviews: [review(alice.id, "APPROVED", OLD, "2026-11-25T10:00:00Z")] }));
    expect(verdict.state).toBe("waiting");
  });

  it("does not count the author's own approval", () => {
    const verdict = decideGate(gate({ reviews: [review(author.id, "APPROVED", HEAD, "2026-11-25T10:00:00Z")] }));
    expect(verdict.state).toBe("waiting");
  });

  it("does not count an approval from someone outside the pool", () => {
    const verdict = decideGate(gate({ reviews: [review(4242, "APPROVED", HEAD, "2026-11-25T10:00:00Z")] }));
    expect(verdict.state).toBe("waiting");
  });

  it("lets a later request for changes by the same reviewer supersede their approval", () => {
    const reviews = [review(alice.id, "CHANGES_REQUESTED", HEAD, "2026-11-25T11:00:00Z"), review(alice.id, "APPROVED", HEAD, "2026-11-25T10:00:00Z")];
    expect(decideGate(gate({ reviews })).state).toBe("waiting");
  });

  it("keeps an approval when the same reviewer only comments afterwards", () => {
    const reviews = [review(alice.id, "APPROVED", HEAD, "2026-11-25T10:00:00Z"), review(alice.id, "COMMENTED", HEAD, "2026-11-25T11:00:00Z")];
    expect(decideGate(gate({ reviews })).state).toBe("approved");
  });

  it("does not count a dismissed approval", () => {
    expect(decideGate(gate({ reviews: [review(alice.id, "DISMISSED", HEAD, "2026-11-25T10:00:00Z")] })).state).toBe("waiting");
  });

  it("passes with the recorded reason after a signer skipped review of the head commit", () => {
    const skip = { sha: HEAD, by: bob.id, login: "bob", reason: "docs-only\nchange", at: "2026-11-25T09:00:00Z" };
    const verdict = decideGate(gate({ skip }));
    expect(verdict).toMatchObject({ state: "skipped", conclusion: "success", title: "Review skipped by bob" });
    expect(verdict.summary).toContain("bob skipped security review of commit `bbbbbbb`: docs-only change");
  });

  it("does not carry a skip over to a newer head commit", () => {
    const skip = { sha: OLD, by: bob.id, login: "bob", reason: "docs-only", at: "2026-11-25T09:00:00Z" };
    expect(decideGate(gate({ skip })).state).toBe("waiting");
  });

  it("says that reviewers are asked later on a draft", () => {
    const verdict = decideGate(gate({ draft: true }));
    expect(verdict.title).toBe("Security review needed (draft)");
    expect(verdict.summary).toContain("reviewers are asked once it is marked ready for review");
  });

  it("names who asked for review when a person forced it", () => {
    const verdict = decideGate(gate({ fired: [], requestedBy: "@carol with `/security-review`" }));
    expect(verdict.summary).toContain("**Requested by:** @carol with `/security-review`.");
  });

  it("explains how to proceed when nobody is eligible to approve", () => {
    expect(decideGate(gate({ approvers: [author] })).summary).toContain("nobody is eligible");
  });
});

describe("approvalsOfHead properties", () => {
  const reviewArb = fc.record({
    userId: fc.constantFrom(alice.id, bob.id, author.id, 7),
    state: fc.constantFrom("APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"),
    commitId: fc.constantFrom(HEAD, OLD, null),
    submittedAt: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()), { nil: null }),
  });

  it("only ever counts eligible reviewers whose latest decisive review approves the head commit", () => {
    fc.assert(
      fc.property(fc.array(reviewArb, { maxLength: 12 }), (reviews) => {
        const approved = approvalsOfHead(reviews, HEAD, [alice, bob, author], author.id);
        for (const person of approved) {
          expect(person.id).not.toBe(author.id);
          expect(reviews.some((r) => r.userId === person.id && r.state === "APPROVED" && r.commitId === HEAD)).toBe(true);
        }
      }),
    );
  });

  it("never counts an approval of any commit but the head", () => {
    fc.assert(
      fc.property(fc.array(reviewArb, { maxLength: 12 }), (reviews) => {
        const withoutHeadApprovals = reviews.filter((r) => !(r.state === "APPROVED" && r.commitId === HEAD));
        expect(approvalsOfHead(withoutHeadApprovals, HEAD, [alice, bob], author.id)).toEqual([]);
      }),
    );
  });
});
