/**
 * Whole stories played against the simulator, through HTTP only: people act on "GitHub", the
 * simulator delivers the webhooks, the app answers through the REST API. The end-to-end tests
 * assert on the resulting state, the demo narrates them, the benchmarks count their calls.
 * Each scenario is added here when the feature it exercises exists in the app.
 */
import type { Harness } from "./harness.js";
import type { RequestLogEntry } from "./server.js";
import type { CheckRun, Issue, Repo } from "./world.js";
import { ORG_CONFIG } from "./seed.js";
import { termsStep } from "../src/features/terms/sweep.js";

export type Narrate = (line: string) => void;

export interface Step {
  /** What the person did, e.g. "frank opens a pull request that breaks .github/secwg.yml". */
  title: string;
  /** Log positions before and after the step, to count the calls it caused. */
  from: number;
  to: number;
}

export interface Scenario {
  name: string;
  title: string;
  run(h: Harness, narrate: Narrate): Promise<Step[]>;
}

/** Runs `action` as one step: records the calls it caused, narrates what the app wrote. */
async function step(h: Harness, steps: Step[], narrate: Narrate, title: string, action: () => unknown): Promise<void> {
  const from = h.sim.log.length;
  narrate(`▶ ${title}`);
  await h.act(action);
  await h.redeliverFailed();
  const to = h.sim.log.length;
  steps.push({ title, from, to });
  const writes = h.sim.writes(from).filter((e) => e.seq <= (h.sim.log[to - 1]?.seq ?? 0));
  if (writes.length === 0) narrate("    the app made no write");
  for (const w of writes) narrate(`    secwg ${describeWrite(w)}`);
}

