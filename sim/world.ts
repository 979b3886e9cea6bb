/**
 * The simulator's state: one organisation's worth of GitHub objects, in memory. Everything here is
 * plain data plus the mutations a person (or the app, through routes.ts) can make. Webhooks are not
 * sent from here: mutations report what happened through `emit`, and webhooks.ts turns that into
 * deliveries.
 */
import { createHash } from "node:crypto";

export interface Account {
  id: number;
  login: string;
  type: "User" | "Bot" | "Organization";
  name?: string;
}

export interface Commit {
  sha: string;
  files: Map<string, string>;
  message: string;
  parent: string | null;
  /** The accounts GitHub matched to the author and committer emails (null: none matched). */
  author: Account | null;
  committer: Account | null;
  /** When it was made, by the simulator's clock. */
  date: string;
}

export interface Label {
  id: number;
  name: string;
  color: string;
}

export interface Reaction {
  id: number;
  user: Account;
  content: "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";
  created_at: string;
}

export interface Comment {
  id: number;
  body: string;
  user: Account;
  created_at: string;
  updated_at: string;
  reactions: Reaction[];
  issueNumber: number;
}

export interface Review {
  id: number;
  user: Account;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  commit_id: string;
  submitted_at: string;
}

export interface Pull {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  merged_by: Account | null;
  merge_commit_sha: string | null;
  requested_reviewers: Account[];
  reviews: Review[];
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string;
  user: Account;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  assignees: Account[];
  comments: Comment[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull?: Pull;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  details_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  started_at: string;
  completed_at: string | null;
}

export type AdvisoryState = "triage" | "draft" | "published" | "closed" | "withdrawn";

export interface Advisory {
  ghsa_id: string;
  cve_id: string | null;
  summary: string;
  description: string;
  severity: "critical" | "high" | "medium" | "low" | null;
  state: AdvisoryState;
  author: Account;
  publisher: Account | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  closed_at: string | null;
  withdrawn_at: string | null;
  vulnerabilities: Array<{ package: { ecosystem: string; name: string }; vulnerable_version_range: string | null; patched_versions: string | null }>;
  cwe_ids: string[];
  credits: Array<{ login: string; type: string }>;
  collaborating_users: Account[];
  private_fork: Repo | null;
  cve_requested: boolean;
}

const ALERT_EVENTS = new Set(["dependabot_alert", "code_scanning_alert", "secret_scanning_alert"]);

export interface Repo {
  id: number;
  owner: Account;
  name: string;
  private: boolean;
  default_branch: string;
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  issues: Issue[];
  checkRuns: CheckRun[];
  advisories: Advisory[];
  labels: Map<string, Label>;
  collaborators: Map<number, "admin" | "maintain" | "write" | "triage" | "read">;
  privateVulnerabilityReporting: boolean;
  archived: boolean;
  fork: boolean;
  /** Status checks an active ruleset requires on the default branch (`GET .../rules/branches/{branch}`). */
  rulesetRequiredChecks: string[];
  /** Status checks classic branch protection of the default branch requires (`GET .../branches/{branch}`). */
  protectionRequiredChecks: string[];
  created_at: string;
  /** Code security alerts as GitHub has them now, keyed `<event>:<number>` (the latest alert event sets them). */
  alerts: Map<string, Record<string, unknown>>;
}

export interface Team {
  id: number;
  org: Account;
  slug: string;
  name: string;
  members: Map<number, "member" | "maintainer">;
  /** Invited (someone outside the organization) and not yet accepted: not in `members`. */
  invited: Map<number, "member" | "maintainer">;
}

export interface Installation {
  id: number;
  account: Account;
  /** Repositories the installation can reach; all of the account's when null. */
  repositories: number[] | null;
}

/** Something that happened on "GitHub"; webhooks.ts turns it into a delivery if the app subscribes. */
export interface SimEvent {
  event: string;
  action?: string;
  repo?: Repo;
  sender: Account;
  /** Objects for the payload, by payload key: pull_request, issue, comment, review, label, advisory… */
  objects: Record<string, unknown>;
}

/** A global advisory as `GET /advisories` returns it (the fields secwg and tests use). */
export interface GlobalAdvisoryJson {
  ghsa_id: string;
  cve_id: string | null;
  type: "reviewed" | "unreviewed" | "malware";
  summary: string;
  severity: string;
  published_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  vulnerabilities: Array<{ package: { ecosystem: string; name: string }; vulnerable_version_range: string; first_patched_version: string | null; vulnerable_functions: string[] }>;
}

export class World {
  private nextIdValue = 5_000_000;
  private shaCounter = 0;
  readonly accounts = new Map<number, Account>();
  readonly repos: Repo[] = [];
  readonly teams: Team[] = [];
  readonly installations: Installation[] = [];
  /** Listeners for every change; the webhook dispatcher subscribes. */
  private readonly listeners: Array<(event: SimEvent) => void> = [];
  /** The clock of "GitHub"; tests move it to pass deadlines. */
  clock: () => Date = () => new Date();
  /** Where html_url links point (the simulator's own pages). */
  webBase = "http://127.0.0.1";
  /** GitHub's global advisory database (`GET /advisories`), as GitHub's JSON objects. */
  readonly globalAdvisories: GlobalAdvisoryJson[] = [];

