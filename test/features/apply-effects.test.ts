import type { Effect } from "../../src/core/effects.js";
import { renderPlan } from "../../src/core/effects.js";
import { applyEffects, applyPlan } from "../../src/features/apply-effects.js";
import type { Gateway } from "../../src/github/gateway.js";

const tracker = { owner: "acme", repo: "security-tracker" };
const site = { owner: "acme", repo: "website" };

/** A gateway that records each call and answers like GitHub after a first write. */
function recordingGateway() {
  const calls: unknown[][] = [];
  const gateway = {
    ensureIssue: async (...args: unknown[]) => (calls.push(["ensureIssue", ...args]), { outcome: "created", number: 7, html_url: "https://github.com/acme/security-tracker/issues/7" }),
    ensureIssueClosed: async (...args: unknown[]) => (calls.push(["ensureIssueClosed", ...args]), "updated"),
    proposeFile: async (...args: unknown[]) => (calls.push(["proposeFile", ...args]), { outcome: "created", pull: 3 }),
    enablePrivateVulnerabilityReporting: async (...args: unknown[]) => void calls.push(["enablePrivateVulnerabilityReporting", ...args]),
  } as unknown as Gateway;
  return { gateway, calls };
}

const silent = { info: () => undefined, warn: () => undefined } as never;

const plan: Effect[] = [
  { kind: "ensure-issue", repo: tracker, marker: "<!-- secwg:x:1 -->", title: "T", body: "B", labels: ["secwg:monitor"], findByLabel: "secwg:monitor", state: "closed", stateReason: "completed", why: "fixed" },
  { kind: "ensure-issue", repo: tracker, marker: "<!-- secwg:dashboard -->", title: "D", body: "B", labels: ["secwg:dashboard"], why: "the dashboard" },
  { kind: "close-issue", repo: tracker, number: 4, reason: "not_planned", why: "archived" },
  { kind: "propose-file", repo: site, branch: "secwg/security-policy", path: "SECURITY.md", content: "c", commitMessage: "m", title: "t", body: "b", why: "no security policy" },
  { kind: "enable-private-vulnerability-reporting", repo: site, why: "off" },
];

describe("the one effect executor", () => {
  it("applies each effect in order through the gateway method it names, with only the options it sets", async () => {
    const { gateway, calls } = recordingGateway();
    const applied = await applyEffects(gateway, plan, { log: silent });
    expect(calls).toEqual([
      ["ensureIssue", tracker, "<!-- secwg:x:1 -->", { title: "T", body: "B", labels: ["secwg:monitor"], state: "closed", state_reason: "completed" }, { findByLabel: "secwg:monitor" }],
      ["ensureIssue", tracker, "<!-- secwg:dashboard -->", { title: "D", body: "B", labels: ["secwg:dashboard"] }],
      ["ensureIssueClosed", { ...tracker, issue_number: 4 }, "not_planned"],
      ["proposeFile", site, { branch: "secwg/security-policy", path: "SECURITY.md", content: "c", commitMessage: "m", title: "t", body: "b" }],
      ["enablePrivateVulnerabilityReporting", site],
    ]);
    expect(applied.map((a) => a.outcome)).toEqual(["created", "created", "updated", "created", "updated"]);
    expect(applied[3]?.pull).toBe(3);
  });

  it("renders a dry run from the same descriptions and makes no request", async () => {
    const { gateway, calls } = recordingGateway();
    const lines = await applyPlan(plan, { gateway, log: silent, dryRun: true });
    expect(lines).toEqual([
      "would ensure issue in acme/security-tracker (closed): fixed",
      "would ensure issue in acme/security-tracker: the dashboard",
      "would close acme/security-tracker#4: archived",
      "would open pull request in acme/website adding SECURITY.md: no security policy",
      "would enable private vulnerability reporting in acme/website: off",
    ]);
    expect(renderPlan(plan)).toBe(lines.join("\n"));
    expect(renderPlan([])).toBe("nothing to do");
    expect(calls).toEqual([]);
  });

  it("never puts an issue's title or body in a dry-run line", () => {
    expect(renderPlan([{ ...plan[1]!, title: "private title", body: "private body" } as Effect])).not.toMatch(/private/);
  });

  it("refuses a log effect when no logger was given, before any later effect runs", async () => {
    const { gateway, calls } = recordingGateway();
    const withLog: Effect[] = [{ kind: "log", level: "warn", repo: site, message: "m", why: "w" }, plan[2]!];
    await expect(applyEffects(gateway, withLog)).rejects.toThrow("needs a logger");
    expect(calls).toEqual([]);
  });
});