/** One write of the app in words, for the narration. */
export function describeWrite(w: RequestLogEntry): string {
  const b = (w.body ?? {}) as Record<string, any>;
  const where = w.path.replace(/^\/repos\//, "").replace(/\/(issues|pulls)\/(\d+).*/, "#$2");
  switch (w.route) {
    case "POST /repos/{owner}/{repo}/check-runs":
      return `created check run "${b.name}" on ${String(b.head_sha).slice(0, 7)}: ${b.conclusion ?? b.status} — ${b.output?.title ?? ""}`;
    case "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}":
      return `updated its check run: ${b.conclusion ?? b.status} — ${b.output?.title ?? ""}`;
    case "POST /repos/{owner}/{repo}/issues/{issue_number}/labels":
      return `labelled ${where} ${(b.labels ?? []).join(", ")}`;
    case "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}":
      return `removed a label from ${where}`;
    case "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers":
      return `asked ${(b.reviewers ?? []).map((r: string) => `@${r}`).join(", ")} to review ${where}`;
    case "POST /repos/{owner}/{repo}/issues/{issue_number}/comments":
      return `commented on ${where}: “${firstLine(b.body)}”`;
    case "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}":
      return `edited its comment: “${firstLine(b.body)}”`;
    case "POST /repos/{owner}/{repo}/issues":
      return `opened issue “${b.title}” in ${w.path.split("/").slice(2, 4).join("/")}`;
    case "POST /repos/{owner}/{repo}/git/refs":
      return `created branch ${String(b.ref).replace(/^refs\/heads\//, "")}`;
    case "PUT /repos/{owner}/{repo}/contents/{path}":
      return `committed ${decodeURIComponent(w.path.split("/contents/")[1] ?? "")}: “${firstLine(b.message)}”`;
    case "POST /repos/{owner}/{repo}/pulls":
      return `opened pull request “${b.title}”`;
    case "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge":
      return `merged ${where} at ${String(b.sha).slice(0, 7)}`;
    case "PATCH /repos/{owner}/{repo}/issues/{issue_number}":
      return `${b.state === "closed" ? "closed" : "edited"} ${where}`;
    case "PUT /orgs/{org}/teams/{team_slug}/memberships/{username}":
      return `added ${w.path.split("/").at(-1)} to team ${w.path.split("/")[4]}`;
    case "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}":
      return `removed ${w.path.split("/").at(-1)} from team ${w.path.split("/")[4]}`;
    default:
      return `${w.method} ${w.path} → ${w.status}`;
  }
}

function firstLine(body: unknown): string {
  const line = String(body ?? "").split("\n").find((l) => l.trim() && !l.startsWith("<!--")) ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/** A branch name not used yet in `repo`, so a scenario can be played again in the same world. */
function freshBranch(repo: Repo, name: string): string {
  let candidate = name;
  for (let i = 2; repo.branches.has(candidate); i++) candidate = `${name}-${i}`;
  return candidate;
}

export function latestRun(repo: Repo, sha: string, name: string): CheckRun | undefined {
  return repo.checkRuns.filter((r) => r.head_sha === sha && r.name === name).sort((a, b) => b.id - a.id)[0];
}

/**
 * Writes to public repositories whose body contains `text` (an embargo breach when `text` is secret),
 * including a file's content, which the contents API carries base64-encoded.
 */
export function publicWritesContaining(h: Harness, text: string): RequestLogEntry[] {
  const publicRepos = new Set(h.sim.world.repos.filter((r) => !r.private).map((r) => `/repos/${r.owner.login}/${r.name}/`.toLowerCase()));
  return h.sim.log.filter((e) => e.write && [...publicRepos].some((p) => e.path.toLowerCase().startsWith(p)) && writtenText(e).includes(text));
}

/** A write's body as text, with a base64 `content` (a file written through the contents API) decoded. */
function writtenText(entry: RequestLogEntry): string {
  const content = (entry.body as { content?: unknown } | undefined)?.content;
  const decoded = typeof content === "string" ? Buffer.from(content, "base64").toString("utf8") : "";
  return `${JSON.stringify(entry.body ?? "")}\n${decoded}`;
}

function link(h: Harness, repo: Repo, issue: Issue): string {
  return `${h.sim.url}/${repo.owner.login}/${repo.name}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
}

function describeRun(run: CheckRun | undefined): string {
  if (!run) return "no check run";
  return `${run.name}: ${run.status}${run.conclusion ? ` (${run.conclusion})` : ""} — ${run.output.title ?? ""}`;
}

export const CONFIG_CHECK = "secwg / config";
export const REVIEW_CHECK = "secwg / security review";

/** `.github/secwg.yml` and the roster are checked on the pull requests that change them. */
export const configCheck: Scenario = {
  name: "config",
  title: "A pull request that breaks the configuration is stopped with the exact key at fault",
  async run(h, narrate) {
    const steps: Step[] = [];
    const { webapp, groupRepo, frank, members } = h.org;
    const world = h.sim.world;
    let pr!: Issue;
    await step(h, steps, narrate, "frank opens a pull request on acme/webapp setting review.reviewers.count to \"three\"", () => {
      pr = world.openPull(webapp, frank, { title: "Ask three reviewers", branch: freshBranch(webapp, "three-reviewers"), changes: { ".github/secwg.yml": "review:\n  reviewers:\n    count: three\n" } });
    });
    narrate(`    ${describeRun(latestRun(webapp, pr.pull!.head.sha, CONFIG_CHECK))}  ${link(h, webapp, pr)}`);
    await step(h, steps, narrate, "frank pushes a fix (count: 3)", () => world.pushToPull(webapp, pr, frank, { ".github/secwg.yml": "review:\n  reviewers:\n    count: 3\n" }, "Use a number"));
    narrate(`    ${describeRun(latestRun(webapp, pr.pull!.head.sha, CONFIG_CHECK))}`);
    await step(h, steps, narrate, "GitHub redelivers the last pull_request event (same delivery id)", async () => {
      const last = [...h.hooks.deliveries].reverse().find((d) => d.event === "pull_request");
      if (last) await h.hooks.redeliver(last);
    });
    let roster!: Issue;
    await step(h, steps, narrate, "dave opens a roster change on acme/security-wg that gives erin dave's id", () => {
      const current = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
      roster = world.openPull(groupRepo, members.dave, { title: "Fix erin's id", branch: freshBranch(groupRepo, "erin-id"), changes: { "MEMBERS.yml": current.replace(`id: ${members.erin.id}`, `id: ${members.dave.id}`) } });
    });
    narrate(`    ${describeRun(latestRun(groupRepo, roster.pull!.head.sha, CONFIG_CHECK))}  ${link(h, groupRepo, roster)}`);
    return steps;
  },
};

/** A pull request adding `mark_safe(` under `auth/` needs an eligible reviewer's approval of its head commit. */
export const securityReview: Scenario = {
  name: "review",
  title: "A risky change is labelled, routed to a reviewer, and gated on their approval of the head commit",
  async run(h, narrate) {
    const steps: Step[] = [];
    const { webapp, frank } = h.org;
    const world = h.sim.world;
    let pr!: Issue;
    const views = world.filesAt(webapp)?.get("auth/views.py") ?? "";
    await step(h, steps, narrate, "frank opens a pull request adding mark_safe( to auth/views.py", () => {
      pr = world.openPull(webapp, frank, {
        title: "Show the welcome banner",
        body: "Renders the banner configured by admins.",
        branch: freshBranch(webapp, "banner"),
        changes: { "auth/views.py": `${views}\n\ndef banner(request):\n    return mark_safe(request.GET.get('msg'))\n` },
      });
    });
    const pull = pr.pull!;
    narrate(`    labels: ${pr.labels.join(", ") || "none"}; reviewers requested: ${pull.requested_reviewers.map((u) => u.login).join(", ") || "none"}`);
    narrate(`    ${describeRun(latestRun(webapp, pull.head.sha, REVIEW_CHECK))}  ${link(h, webapp, pr)}`);
    await step(h, steps, narrate, "GitHub redelivers pull_request.opened (same delivery id)", async () => {
      const opened = h.hooks.deliveries.find((d) => d.event === "pull_request" && d.action === "opened" && (d.payload.pull_request as { id: number }).id === pr.id);
      if (opened) await h.hooks.redeliver(opened);
    });
    const reviewer = pull.requested_reviewers[0] ?? h.org.members.alice;
    await step(h, steps, narrate, `${reviewer.login} approves the head commit`, () => world.submitReview(webapp, pr, reviewer, "APPROVED", "Escaped upstream; fine."));
    narrate(`    ${describeRun(latestRun(webapp, pull.head.sha, REVIEW_CHECK))}`);
    await step(h, steps, narrate, "frank pushes another commit", () =>
      world.pushToPull(webapp, pr, frank, { "auth/views.py": `${views}\n\ndef banner(request):\n    return mark_safe(escape(request.GET.get('msg')))\n` }, "Escape the message"),
    );
    narrate(`    ${describeRun(latestRun(webapp, pull.head.sha, REVIEW_CHECK))}`);
    return steps;
  },
};

/**
 * frank's membership request, answered from the group's template, adding him to `MEMBERS.yml`;
 * `extraChanges` adds other files to the same pull request (what an attacker would smuggle in).
 */
export function openFranksMembershipRequest(h: Harness, extraChanges: Record<string, string> = {}): Issue {
  const { groupRepo, frank } = h.org;
  const world = h.sim.world;
  const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
  const body = (world.filesAt(groupRepo)?.get(".github/PULL_REQUEST_TEMPLATE/membership.md") ?? "")
    .replace(/<!-- Your name[^>]*-->/, "Frank Contributor")
    .replace(/<!-- Your GitHub login[^>]*-->/, `@${frank.login}`)
    .replace(/<!-- Security work[^>]*-->/, "Reported two XSS issues in acme/webapp; reviewed the CSRF middleware.")
    .replace(/<!-- Why you want[^>]*-->/, "To help triage reports faster.")
    .replace(/<!-- Employers[^>]*-->/, "None")
    .replace("- [ ] I agree", "- [x] I agree");
  return world.openPull(groupRepo, frank, {
    title: "Membership request: frank",
    body,
    branch: freshBranch(groupRepo, "join-frank"),
    changes: { "MEMBERS.yml": `${roster.trimEnd()}\n  - login: ${frank.login}\n    id: ${frank.id}\n    name: Frank Contributor\n    roles: [member]\n`, ...extraChanges },
  });
}

/** A membership request answered from the template: the vote opens, members react, it closes early, the PR merges. */
export const membershipVote: Scenario = {
  name: "vote",
  title: "A contributor asks to join; the members vote 👍, the vote closes early, the request is merged and the team updated",
  async run(h, narrate) {
    const steps: Step[] = [];
    const { groupRepo, members } = h.org;
    const world = h.sim.world;
    let pr!: Issue;
    await step(h, steps, narrate, "frank opens a membership request from the template, adding himself to MEMBERS.yml", () => {
      pr = openFranksMembershipRequest(h);
    });
    narrate(`    labels: ${pr.labels.join(", ") || "none"}  ${link(h, groupRepo, pr)}`);
    const vote = () => pr.comments.find((c) => c.user.id === h.sim.bot.id && c.body.includes("<!-- secwg:vote:"));
    await step(h, steps, narrate, "alice, bob and carol react 👍 on the vote comment (GitHub sends no webhook for reactions)", () => {
      const comment = vote();
      if (!comment) return;
      for (const m of [members.alice, members.bob, members.carol]) world.react(comment, m, "+1");
    });
    await step(h, steps, narrate, "dave comments on the pull request, which makes secwg count again", () => world.addComment(groupRepo, pr, members.dave, "Welcome aboard, if it passes!"));
    narrate(`    ${pr.pull?.merged ? "merged" : pr.state}; labels: ${pr.labels.join(", ") || "none"}; team security-wg has frank: ${world.team("acme", "security-wg")?.members.has(h.org.frank.id) ? "yes" : "no"}`);
    return steps;
  },
};

/** The date `days` ahead at 14:00 UTC, skipping weekends (a plausible release slot). */
function releaseSlot(days: number): Date {
  const date = new Date(Date.now() + days * 86_400_000);
  while ([0, 6].includes(date.getUTCDay())) date.setUTCDate(date.getUTCDate() + 1);
  date.setUTCHours(14, 0, 0, 0);
  return date;
}

/** A canary in the report's description: it must never reach a public write. */
export const REPORT_CANARY = "CANARY-7f3a9c-do-not-leak";

/** A private report goes through acknowledgement, triage, embargo and sign-off, and is published by the sweep. */
export const vulnerabilityReport: Scenario = {
  name: "report",
  title: "A private vulnerability report is acknowledged, triaged, embargoed, approved and published at the embargo time",
  async run(h, narrate) {
    const steps: Step[] = [];
    const { webapp, tracker, mallory, members } = h.org;
    const world = h.sim.world;
    const trackerIssue = (ghsa: string) => tracker.issues.find((i) => i.title.includes(ghsa));
    let ghsa = "";
    await step(h, steps, narrate, "mallory reports a vulnerability in acme/webapp privately", () => {
      ghsa = world.reportVulnerability(webapp, mallory, {
        summary: `Stored XSS in the welcome banner ${REPORT_CANARY}`,
        description: `The banner renders admin input with mark_safe. Proof of concept: ${REPORT_CANARY}`,
        severity: "high",
        package: { ecosystem: "pip", name: "acme-webapp" },
        vulnerable_version_range: "< 2.4.1",
      }).ghsa_id;
    });
    let issue = trackerIssue(ghsa);
    if (!issue) {
      // The intake can be lost (a failed GitHub call after the reply); the sweep takes untracked reports in.
      await step(h, steps, narrate, "no tracker issue yet: the sweep runs", () => h.sweep());
      issue = trackerIssue(ghsa);
    }
    if (!issue) {
      narrate("    no tracker issue was opened");
      return steps;
    }
    narrate(`    tracker issue ${link(h, tracker, issue)} assigned to ${issue.assignees.map((a) => a.login).join(", ") || "nobody"}`);
    const say = (who: keyof typeof members, text: string) => step(h, steps, narrate, `${who} comments ${text.split("\n")[0]}`, () => world.addComment(tracker, issue, members[who], text));
    await say("bob", "/ack");
    await say("bob", "/triage valid");
    await say("bob", "/severity high");
    const release = releaseSlot(3);
    await say("bob", `/embargo ${release.toISOString().slice(0, 16)}Z`);
    await say("alice", "/approve");
    await say("carol", "/approve");
    await step(h, steps, narrate, `the sweep runs after the embargo time (${release.toISOString().slice(0, 16)}Z)`, () => h.sweep(new Date(release.getTime() + 60_000)));
    const advisory = world.advisory(webapp, ghsa);
    narrate(`    advisory ${ghsa}: ${advisory?.state}; tracker issue ${issue.state}`);
    const leaks = publicWritesContaining(h, REPORT_CANARY);
    narrate(`    public writes containing the report's canary: ${leaks.length}`);
    return steps;
  },
};

/** The first line of `body` matching `pattern`, trimmed; "none" when there is none. */
function lineOf(body: string, pattern: RegExp): string {
  return body.split("\n").find((l) => pattern.test(l))?.replace(/^[-\s]+/, "").trim() ?? "none";
}

/** Noon on the third day of the quarter after the current one (UTC): always within its first working week. */
function nextQuarterFirstWeek(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 3, 12));
}