  nextId(): number {
    return ++this.nextIdValue;
  }

  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  onEvent(listener: (event: SimEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: SimEvent): void {
    // An alert event reports the alert's new state: GitHub's API shows that state from then on.
    const alert = (event.objects as { alert?: { number?: unknown } } | undefined)?.alert;
    if (ALERT_EVENTS.has(event.event) && event.repo && alert && typeof alert.number === "number") {
      event.repo.alerts.set(`${event.event}:${alert.number}`, structuredClone(alert) as Record<string, unknown>);
    }
    for (const listener of this.listeners) listener(event);
  }

  // --- accounts, repositories, teams ---

  addAccount(login: string, type: Account["type"] = "User", id = this.nextId(), name?: string): Account {
    const account: Account = { id, login, type, ...(name ? { name } : {}) };
    this.accounts.set(id, account);
    return account;
  }

  account(login: string): Account {
    const found = [...this.accounts.values()].find((a) => a.login.toLowerCase() === login.toLowerCase());
    if (!found) throw new Error(`simulator: no account ${login}`);
    return found;
  }

  findAccount(login: string): Account | undefined {
    return [...this.accounts.values()].find((a) => a.login.toLowerCase() === login.toLowerCase());
  }

  addRepo(owner: Account, name: string, options: { private?: boolean; files?: Record<string, string> } = {}): Repo {
    const commit = this.makeCommit(new Map(Object.entries(options.files ?? {})), "Initial commit", null);
    const repo: Repo = {
      id: this.nextId(),
      owner,
      name,
      private: options.private ?? false,
      default_branch: "main",
      branches: new Map([["main", commit.sha]]),
      commits: new Map([[commit.sha, commit]]),
      issues: [],
      checkRuns: [],
      advisories: [],
      alerts: new Map(),
      labels: new Map(),
      collaborators: new Map(),
      privateVulnerabilityReporting: false,
      archived: false,
      fork: false,
      rulesetRequiredChecks: [],
      protectionRequiredChecks: [],
      created_at: this.now(),
    };
    this.repos.push(repo);
    return repo;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.find((r) => r.owner.login.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
  }

  requireRepo(fullName: string): Repo {
    const [owner, name] = fullName.split("/");
    const repo = this.repo(owner ?? "", name ?? "");
    if (!repo) throw new Error(`simulator: no repository ${fullName}`);
    return repo;
  }

  addTeam(org: Account, slug: string, members: Account[] = []): Team {
    const team: Team = { id: this.nextId(), org, slug, name: slug, members: new Map(members.map((m) => [m.id, "member" as const])), invited: new Map() };
    this.teams.push(team);
    return team;
  }

  /** People who are not members of the organization: adding them to a team invites them. */
  readonly outsideOrg = new Set<number>();

  /** Someone invited to a team accepts: they become a member of it. */
  acceptTeamInvitation(team: Team, user: Account): void {
    const role = team.invited.get(user.id);
    if (role === undefined) return;
    team.invited.delete(user.id);
    team.members.set(user.id, role);
  }

  team(org: string, slug: string): Team | undefined {
    return this.teams.find((t) => t.org.login.toLowerCase() === org.toLowerCase() && t.slug === slug);
  }

  addInstallation(account: Account, id = this.nextId()): Installation {
    const installation: Installation = { id, account, repositories: null };
    this.installations.push(installation);
    return installation;
  }

  installationFor(repo: Repo): Installation | undefined {
    return this.installations.find((i) => i.account.id === repo.owner.id && (i.repositories === null || i.repositories.includes(repo.id)));
  }

  // --- git ---

  makeCommit(files: Map<string, string>, message: string, parent: string | null, people: { author?: Account | null; committer?: Account | null } = {}): Commit {
    const sha = createHash("sha1").update(`${++this.shaCounter}:${message}:${parent ?? ""}`).digest("hex");
    const author = people.author ?? this.pusher;
    return { sha, files, message, parent, author, committer: people.committer ?? author, date: this.now() };
  }

  /** Commits reachable from the head and not from the base, oldest first (what a pull request lists). */
  pullCommits(repo: Repo, pr: Issue): Commit[] {
    const pull = requirePull(pr);
    const inBase = new Set<string>();
    for (let sha: string | null = pull.base.sha; sha; sha = repo.commits.get(sha)?.parent ?? null) inBase.add(sha);
    const commits: Commit[] = [];
    for (let sha: string | null = pull.head.sha; sha && !inBase.has(sha); sha = repo.commits.get(sha)?.parent ?? null) {
      const commit = repo.commits.get(sha);
      if (!commit) break;
      commits.push(commit);
    }
    return commits.reverse();
  }

  /** Files at a branch name or commit sha; null when the ref is unknown. */
  filesAt(repo: Repo, ref?: string): Map<string, string> | null {
    const sha = repo.branches.get(ref ?? repo.default_branch) ?? ref ?? "";
    return repo.commits.get(sha)?.files ?? null;
  }

  /** Commits `changes` (null deletes a file) on top of `branch`, creating the branch from the default one if needed. */
  push(repo: Repo, branch: string, changes: Record<string, string | null>, message: string, people: { author?: Account; committer?: Account } = {}): Commit {
    const parentSha = repo.branches.get(branch) ?? (repo.branches.get(repo.default_branch) as string);
    const files = new Map(repo.commits.get(parentSha)?.files ?? []);
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) files.delete(path);
      else files.set(path, text);
    }
    const commit = this.makeCommit(files, message, parentSha, people);
    repo.commits.set(commit.sha, commit);
    repo.branches.set(branch, commit.sha);
    // A push to the head branch of an open pull request moves its head, as on GitHub.
    for (const pr of repo.issues) {
      if (pr.pull && pr.state === "open" && pr.pull.head.ref === branch && pr.pull.head.sha !== commit.sha) {
        const before = pr.pull.head.sha;
        pr.pull.head.sha = commit.sha;
        pr.updated_at = this.now();
        this.emit({ event: "pull_request", action: "synchronize", repo, sender: this.pusher ?? pr.user, objects: { pull_request: pr, before, after: commit.sha } });
      }
    }
    return commit;
  }

