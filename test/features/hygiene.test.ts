import { hygieneMarker, planHygiene, type HygienePolicy, type HygieneRepo } from "../../src/core/hygiene/checks.js";
import { runHygiene } from "../../src/features/hygiene/run.js";
import { hygieneStep } from "../../src/features/hygiene/sweep.js";
import type { SweepContext } from "../../src/sweep/types.js";
import { captureLogger } from "../helpers/probot.js";
import { FakeGateway } from "./fake-gateway.js";
import { runInstallationStep } from "../../src/sweep/runner.js";

const TEMPLATE = "# Security policy\n\nReport vulnerabilities privately through GitHub.\n";

function org(levels: string, extra = ""): FakeGateway {
  const fake = new FakeGateway("acme").setConfig(`hygiene:\n${levels}${extra}`);
  const compliant = { labels: ["security-review"], requiredChecks: ["secwg / security review"], pvr: true };
  fake.repos.set("acme/security-wg", { private: false, files: { "templates/SECURITY.md": TEMPLATE, "SECURITY.md": TEMPLATE }, ...compliant });
  // Private: GitHub shows no inherited policy from it.
  fake.repos.set("acme/.github", { private: true, files: { "SECURITY.md": TEMPLATE }, ...compliant });
  Object.assign(fake.repos.get("acme/security-tracker")!, { files: { "SECURITY.md": "# tracker" }, ...compliant });
  return fake;
}

/** A public repository missing every basic. */
function bare(fake: FakeGateway, name = "website"): FakeGateway {
  fake.repos.set(`acme/${name}`, { private: false, pvr: false, labels: [], requiredChecks: [] });
  return fake;
}

const ALL = (level: string) => `  security_policy: ${level}\n  private_vulnerability_reporting: ${level}\n  review_check: ${level}\n  labels: ${level}\n`;

function context(fake: FakeGateway): SweepContext {
  return { installation: { id: 2, account: "acme" }, gateway: fake.gateway(), octokit: {} as never, now: new Date("2026-11-25T00:00:00Z"), log: captureLogger().log, signingKey: "k" };
}

describe("hygiene: level log", () => {
  it("logs what is missing and writes nothing", async () => {
    const fake = bare(org(ALL("log")));
    const { log, lines } = captureLogger();
    const run = await runHygiene(fake.gateway(), "acme", { log });
    expect(run.errors).toEqual([]);
    const row = run.rows.find((r) => r.repo === "acme/website")!;
    expect(Object.fromEntries(Object.entries(row.results!).map(([k, v]) => [k, v.state]))).toEqual({ security_policy: "missing", private_vulnerability_reporting: "missing", review_check: "missing", labels: "missing" });
    expect(fake.writes).toEqual([]);
    expect(lines.filter((l) => /hygiene: .* missing/.test(l))).toHaveLength(4);
  });
});