/**
 * The sweep keeps the tracker's dashboard, then, in the next quarter's first working week, opens the
 * report to the board of this quarter's activity (the demo's own, after the other scenarios).
 */
export const boardReport: Scenario = {
  name: "board",
  title: "Board report and dashboard: the sweep keeps the group's dashboard and drafts the quarter's report from the signed logs",
  async run(h, narrate) {
    const steps: Step[] = [];
    const { tracker } = h.org;
    await step(h, steps, narrate, "the sweep runs now: it keeps the dashboard issue in the private tracker, rewritten only when it changed", () => h.sweep());
    const dashboard = tracker.issues.find((i) => i.labels.includes("secwg:dashboard"));
    narrate(dashboard ? `    dashboard ${link(h, tracker, dashboard)}` : "    no dashboard issue was written");
    const firstWeek = nextQuarterFirstWeek();
    await step(h, steps, narrate, `the sweep runs in the next quarter's first working week (${firstWeek.toISOString().slice(0, 10)}): the report on this quarter is due`, () => h.sweep(firstWeek));
    const report = tracker.issues.filter((i) => i.labels.includes("secwg:board-report")).sort((a, b) => b.number - a.number)[0];
    if (!report) {
      narrate("    no board report issue was written");
      return steps;
    }
    const body = report.body ?? "";
    const published = body.split("\n").filter((l) => /^\| \[GHSA-/.test(l)).length;
    narrate(`    ${report.title}: ${link(h, tracker, report)}`);
    narrate(`    ${lineOf(body, /reports? received\./)}`);
    narrate(`    ${lineOf(body, /^- Time to acknowledge:/)}`);
    narrate(`    advisories published: ${published}; ${lineOf(body, /^Valid reports not yet published:/)}`);
    narrate(`    pull requests: ${lineOf(body, /^- Flagged:/)} ${lineOf(body, /^- Review turnaround:/)}`);
    narrate(`    membership: ${lineOf(body, /^- Joined:/)}`);
    const signer = (who: "alice" | "carol", command: string) =>
      step(h, steps, narrate, `${who} comments ${command} on the report issue`, () => h.sim.world.addComment(tracker, report, h.org.members[who], command));
    await signer("alice", "/approve-report");
    await signer("carol", "/publish-report");
    const proposal = h.org.groupRepo.issues.find((i) => i.pull && i.title === report.title);
    narrate(proposal ? `    the board-facing copy, proposed to the public group repository: ${link(h, h.org.groupRepo, proposal)}` : "    nothing was proposed to the group repository");
    return steps;
  },
};

/** The date `days` from now, as the roster writes dates. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export const governance: Scenario = {
  name: "governance",
  title: "Governance: tracker access needs both the Chair and the Co-Chair and follows the roster; a member renews their term",
  async run(h, narrate) {
    const steps: Step[] = [];
    const world = h.sim.world;
    const { members, groupRepo, dotGithub, org } = h.org;
    const trackerTeam = () => [...(world.team("acme", "security-tracker")?.members.keys() ?? [])].map((id) => world.accounts.get(id)?.login).sort().join(", ");
    const ends = dayFromNow(20);
    // The organisation keeps tracker access in a team, and dave's term ends in 20 days.
    world.push(dotGithub, dotGithub.default_branch, { ".github/secwg.yml": `${ORG_CONFIG}access:\n  trackerTeams: [security-tracker]\n` }, "Tracker access in a team");
    world.addTeam(org, "security-tracker", [members.alice, members.bob, members.carol, members.dave, members.erin]);
    const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    world.push(groupRepo, groupRepo.default_branch, { "MEMBERS.yml": roster.replace(/(login: dave[\s\S]*?term_ends: )\d{4}-\d{2}-\d{2}/, `$1${ends}`) }, "dave's term ends soon");
    narrate(`    team acme/security-tracker: ${trackerTeam()}`);

    let issue!: Issue;
    await step(h, steps, narrate, "bob (Co-Chair) opens an issue and comments /revoke-access @erin", () => {
      issue = world.createIssue(groupRepo, members.bob, { title: "Tracker access for erin" });
      world.addComment(groupRepo, issue, members.bob, "/revoke-access @erin");
    });
    narrate(`    team acme/security-tracker: ${trackerTeam()}`);
    await step(h, steps, narrate, "alice (Chair) comments /grant-access @erin: one signer is not enough", () => world.addComment(groupRepo, issue, members.alice, "/grant-access @erin"));
    await step(h, steps, narrate, "bob (Co-Chair) comments /grant-access @erin", () => world.addComment(groupRepo, issue, members.bob, "/grant-access @erin"));
    narrate(`    team acme/security-tracker: ${trackerTeam()}`);

    await step(h, steps, narrate, `the sweep's terms step runs: dave's term ends on ${ends}`, () => h.sweep(new Date(), { steps: [termsStep] }));
    const notice = groupRepo.issues.find((i) => !i.pull && i.labels.includes("secwg:term") && i.title.includes("dave"));
    if (!notice) {
      narrate("    no renewal notice was written");
      return steps;
    }
    narrate(`    ${notice.title}: ${link(h, groupRepo, notice)}`);
    await step(h, steps, narrate, "dave comments /renew on his notice", () => world.addComment(groupRepo, notice, members.dave, "/renew"));
    const renewed = /login: dave[\s\S]*?term_ends: (\S+)/.exec(world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "")?.[1];
    narrate(`    MEMBERS.yml on the default branch: dave's term now ends on ${renewed ?? "?"}`);
    return steps;
  },
};

export const SCENARIOS: Scenario[] = [configCheck, securityReview, membershipVote, vulnerabilityReport, boardReport, governance];

/**
 * The state a scenario leaves, in a form two runs can be compared by: per issue or pull request,
 * its labels, requested reviewers, how many comments the app wrote, and the latest conclusion of
 * each check on its head commit.
 */
export function summarise(h: Harness): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const repo of h.sim.world.repos) {
    for (const issue of repo.issues) {
      const checks: Record<string, string> = {};
      if (issue.pull) {
        for (const run of repo.checkRuns.filter((r) => r.head_sha === issue.pull?.head.sha).sort((a, b) => a.id - b.id)) {
          checks[run.name] = `${run.status}/${run.conclusion ?? ""}`;
        }
      }
      // Pull requests and people's issues by number; issues the app opens by title (a sweep's steps may
      // open theirs in either order when a fault interrupts one of them).
      const key = !issue.pull && issue.user.id === h.sim.bot.id ? `${repo.name}: ${issue.title}` : `${repo.name}#${issue.number}`;
      out[key] = {
        state: issue.state,
        labels: [...issue.labels].sort(),
        reviewers: issue.pull?.requested_reviewers.map((u) => u.login).sort() ?? [],
        appComments: issue.comments.filter((c) => c.user.id === h.sim.bot.id).length,
        checks,
      };
    }
  }
  return out;
}
