import type { Effect } from "../../../src/core/effects.js";
import { MEMBERSHIP_VOTE } from "../../../src/core/membership/vote-kind.js";
import { mergeStillBound, planMerge, teamTarget, type MergeInput } from "../../../src/core/membership/merge-plan.js";
import { planValidRequest, type ValidRequestInput } from "../../../src/core/membership/request-plan.js";
import { parseRosterYaml } from "../../../src/core/roster.js";
import { voteKindRules } from "../../../src/core/vote/kind-registry.js";
import { tallyVote } from "../../../src/core/vote/vote-tally.js";
import { aRecord } from "../vote/builders.js";
import { BASE_ROSTER, filledBody, NEWCOMER, OWN_ENTRY, withEntry } from "./builders.js";

const THREAD = { owner: "octo-org", repo: "security-wg", issue_number: 7 };
const kinds = (effects: readonly Effect[]) => effects.map((e) => e.kind);

describe("membership vote kind", () => {
  it("is the kind the registry gives for membership records, and only membership has rules yet", () => {
    expect(voteKindRules("membership")).toBe(MEMBERSHIP_VOTE);
    expect(voteKindRules("election")).toBeNull();
  });

  it("lets every member active today vote except the applicant", () => {
    const roster = parseRosterYaml(withEntry(OWN_ENTRY), "roster.yml");
    expect(MEMBERSHIP_VOTE.electorate(roster, { subject: NEWCOMER, today: "2026-11-26" }).map((p) => p.id)).toEqual([1001, 1002]);
  });

  it("has no outcome for a cancelled vote", () => {
    const record = aRecord({ state: "cancelled" });
    const pull = { state: "open" as const, merged: false, authorId: 5000, labels: [], headSha: "abc" };
    expect(MEMBERSHIP_VOTE.outcome({ thread: THREAD, record, tally: tallyVote(record.electorate, []), pull, carryOut: true })).toEqual({ effects: [], followUp: null });
  });
});

describe("valid membership request plan", () => {
  const base: ValidRequestInput = { thread: THREAD, headSha: "abc", author: NEWCOMER, path: "roster.yml", labels: [], hadProblems: false, vote: { kind: "missing" }, roster: { kind: "ok" }, authorPushedAndMayMerge: false };
  it.each<[string, Partial<ValidRequestInput>, string[], string | null]>([
    ["a new request opens a vote after its passing check", {}, ["ensure-check-run"], "open-vote"],
    ["fixed problems are said in the problems comment", { hadProblems: true }, ["ensure-check-run", "ensure-comment"], "open-vote"],
    ["an unusable roster is explained instead of opening a vote", { roster: { kind: "unusable", message: "bad" } }, ["ensure-check-run", "ensure-comment"], null],
    ["a vote whose record does not verify is never acted on", { vote: { kind: "untrusted" } }, ["ensure-check-run"], null],
    ["an open vote gets its label back and its check on the new head", { vote: { kind: "ok", record: aRecord() } }, ["ensure-check-run", "ensure-labels", "ensure-check-run"], null],
    ["a passed vote is merged when its author pushed", { vote: { kind: "ok", record: aRecord({ state: "passed" }) }, authorPushedAndMayMerge: true }, ["ensure-check-run", "ensure-check-run"], "merge"],
    ["a passed vote is not merged on secwg's own push", { vote: { kind: "ok", record: aRecord({ state: "passed" }) } }, ["ensure-check-run", "ensure-check-run"], null],
  ])("%s", (_name, overrides, effects, then) => {
    const plan = planValidRequest({ ...base, ...overrides });
    expect(kinds(plan.effects)).toEqual(effects);
    expect(plan.then).toBe(then);
  });
});

describe("merge plan", () => {
  const record = aRecord({ state: "passed", subject: NEWCOMER });
  const input: MergeInput = {
    record,
    thread: THREAD,
    pull: { author: NEWCOMER, body: filledBody(), created_at: "2026-11-25T10:00:00Z", head: { sha: "head1", ref: "join", repo: "octo-org/security-wg" } },
    path: "roster.yml",
    termDays: 365,
    today: "2026-11-26",
    baseText: BASE_ROSTER,
    head: { text: withEntry(OWN_ENTRY), sha: "blob1" },
    files: [{ filename: "roster.yml" }],
    capped: false,
  };

  it("commits the dates to the request's own branch, then merges that commit", () => {
    const plan = planMerge(input);
    expect(plan).toMatchObject({ kind: "merge", commit: { branch: "join", sha: "blob1", path: "roster.yml" } });
    expect(plan.kind === "merge" && plan.commit?.content).toContain("joined: 2026-11-26");
  });

  it("asks a fork's author to push the dates", () => {
    expect(planMerge({ ...input, pull: { ...input.pull, head: { ...input.pull.head, repo: "newcomer/security-wg" } } }).kind).toBe("ask-dates");
  });

  it("refuses a request whose author is not the vote's subject", () => {
    expect(planMerge({ ...input, pull: { ...input.pull, author: { id: 6000, login: "newcomer" } } }).kind).toBe("not-subject");
  });

  it("writes a login-only entry's id in the commit of the dates", () => {
    const plan = planMerge({ ...input, head: { text: withEntry(OWN_ENTRY.replace("    id: 5000\n", "")), sha: "blob1" } });
    expect(plan.kind === "merge" && plan.commit?.content).toContain("  - login: newcomer\n    id: 5000\n    joined: 2026-11-26\n");
    expect(plan.kind === "merge" && plan.commit?.message).toBe("chore(roster): record id, joined and term_ends for @newcomer");
  });

  it.each([
    ["unconfirmed", false, "await-confirmation"],
    ["confirmed", true, "merge"],
  ])("a request secwg opened on the subject's behalf, %s → %s", (_name, confirmed, kind) => {
    const bot = { id: 99, login: "secwg[bot]" };
    expect(planMerge({ ...input, pull: { ...input.pull, author: bot }, onBehalf: { subject: NEWCOMER, confirmed } }).kind).toBe(kind);
  });

  it("refuses a request on behalf of someone other than the vote's subject", () => {
    expect(planMerge({ ...input, onBehalf: { subject: { id: 6000, login: "other" }, confirmed: true } }).kind).toBe("not-subject");
  });

  it("refuses a request that now changes another file", () => {
    expect(planMerge({ ...input, files: [{ filename: "roster.yml" }, { filename: "README.md" }] }).kind).toBe("invalid");
  });

  it("is bound to the commit checked and to exactly the roster file", () => {
    expect(mergeStillBound({ headSha: "m1", files: [{ filename: "roster.yml" }], capped: false }, "m1", "roster.yml")).toBe(true);
    expect(mergeStillBound({ headSha: "m2", files: [{ filename: "roster.yml" }], capped: false }, "m1", "roster.yml")).toBe(false);
    expect(mergeStillBound({ headSha: "m1", files: [{ filename: "roster.yml" }, { filename: "x" }], capped: false }, "m1", "roster.yml")).toBe(false);
  });

  it("names a team in the group's organisation or another", () => {
    expect(teamTarget("security-team", "acme")).toEqual({ org: "acme", slug: "security-team" });
    expect(teamTarget("@other/sec", "acme")).toEqual({ org: "other", slug: "sec" });
  });
});