  /** Who the next push is attributed to (routes set the app's bot). */
  pusher: Account | null = null;

  // --- issues and pull requests ---

  private nextNumber(repo: Repo): number {
    return repo.issues.length + 1;
  }

  /** An open issue numbered next in `repo`, not yet added to it. */
  private newIssue(repo: Repo, user: Account, spec: { title: string; body?: string | undefined; labels: string[]; assignees: Account[] }): Issue {
    return {
      id: this.nextId(),
      number: this.nextNumber(repo),
      title: spec.title,
      body: spec.body ?? "",
      user,
      state: "open",
      state_reason: null,
      labels: spec.labels,
      assignees: spec.assignees,
      comments: [],
      created_at: this.now(),
      updated_at: this.now(),
      closed_at: null,
    };
  }

  createIssue(repo: Repo, user: Account, spec: { title: string; body?: string; labels?: string[]; assignees?: Account[] }): Issue {
    for (const name of spec.labels ?? []) this.ensureRepoLabel(repo, name);
    const issue = this.newIssue(repo, user, { ...spec, labels: [...new Set(spec.labels ?? [])], assignees: spec.assignees ?? [] });
    repo.issues.push(issue);
    this.emit({ event: "issues", action: "opened", repo, sender: user, objects: { issue } });
    return issue;
  }

  issue(repo: Repo, number: number): Issue | undefined {
    return repo.issues.find((i) => i.number === number);
  }

