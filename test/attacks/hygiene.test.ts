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
  labels: issue
  exclude:
    - { repo: opted-out-svc, reason: "audited by the platform team's own tooling" }
`;
const TEMPLATE = "# Security policy\n\nReport a vulnerability privately: use GitHub's private vulnerability reporting.\n";
const LABEL = "secwg:hygiene";

/** A repository's own configuration trying to switch hygiene off, opt itself out and move its issue into itself. */
const SELF_SERVE = `
group:
  tracker: self-serve
hygiene:
  security_policy: off
  private_vulnerability_reporting: off
  review_check: off
  labels: off
  label: bug
  exclude:
    - { repo: self-serve, reason: "we would rather nobody looked at this" }
`;

/** Written by whoever creates the repository: a forged marker, mentions, a javascript link. */
const DESCRIPTION = "<!-- secwg:hygiene-repo:1 --> ping @acme/security-wg @alice `x` [go](javascript:alert(1))";

/** What a hygiene issue says about a repository: none of it may reach a public repository. */
const WEAKNESS_WORDS = [/security basics/i, /not enabled/i, /do not require/i, /security-tracker/i, /hygiene/i, /label secwg uses/i, /no security policy/i, /repository id/i];

describe("attack: hygiene's reach (excluded, archived and forked repositories, a repository's own settings, public places)", () => {
  let h: Harness;

  const hygieneIssues = () => h.org.tracker.issues.filter((i) => i.labels.includes(LABEL) && i.user.id === h.sim.bot.id);
  const writesTo = (repo: Repo, from: number) => h.sim.writes(from).filter((e) => e.path.toLowerCase().startsWith(`/repos/acme/${repo.name.toLowerCase()}/`));

  /** A public repository with every check missing: what `fix` would act on. */
  function weakRepo(name: string, flags: { archived?: boolean; fork?: boolean } = {}): Repo {
    const repo = h.sim.world.addRepo(h.org.org, name);
    repo.privateVulnerabilityReporting = false;
    repo.archived = flags.archived ?? false;
    repo.fork = flags.fork ?? false;
    return repo;
  }

  async function sweepHygiene() {
    const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
    return runSweep(probot, { steps: [hygieneStep], dryRun: false, now: () => new Date(), log: createLogger({ level: "silent" }), signingKey: "k" });
  }

  const created = (repo: Repo, action = "created", repository?: Record<string, unknown>) =>
    h.act(() => h.sim.world.emit({ event: "repository", action, repo, sender: h.org.frank, objects: repository ? { repository } : {} }));

  beforeAll(async () => {
    h = await startHarness();
    const world = h.sim.world;
    world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}${HYGIENE}` }, "Check security basics");
    world.push(h.org.groupRepo, "main", { "templates/SECURITY.md": TEMPLATE }, "Security policy template");
    h.org.dotGithub.private = true;
    // The seeded repositories are compliant, so only the ones a test adds have findings.
    for (const repo of world.repos) {
      if (!world.filesAt(repo)?.has("SECURITY.md")) world.push(repo, repo.default_branch, { "SECURITY.md": TEMPLATE }, "Add a security policy");
      repo.privateVulnerabilityReporting = true;
      repo.rulesetRequiredChecks = ["secwg / security review"];
      world.ensureRepoLabel(repo, "security-review");
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("`fix` writes nothing to an opted-out, archived or forked repository, on their events or in the sweep", async () => {
    const optedOut = weakRepo("opted-out-svc");
    const archived = weakRepo("legacy", { archived: true });
    const fork = weakRepo("someone-elses-lib", { fork: true });
    const fresh = weakRepo("fresh-svc");
    const before = h.sim.log.length;
    await created(optedOut, "publicized");
    await created(archived, "transferred");
    await created(fork, "created");
    // A repository that is checked, with an attacker's description: the run really acts, and echoes none of it.
    await created(fresh, "created", { ...h.sim.shapes.repo(fresh), description: DESCRIPTION });
    await sweepHygiene();
    await sweepHygiene();

    for (const repo of [optedOut, archived, fork]) {
      expect(writesTo(repo, before)).toEqual([]);
      expect(repo.issues).toEqual([]);
      expect([...repo.branches.keys()]).toEqual(["main"]);
      expect(repo.privateVulnerabilityReporting).toBe(false);
      expect(hygieneIssues().filter((i) => i.body.includes(`repository id ${repo.id}`))).toEqual([]);
    }
    expect(fresh.issues.filter((i) => i.pull).map((i) => i.title)).toEqual(["Add a security policy (SECURITY.md)"]);
    expect(fresh.privateVulnerabilityReporting).toBe(true);
    const issue = hygieneIssues().find((i) => i.body.includes(`repository id ${fresh.id}`));
    expect(issue?.title).toBe("Security basics missing in acme/fresh-svc");
    expect(issue?.body.split("<!--")).toHaveLength(2);
    expect(issue?.body).not.toMatch(/@acme\/security-wg|@alice|javascript|`x`/);
  });

  it("a repository's own .github/secwg.yml neither switches hygiene off, opts the repository out, nor moves its issue", async () => {
    const repo = weakRepo("self-serve");
    h.sim.world.push(repo, "main", { ".github/secwg.yml": SELF_SERVE }, "Configure secwg our way");
    const before = h.sim.log.length;
    await created(repo);
    const issue = hygieneIssues().find((i) => i.body.includes(`repository id ${repo.id}`));
    expect(issue?.title).toBe("Security basics missing in acme/self-serve");
    expect(issue?.body).toContain("**private vulnerability reporting**");
    expect(repo.issues.filter((i) => !i.pull)).toEqual([]);
    expect(repo.issues.filter((i) => i.pull).map((i) => i.title)).toEqual(["Add a security policy (SECURITY.md)"]);
    expect(repo.privateVulnerabilityReporting).toBe(true);
    expect(h.sim.writes(before).filter((e) => /\/labels/.test(e.path) && JSON.stringify(e.body ?? "").includes("bug"))).toEqual([]);
  });

  it("nothing about a repository's weaknesses reaches a public place, and a public tracker gets no hygiene issue", async () => {
    const publicRepos = () => h.sim.world.repos.filter((r) => !r.private);
    const publicWrites = () => h.sim.log.filter((e) => e.write && publicRepos().some((r) => e.path.toLowerCase().startsWith(`/repos/acme/${r.name.toLowerCase()}/`)));
    // So far: the `fix` pull requests and reporting switches in secwg's fixed words (and the review of those pull requests).
    expect(publicWrites().length).toBeGreaterThan(0);
    for (const write of publicWrites()) {
      const text = JSON.stringify(write.body ?? "");
      for (const words of WEAKNESS_WORDS) expect([write.path, text]).toEqual([write.path, expect.not.stringMatching(words)]);
    }

    // The tracker goes public: hygiene only logs from then on.
    h.org.tracker.private = false;
    try {
      const repo = weakRepo("while-public");
      const before = h.sim.log.length;
      await created(repo);
      expect(writesTo(h.org.tracker, before)).toEqual([]);
      expect(h.org.tracker.issues.filter((i) => i.body.includes(`repository id ${repo.id}`))).toEqual([]);
      expect(repo.issues.filter((i) => !i.pull)).toEqual([]);
      const before2 = h.sim.log.length;
      await sweepHygiene();
      expect(writesTo(h.org.tracker, before2)).toEqual([]);
    } finally {
      h.org.tracker.private = true;
    }
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