describe("hygiene: level issue", () => {
  it("opens one tracker issue per repository listing what is missing, writes nothing the second time, updates it in place, and closes it when fixed", async () => {
    const fake = bare(org(ALL("issue")));
    const first = await hygieneStep.run(context(fake));
    expect(first.errors).toEqual([]);
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in acme/security-tracker"]);
    const issue = fake.issues[0]!;
    expect(issue.labels).toEqual(["secwg:hygiene"]);
    expect(issue.body.split("\n")[0]).toBe(hygieneMarker(1003));
    expect(issue.body).toContain("**security policy**");
    expect(issue.body).toContain("**private vulnerability reporting**");

    expect(await hygieneStep.run(context(fake))).toEqual({ actions: [], errors: [] });
    expect(fake.writes).toHaveLength(1);

    fake.repos.get("acme/website")!.files = { "docs/SECURITY.md": "# policy" };
    await hygieneStep.run(context(fake));
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in acme/security-tracker", "update #1 open"]);
    expect(issue.body).not.toContain("**security policy**");

    Object.assign(fake.repos.get("acme/website")!, { pvr: true, labels: ["Security-Review"], requiredChecks: ["ci", "secwg / security review"] });
    await hygieneStep.run(context(fake));
    expect(issue).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(await hygieneStep.run(context(fake))).toEqual({ actions: [], errors: [] });
    expect(fake.writes).toHaveLength(3);

    fake.repos.get("acme/website")!.pvr = false;
    await hygieneStep.run(context(fake));
    expect(issue.state).toBe("open");
  });

  it("counts a policy inherited from the organization's public .github repository, not from a private one", async () => {
    const fake = org(ALL("issue"));
    fake.repos.set("acme/website", { private: false, pvr: true, labels: ["security-review"], requiredChecks: ["secwg / security review"] });
    Object.assign(fake.repos.get("acme/.github")!, { private: false, files: { ".github/SECURITY.md": "# org policy" } });
    const run = await runHygiene(fake.gateway(), "acme", { log: captureLogger().log });
    expect(run.rows.find((r) => r.repo === "acme/website")!.results!.security_policy).toEqual({ state: "ok", detail: "inherited from the organization" });
    fake.repos.get("acme/.github")!.private = true;
    const again = await runHygiene(fake.gateway(), "acme", { log: captureLogger().log });
    expect(again.rows.find((r) => r.repo === "acme/website")!.results!.security_policy.state).toBe("missing");
  });

  it("writes no issue where the tracker is public: a hygiene issue lists a repository's weaknesses", async () => {
    const fake = bare(org(ALL("issue")));
    fake.repos.get("acme/security-tracker")!.private = false;
    await hygieneStep.run(context(fake));
    expect(fake.writes).toEqual([]);
  });

  it("never echoes a repository's name as Markdown: it is written by whoever created the repository", async () => {
    const fake = bare(org(ALL("issue")), "x@y#1_[z](http://e)");
    await hygieneStep.run(context(fake));
    const issue = fake.issues.find((i) => i.title.includes("x"))!;
    expect(issue.title).not.toMatch(/@y|#1|\[z\]/);
    expect(issue.body).not.toMatch(/@y|#1|\[z\]\(/);
  });
});

describe("hygiene: level fix", () => {
  it("proposes the group's SECURITY.md and enables private vulnerability reporting, once", async () => {
    const fake = bare(org(ALL("fix")));
    await hygieneStep.run(context(fake));
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in acme/security-tracker", "propose SECURITY.md in acme/website", "enable pvr acme/website"]);
    const proposal = fake.writes[1]!.text;
    expect(proposal).toContain(TEMPLATE);
    // The pull request in a public repository says nothing of the private tracker or of the other findings.
    expect(proposal).not.toMatch(/security-tracker|secwg:hygiene|review check|vulnerability reporting is not/i);
    const before = fake.writes.length;
    await hygieneStep.run(context(fake));
    // Now compliant except review check and labels (fix acts like issue for those): the issue is updated, nothing else written.
    expect(fake.writes.slice(before).map((w) => w.op)).toEqual(["update #1 open"]);
    await hygieneStep.run(context(fake));
    expect(fake.writes).toHaveLength(before + 1);
  });

  it("refuses a template carrying a secwg marker, and never enables reporting on a private repository", async () => {
    const fake = org(ALL("fix"));
    fake.repos.get("acme/security-wg")!.files = { "SECURITY.md": TEMPLATE, "templates/SECURITY.md": `<!-- secwg:report:GHSA-aaaa-bbbb-cccc -->\n${TEMPLATE}` };
    fake.repos.set("acme/internal", { private: true, pvr: false, labels: ["security-review"], requiredChecks: ["secwg / security review"] });
    await hygieneStep.run(context(fake));
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in acme/security-tracker"]);
    expect(fake.reads).not.toContain("pvr acme/internal");
  });
});

describe("hygiene: skipped repositories", () => {
  it("skips archived repositories and forks without reading them", async () => {
    const fake = org(ALL("fix"));
    fake.repos.set("acme/old", { private: false, archived: true });
    fake.repos.set("acme/fork", { private: false, fork: true });
    const run = await runHygiene(fake.gateway(), "acme", { log: captureLogger().log });
    expect(run.rows.filter((r) => r.skipped).map((r) => [r.repo, r.skipped])).toEqual([
      ["acme/fork", "fork"],
      ["acme/old", "archived"],
    ]);
    expect(fake.reads.filter((r) => /acme\/(old|fork)/.test(r))).toEqual([]);
    expect(fake.writes).toEqual([]);
  });

  it("honours an opt-out with its recorded reason, and closes the repository's open issue as not planned", async () => {
    const fake = bare(org(ALL("issue")));
    await hygieneStep.run(context(fake));
    expect(fake.issues[0]!.state).toBe("open");
    const readsBefore = fake.reads.length;
    fake.setConfig(`hygiene:\n${ALL("issue")}  exclude:\n    - { repo: website, reason: "static site, no code shipped" }\n`);
    const run = await runHygiene(fake.gateway(), "acme", { log: captureLogger().log });
    expect(run.rows.find((r) => r.repo === "acme/website")!.skipped).toBe("opted out: static site, no code shipped");
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(fake.reads.slice(readsBefore).filter((r) => r.includes("acme/website"))).toEqual([]);
  });

  it("rejects an opt-out without a reason", () => {
    const fake = org(ALL("issue"), "  exclude:\n    - { repo: website }\n");
    return expect(hygieneStep.run(context(fake))).resolves.toEqual({ actions: [], errors: ["acme: configuration unusable (config-invalid)"] });
  });
});

describe("hygiene: plans", () => {
  const repo: HygieneRepo = { id: 7, owner: "acme", repo: "api", private: false, archived: false, fork: false, defaultBranch: "main" };
  const policy: HygienePolicy = { levels: { security_policy: "issue", private_vulnerability_reporting: "issue", review_check: "issue", labels: "issue" }, exclude: new Map(), label: "secwg:hygiene", tracker: { owner: "acme", repo: "security-tracker" }, template: null };
  it("does not count what secwg could not read as missing", () => {
    const plan = planHygiene({ repo, skip: null, policy, existing: undefined, results: { security_policy: { state: "ok" }, private_vulnerability_reporting: { state: "unknown" }, review_check: { state: "unknown" }, labels: { state: "n/a" } } });
    expect(plan).toEqual([]);
  });

  it("renders a dry run and writes nothing", async () => {
    const fake = bare(org(ALL("fix")));
    const report = await runInstallationStep(hygieneStep, context(fake), { dryRun: true });
    expect(report.actions).toEqual([
      "would ensure the hygiene-repo issue in acme/security-tracker (open) [secwg:hygiene]",
      "would open pull request in acme/website adding SECURITY.md",
      "would enable private vulnerability reporting in acme/website",
    ]);
    expect(fake.writes).toEqual([]);
  });
});
