import { parseRecord, type ReviewRecord } from "../../../src/core/review/checklist.js";
import type { Effect } from "../../../src/core/effects.js";
import { demandOf, planConfigInvalid, planDisabled, planReview, planRosterInvalid, type ApprovalFacts, type ReviewFacts } from "../../../src/core/review/plan.js";
import { afterAsking, needsLoad, pickToAsk, routingSlots } from "../../../src/core/review/routing.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const KEY = "test-secret";
const RECORD: ReviewRecord = { v: 1, labelAdded: false, forced: null, skip: null, head: { sha: HEAD, seenAt: "2026-11-25T11:00:00Z" } };
const FIRED = { needsReview: true, fired: [{ id: "csrf-exemption", message: "Switches off CSRF protection for a view.", checklist: ["Is the view safe?"], hits: [{ file: "app/views.py", line: 11, where: "added" as const }] }] };
const QUIET = { needsReview: false, fired: [] };

function facts(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    repo: { owner: "acme", repo: "webapp", url: "https://github.com/acme/webapp" },
    pull: { number: 2, title: "Update", body: "", draft: false, state: "open", author: { id: 7, login: "frank" }, headSha: HEAD, baseSha: "b".repeat(40), labels: [] },
    label: "security-review",
    detection: FIRED,
    existingBody: null,
    record: RECORD,
    signingKey: KEY,
    target: "acme/webapp#2",
    approval: null,
    ...overrides,
  };
}

function approval(overrides: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return { approvers: [{ id: 1001, login: "alice" }, { id: 1002, login: "bob" }], reviews: [], excluded: [7], engagedLogins: [], ask: [{ id: 1002, login: "bob" }], ...overrides };
}

const kinds = (effects: readonly Effect[]) => effects.map((e) => e.kind);
const check = (effects: readonly Effect[]) => effects.find((e): e is Extract<Effect, { kind: "ensure-check-run" }> => e.kind === "ensure-check-run")?.check;
const comment = (effects: readonly Effect[]) => effects.find((e): e is Extract<Effect, { kind: "ensure-comment" }> => e.kind === "ensure-comment");

