import { renderPlan, type Effect } from "../../../src/core/effects.js";
import { applyEffects } from "../../../src/features/apply-effects.js";
import type { Gateway } from "../../../src/github/gateway.js";

const repo = { owner: "acme", repo: "webapp" };
const issue = { ...repo, issue_number: 2 };
const ref = { ...repo, issue_number: 2 };

const plan: Effect[] = [
  { kind: "ensure-labels", issue, add: ["security-review"], current: ["docs"], why: "security review is needed" },
  { kind: "request-reviewers", issue, logins: ["bob"], ids: [1002], why: "security review needs a reviewer" },
  { kind: "ensure-comment", issue, marker: "<!-- secwg:review-checklist:2 -->", body: "private checklist text", why: "the security review checklist" },
  {
    kind: "ensure-check-run",
    repo,
    check: { name: "secwg / security review", head_sha: "a".repeat(40), external_id: "secwg:security-review", status: "in_progress", title: "private title", summary: "private summary" },
    why: "security review of #2 on aaaaaaa",
  },
];

describe("the security review's effects", () => {
  it("apply in order through the gateway's ensure methods, the check on its head commit", async () => {
    const calls: unknown[][] = [];
    const gateway = {
      ensureLabels: async (...args: unknown[]) => (calls.push(["ensureLabels", ...args]), "updated"),
      requestReviewers: async (...args: unknown[]) => void calls.push(["requestReviewers", ...args]),
      ensureComment: async (...args: unknown[]) => (calls.push(["ensureComment", ...args]), { outcome: "unchanged", comment: { html_url: "https://github.com/acme/webapp/pull/2#issuecomment-1" } }),
      ensureCheckRun: async (...args: unknown[]) => (calls.push(["ensureCheckRun", ...args]), "created"),
    } as unknown as Gateway;
    const applied = await applyEffects(gateway, plan);
    expect(calls).toEqual([
      ["ensureLabels", ref, { add: ["security-review"], current: ["docs"] }],
      ["requestReviewers", ref, ["bob"]],
      ["ensureComment", ref, "<!-- secwg:review-checklist:2 -->", "private checklist text"],
      ["ensureCheckRun", repo, plan[3]?.kind === "ensure-check-run" ? plan[3].check : null],
    ]);
    expect(applied.map((a) => a.outcome)).toEqual(["updated", "updated", "unchanged", "created"]);
  });

  it("describe a dry run by where and why, naming reviewers by id, never a body, title or summary", () => {
    expect(renderPlan(plan).split("\n")).toEqual([
      "would add label security-review on acme/webapp#2: security review is needed",
      "would request review of acme/webapp#2 from user ids 1002: security review needs a reviewer",
      "would ensure comment on acme/webapp#2: the security review checklist",
      "would ensure check run secwg / security review (in_progress) on aaaaaaa in acme/webapp: security review of #2 on aaaaaaa",
    ]);
    expect(renderPlan(plan)).not.toMatch(/private/);
  });
});
