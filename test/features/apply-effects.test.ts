import type { Effect } from "../../src/core/effects.js";
import { renderPlan } from "../../src/core/effects.js";
import { applyEffects, applyPlan } from "../../src/features/apply-effects.js";
import type { Gateway } from "../../src/github/gateway.js";
import { recordWrites } from "../../src/github/recording-gateway.js";

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

  it("in a dry run applies the same plan through a gateway that records each write and sends none", async () => {
    const { gateway, calls } = recordingGateway();
    const recorded = recordWrites(gateway);
    await applyPlan(plan, { gateway: recorded.gateway, log: silent });
    expect(recorded.writes).toEqual([
      "would ensure the x issue in acme/security-tracker (closed) [secwg:monitor]",
      "would ensure the dashboard issue in acme/security-tracker [secwg:dashboard]",
      "would close acme/security-tracker#4 (not_planned)",
      "would open pull request in acme/website adding SECURITY.md",
      "would enable private vulnerability reporting in acme/website",
    ]);
    expect(calls).toEqual([]);
  });

  it("renders a plan as would-lines from the effects' descriptions", () => {
    expect(renderPlan(plan).split("\n")).toEqual([
      "would ensure issue in acme/security-tracker (closed): fixed",
      "would ensure issue in acme/security-tracker: the dashboard",
      "would close acme/security-tracker#4: archived",
      "would open pull request in acme/website adding SECURITY.md: no security policy",
      "would enable private vulnerability reporting in acme/website: off",
    ]);
    expect(renderPlan([])).toBe("nothing to do");
  });

  it("never puts an issue's title or body in a dry-run line", async () => {
    const secret = { ...plan[1]!, title: "private title", body: "private body" } as Effect;
    expect(renderPlan([secret])).not.toMatch(/private/);
    const recorded = recordWrites(recordingGateway().gateway);
    await applyEffects(recorded.gateway, [secret, { kind: "ensure-comment", issue: { ...tracker, issue_number: 4 }, marker: "<!-- secwg:note:4 -->", body: "private body", why: "w" } as Effect]);
    expect(recorded.writes).toEqual(["would ensure the dashboard issue in acme/security-tracker [secwg:dashboard]", "would ensure the note comment on acme/security-tracker#4"]);
  });

  it("refuses a log effect when no logger was given, before any later effect runs", async () => {
    const { gateway, calls } = recordingGateway();
    const withLog: Effect[] = [{ kind: "log", level: "warn", repo: site, message: "m", why: "w" }, plan[2]!];
    await expect(applyEffects(gateway, withLog)).rejects.toThrow("needs a logger");
    expect(calls).toEqual([]);
  });
});