describe("the security review plan: inputs → effects", () => {
  it.each<[string, Partial<ReviewFacts>, Effect["kind"][], string]>([
    ["no rule fires and secwg never commented", { detection: QUIET }, ["ensure-check-run"], "not-needed"],
    ["a rule fires: label, ask, checklist, waiting check", { approval: approval() }, ["ensure-labels", "request-reviewers", "ensure-comment", "ensure-check-run"], "waiting"],
    ["a rule fires on a draft: nobody to ask", { approval: approval({ ask: [] }), pull: { ...facts().pull, draft: true } }, ["ensure-labels", "ensure-comment", "ensure-check-run"], "waiting"],
    ["the label is already on (a person's): no label write", { approval: approval({ ask: [] }), pull: { ...facts().pull, labels: ["security-review"] } }, ["ensure-comment", "ensure-check-run"], "waiting"],
    ["no rule fires any more and secwg put the label on: it comes off", { detection: QUIET, existingBody: "old", record: { ...RECORD, labelAdded: true }, pull: { ...facts().pull, labels: ["security-review"] } }, ["ensure-labels", "ensure-comment", "ensure-check-run"], "not-needed"],
  ])("%s", (_what, input, expected, outcome) => {
    const plan = planReview(facts(input));
    expect(kinds(plan.effects)).toEqual(expected);
    expect(plan.outcome).toBe(outcome);
  });

  it("binds the check run to the head commit it was given, with the inputs it was decided on hidden in the summary", () => {
    const run = check(planReview(facts({ approval: approval() })).effects);
    expect(run).toMatchObject({ name: "secwg / security review", head_sha: HEAD, external_id: "secwg:security-review", status: "in_progress", title: "Waiting for security review" });
    expect(run?.summary).toMatch(/<!-- secwg:review-inputs:[0-9a-f]{16}\.[0-9a-f]{16} -->$/);
  });

  it("writes no checklist when the comment already says the same, so a redelivery writes only what differs", () => {
    const first = planReview(facts({ approval: approval() }));
    const body = comment(first.effects)?.body ?? "";
    const again = planReview(facts({ approval: approval({ ask: [], engagedLogins: ["bob"] }), existingBody: body, record: first.record, pull: { ...facts().pull, labels: ["security-review"] } }));
    expect(kinds(again.effects)).toEqual(["ensure-check-run"]);
  });

  it("records who was asked, signed for this pull request, and never a person GitHub refused", () => {
    const asked = planReview(facts({ approval: approval() }));
    expect(parseRecord(comment(asked.effects)?.body, KEY, "acme/webapp#2")).toMatchObject({ labelAdded: true, asked: [1002] });
    const refused = planReview(facts({ approval: approval() }), { refused: true });
    expect(kinds(refused.effects)).not.toContain("request-reviewers");
    expect(parseRecord(comment(refused.effects)?.body, KEY, "acme/webapp#2")).toMatchObject({ unreachable: [1002] });
    expect(comment(refused.effects)?.body).not.toContain("Reviewers: bob");
  });

  it("passes the check when an eligible reviewer approved the head", () => {
    const reviews = [{ userId: 1002, state: "APPROVED", commitId: HEAD, submittedAt: "2026-11-25T11:30:00Z" }];
    const plan = planReview(facts({ approval: approval({ ask: [], reviews, engagedLogins: ["bob"] }) }));
    expect(plan.outcome).toBe("approved");
    expect(check(plan.effects)).toMatchObject({ status: "completed", conclusion: "success", title: "Approved by bob" });
  });

  it("treats the label a person put on as a request for review, and a forced record as secwg's own request", () => {
    expect(demandOf(QUIET, RECORD, ["security-review"], "security-review")).toEqual({ needsReview: true, requestedBy: "the `security-review` label" });
    expect(demandOf(QUIET, { ...RECORD, labelAdded: true }, ["security-review"], "security-review").needsReview).toBe(false);
    expect(demandOf(QUIET, { ...RECORD, forced: { by: 5, login: "*x*", at: "2026-11-25T11:00:00Z" } }, [], "security-review").requestedBy).toBe("\\*x\\* with `/security-review`");
  });

  it("explains a disabled review, an invalid configuration and an unreadable roster with one check each", () => {
    expect(kinds(planDisabled(facts().repo, facts().pull).effects)).toEqual(["ensure-check-run"]);
    expect(check(planConfigInvalid(facts().repo, facts().pull, "review.reviewers.count: expected a whole number"))).toMatchObject({ conclusion: "action_required", title: "secwg configuration is invalid" });
    const roster = planRosterInvalid(facts(), "MEMBERS.yml: not a list");
    expect(kinds(roster)).toEqual(["ensure-labels", "ensure-check-run"]);
    expect(check(roster)).toMatchObject({ conclusion: "action_required", title: "secwg cannot tell who may approve" });
  });
});

describe("reviewer routing", () => {
  const base = { reviewers: [], requested: [], record: RECORD, excluded: new Set([7]), authorId: 7, count: 1, mayAsk: true };
  const pool = [{ id: 7, login: "frank" }, { id: 1001, login: "alice" }, { id: 1002, login: "bob" }];

  it("asks nobody on a draft, but still shows who is engaged", () => {
    const slots = routingSlots({ ...base, pool, requested: [{ id: 1001, login: "alice-now" }], mayAsk: false });
    expect(slots).toMatchObject({ needed: 0, engagedLogins: ["alice-now"] });
    expect(pickToAsk(slots, new Map(), "seed")).toEqual([]);
  });

  it("reads the load only when more people could be asked than are needed, and never picks who worked on the pull request", () => {
    const slots = routingSlots({ ...base, pool });
    expect(needsLoad(slots)).toBe(true);
    expect(pickToAsk(slots, new Map([[1001, 3], [1002, 0]]), "seed")).toEqual([{ id: 1002, login: "bob" }]);
    expect(needsLoad(routingSlots({ ...base, pool, excluded: new Set([7, 1001]) }))).toBe(false);
  });

  it("does not ask again whom secwg asked or GitHub refused", () => {
    expect(routingSlots({ ...base, pool, record: { ...RECORD, asked: [1002] } }).needed).toBe(0);
    expect(routingSlots({ ...base, pool, record: { ...RECORD, unreachable: [1001, 1002] } }).contenders).toEqual([]);
    expect(afterAsking(RECORD, [], [{ id: 1002, login: "bob" }], false)).toEqual({ record: { ...RECORD, asked: [1002] }, reviewers: ["bob"] });
  });
});
