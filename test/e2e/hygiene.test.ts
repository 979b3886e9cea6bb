import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { ORG_CONFIG } from "../../sim/seed.js";
import type { Repo } from "../../sim/world.js";
import { hygieneStep } from "../../src/features/hygiene/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";

const HYGIENE = `
hygiene:
  security_policy: fix
  private_vulnerability_reporting: fix
  review_check: issue
  labels: log
  exclude:
    - { repo: webapp, reason: "checked by the platform team's own tooling" }
`;
const TEMPLATE = "# Security policy\n\nReport a vulnerability privately: use GitHub's private vulnerability reporting.\n";

async function sweepHygiene(h: Harness) {
  const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
  return runSweep(probot, { steps: [hygieneStep], dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
}

/** Every installed repository except `except` made compliant, so only that one has findings. */
function makeCompliant(h: Harness, except: Repo[]): void {
  for (const repo of h.sim.world.repos.filter((r) => !except.includes(r))) {
    if (!h.sim.world.filesAt(repo)?.has("SECURITY.md")) h.sim.world.push(repo, repo.default_branch, { "SECURITY.md": TEMPLATE }, "Add a security policy");
    repo.privateVulnerabilityReporting = true;
    repo.rulesetRequiredChecks = ["secwg / security review"];
    h.sim.world.ensureRepoLabel(repo, "security-review");
  }
}

describe("end to end: hygiene of the organization's repositories", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}${HYGIENE}` }, "Check security basics");
    h.sim.world.push(h.org.groupRepo, "main", { "templates/SECURITY.md": TEMPLATE }, "Security policy template");
    // A private .github repository: GitHub shows its SECURITY.md in no other repository.
    h.org.dotGithub.private = true;
  });
  afterAll(() => h.stop());

  it("checks a new repository when it is created: one tracker issue, a pull request adding SECURITY.md, reporting enabled", async () => {
    makeCompliant(h, []);
    const repo = h.sim.world.addRepo(h.org.org, "new-service");
    await h.act(() => h.sim.world.emit({ event: "repository", action: "created", repo, sender: h.org.members.alice, objects: {} }));
    const issue = h.org.tracker.issues.find((i) => i.labels.includes("secwg:hygiene"))!;
    expect(issue.title).toBe("Security basics missing in acme/new-service");
    expect(issue.body).toContain("**security policy**");
    expect(issue.body).toContain("**review check required**");
    const pull = repo.issues.find((i) => i.pull)!;
    expect(pull.title).toBe("Add a security policy (SECURITY.md)");
    expect(pull.body).not.toMatch(/tracker|review check/i);
    expect(h.sim.world.filesAt(repo, "secwg/security-policy")?.get("SECURITY.md")).toBe(TEMPLATE);
    expect(repo.privateVulnerabilityReporting).toBe(true);
    expect(h.sim.violations).toEqual([]);
  });

  it("checks repositories added to the installation (an event GitHub delivers unsubscribed), skipping forks, archived and opted-out ones", async () => {
    const fork = h.sim.world.addRepo(h.org.org, "someone-elses-lib");
    fork.fork = true;
    const old = h.sim.world.addRepo(h.org.org, "legacy");
    old.archived = true;
    const added = h.sim.world.addRepo(h.org.org, "docs-site");
    const before = h.sim.log.length;
    await h.act(() =>
      h.sim.world.emit({
        event: "installation_repositories",
        action: "added",
        sender: h.org.members.alice,
        objects: { repository_selection: "selected", repositories_added: [fork, old, added].map((r) => ({ id: r.id, node_id: "x", name: r.name, full_name: `acme/${r.name}`, private: r.private })), repositories_removed: [], requester: null },
      }),
    );
    expect(h.org.tracker.issues.filter((i) => i.labels.includes("secwg:hygiene")).map((i) => i.title)).toContain("Security basics missing in acme/docs-site");
    // Hygiene's own requests: the security review of the SECURITY.md pull request it opens counts open
    // review requests across the organisation (a list of each repository's open pull requests).
    const touched = h.sim.log
      .slice(before)
      .filter((e) => !(e.method === "GET" && /^\/repos\/acme\/[^/]+\/pulls$/.test(e.path)))
      .map((e) => e.path)
      .join("\n");
    expect(touched).not.toMatch(/someone-elses-lib|legacy|webapp/);
    expect(fork.issues).toEqual([]);
    expect(old.issues).toEqual([]);
  });

  it("closes the issue once a repository is fixed; a steady sweep writes nothing and costs no rate limit", async () => {
    const repo = h.sim.world.repo("acme", "new-service")!;
    const docs = h.sim.world.repo("acme", "docs-site")!;
    makeCompliant(h, []);
    await sweepHygiene(h);
    for (const r of [repo, docs]) {
      const issue = h.org.tracker.issues.find((i) => i.title.endsWith(`acme/${r.name}`) || i.body.includes(`repository id ${r.id}`))!;
      expect(issue.state).toBe("closed");
    }
    let before = h.sim.log.length;
    await sweepHygiene(h);
    expect(h.sim.writes(before)).toEqual([]);
    before = h.sim.log.length;
    const report = await sweepHygiene(h);
    expect(report.runs.map((r) => [r.outcome, r.errors])).toEqual([["ok", []]]);
    expect(h.sim.writes(before)).toEqual([]);
    expect(h.sim.pointsSpent(before)).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });
});