  openPull(repo: Repo, user: Account, spec: { title: string; body?: string; branch: string; changes: Record<string, string | null>; draft?: boolean }): Issue {
    this.push(repo, spec.branch, spec.changes, spec.title, { author: user });
    return this.openPullFromBranch(repo, user, { title: spec.title, body: spec.body, head: spec.branch, draft: spec.draft });
  }

  /** A pull request from a branch that already exists (the app's archive pull requests). */
  openPullFromBranch(repo: Repo, user: Account, spec: { title: string; body?: string; head: string; base?: string; draft?: boolean }): Issue {
    const base = spec.base ?? repo.default_branch;
    const headSha = repo.branches.get(spec.head);
    const baseSha = repo.branches.get(base);
    if (!headSha || !baseSha) throw new Error(`simulator: no branch ${headSha ? base : spec.head}`);
    const issue: Issue = {
      ...this.newIssue(repo, user, { title: spec.title, body: spec.body, labels: [], assignees: [] }),
      pull: {
        head: { ref: spec.head, sha: headSha },
        base: { ref: base, sha: baseSha },
        draft: spec.draft ?? false,
        merged: false,
        merged_at: null,
        merged_by: null,
        merge_commit_sha: null,
        requested_reviewers: [],
        reviews: [],
      },
    };
    repo.issues.push(issue);
    this.emit({ event: "pull_request", action: "opened", repo, sender: user, objects: { pull_request: issue } });
    return issue;
  }

  /** `user` pushes a commit, which they made unless `people` names its author or committer. */
  pushToPull(repo: Repo, pr: Issue, user: Account, changes: Record<string, string | null>, message = "Update", people: { author?: Account; committer?: Account } = {}): void {
    const pull = requirePull(pr);
    this.pusher = user;
    try {
      this.push(repo, pull.head.ref, changes, message, people);
    } finally {
      this.pusher = null;
    }
  }

  /** Files changed between the pull request's base and head, with a unified-diff `patch`. */
  pullFiles(repo: Repo, pr: Issue): Array<{ filename: string; status: string; additions: number; deletions: number; changes: number; patch?: string; sha: string }> {
    const pull = requirePull(pr);
    const base = this.filesAt(repo, pull.base.sha) ?? new Map<string, string>();
    const head = this.filesAt(repo, pull.head.sha) ?? new Map<string, string>();
    const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
    const result = [];
    for (const path of paths) {
      const before = base.get(path);
      const after = head.get(path);
      if (before === after) continue;
      const removed = before === undefined ? [] : before.split("\n");
      const added = after === undefined ? [] : after.split("\n");
      const patch = [`@@ -${removed.length > 0 ? 1 : 0},${removed.length} +${added.length > 0 ? 1 : 0},${added.length} @@`, ...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join("\n");
      result.push({
        filename: path,
        status: before === undefined ? "added" : after === undefined ? "removed" : "modified",
        additions: added.length,
        deletions: removed.length,
        changes: added.length + removed.length,
        patch,
        // The git blob sha of the new content, as GitHub gives it (and as `contents/{path}` answers it).
        sha: createHash("sha1").update(`blob ${Buffer.byteLength(after ?? "")}\0${after ?? ""}`).digest("hex"),
      });
    }
    return result;
  }

  mergePull(repo: Repo, pr: Issue, user: Account): string {
    const pull = requirePull(pr);
    const head = repo.commits.get(pull.head.sha) as Commit;
    const commit = this.makeCommit(new Map(head.files), `Merge pull request #${pr.number}`, repo.branches.get(repo.default_branch) ?? null);
    repo.commits.set(commit.sha, commit);
    repo.branches.set(repo.default_branch, commit.sha);
    Object.assign(pull, { merged: true, merged_at: this.now(), merged_by: user, merge_commit_sha: commit.sha });
    pr.state = "closed";
    pr.closed_at = this.now();
    pr.updated_at = this.now();
    this.emit({ event: "pull_request", action: "closed", repo, sender: user, objects: { pull_request: pr } });
    return commit.sha;
  }

  addComment(repo: Repo, issue: Issue, user: Account, body: string): Comment {
    const comment: Comment = { id: this.nextId(), body, user, created_at: this.now(), updated_at: this.now(), reactions: [], issueNumber: issue.number };
    issue.comments.push(comment);
    issue.updated_at = this.now();
    this.emit({ event: "issue_comment", action: "created", repo, sender: user, objects: { issue, comment } });
    return comment;
  }

  editComment(repo: Repo, comment: Comment, user: Account, body: string): void {
    const before = comment.body;
    comment.body = body;
    comment.updated_at = this.now();
    const issue = this.issue(repo, comment.issueNumber) as Issue;
    this.emit({ event: "issue_comment", action: "edited", repo, sender: user, objects: { issue, comment, changes: { body: { from: before } } } });
  }

  /** A person deletes a comment in the web UI: gone, with its reactions, and an `issue_comment.deleted` event. */
  deleteComment(repo: Repo, comment: Comment, user: Account): void {
    const issue = this.issue(repo, comment.issueNumber) as Issue;
    issue.comments = issue.comments.filter((c) => c.id !== comment.id);
    this.emit({ event: "issue_comment", action: "deleted", repo, sender: user, objects: { issue, comment } });
  }

  findComment(repo: Repo, id: number): Comment | undefined {
    for (const issue of repo.issues) {
      const found = issue.comments.find((c) => c.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Reactions send no webhook on GitHub; the app only sees them by polling. */
  react(comment: Comment, user: Account, content: Reaction["content"]): Reaction {
    const existing = comment.reactions.find((r) => r.user.id === user.id && r.content === content);
    if (existing) return existing;
    const reaction: Reaction = { id: this.nextId(), user, content, created_at: this.now() };
    comment.reactions.push(reaction);
    return reaction;
  }

  submitReview(repo: Repo, pr: Issue, user: Account, state: Review["state"], body = ""): Review {
    const pull = requirePull(pr);
    const review: Review = { id: this.nextId(), user, body, state, commit_id: pull.head.sha, submitted_at: this.now() };
    pull.reviews.push(review);
    pull.requested_reviewers = pull.requested_reviewers.filter((r) => r.id !== user.id);
    this.emit({ event: "pull_request_review", action: "submitted", repo, sender: user, objects: { pull_request: pr, review } });
    return review;
  }

  ensureRepoLabel(repo: Repo, name: string): Label {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      label = { id: this.nextId(), name, color: "ededed" };
      repo.labels.set(key, label);
    }
    return label;
  }

  // --- security advisories ---

  /** A private vulnerability report: an advisory in `triage`, authored by the reporter. */
  reportVulnerability(
    repo: Repo,
    reporter: Account,
    spec: { summary: string; description: string; severity?: Advisory["severity"]; package?: { ecosystem: string; name: string }; vulnerable_version_range?: string },
  ): Advisory {
    const advisory: Advisory = {
      ghsa_id: ghsaId(this.nextId()),
      cve_id: null,
      summary: spec.summary,
      description: spec.description,
      severity: spec.severity ?? null,
      state: "triage",
      author: reporter,
      publisher: null,
      created_at: this.now(),
      updated_at: this.now(),
      published_at: null,
      closed_at: null,
      withdrawn_at: null,
      vulnerabilities: spec.package
        ? [{ package: spec.package, vulnerable_version_range: spec.vulnerable_version_range ?? null, patched_versions: null }]
        : [],
      cwe_ids: [],
      credits: [{ login: reporter.login, type: "reporter" }],
      collaborating_users: [],
      private_fork: null,
      cve_requested: false,
    };
    repo.advisories.push(advisory);
    this.emit({ event: "repository_advisory", action: "reported", repo, sender: reporter, objects: { repository_advisory: advisory } });
    return advisory;
  }

  advisory(repo: Repo, ghsa: string): Advisory | undefined {
    return repo.advisories.find((a) => a.ghsa_id.toLowerCase() === ghsa.toLowerCase());
  }
}

export function requirePull(issue: Issue): Pull {
  if (!issue.pull) throw new Error(`simulator: #${issue.number} is not a pull request`);
  return issue.pull;
}

/** `GHSA-xxxx-xxxx-xxxx` from a number, using GitHub's alphabet (no vowels or lookalikes). */
function ghsaId(n: number): string {
  const alphabet = "23456789cfghjmpqrvwx";
  let value = n * 7919 + 104729;
  let out = "";
  for (let i = 0; i < 12; i++) {
    out += alphabet[value % alphabet.length];
    value = Math.floor(value / alphabet.length) + i * 31;
  }
  return `GHSA-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}
