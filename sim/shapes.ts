/**
 * JSON the simulator answers with and puts in webhook payloads. Each shape starts from a real
 * object in fixtures/webhooks (so every field GitHub sends is present), has its URLs rebased onto the
 * simulator, and then carries the simulator's own values for the fields that mean something.
 */
import { readFileSync } from "node:fs";
import type { Account, Advisory, CheckRun, Comment, Commit, Issue, Label, Reaction, Repo, Review, Team, World } from "./world.js";
import { requirePull } from "./world.js";

const FIXTURES = new URL("../fixtures/webhooks/", import.meta.url);

function fixture(event: string, action: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`${event}/${action}.json`, FIXTURES), "utf8"));
}

const prOpened = fixture("pull_request", "opened");
const TEMPLATES = {
  user: prOpened.sender,
  repository: prOpened.repository,
  pull: prOpened.pull_request,
  issue: fixture("issues", "opened").issue,
  comment: fixture("issue_comment", "created").comment,
  review: fixture("pull_request_review", "submitted").review,
  label: fixture("pull_request", "labeled").label,
};

export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

/** Replaces the template's github.com addresses and names with the simulator's, field by field. */
function rebase<T>(template: T, replacements: Array<[string, string]>): T {
  let text = JSON.stringify(template);
  for (const [from, to] of replacements) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}

export class Shapes {
  constructor(
    readonly world: World,
    readonly apiBase: string,
    readonly webBase: string,
  ) {}

  private hosts(): Array<[string, string]> {
    return [
      ["https://api.github.com", this.apiBase],
      ["https://github.com", this.webBase],
      ["https://uploads.github.com", this.apiBase],
    ];
  }

  user(account: Account): Record<string, unknown> {
    const base = rebase(TEMPLATES.user, [["/Codertocat", `/${account.login}`], ...this.hosts()]);
    return {
      ...base,
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type === "Organization" ? "Organization" : "User", account.id),
      avatar_url: `${this.webBase}/avatars/${account.id}`,
      type: account.type,
      ...(account.type === "Bot" ? { login: account.login } : {}),
    };
  }

  repo(repo: Repo): Record<string, any> {
    const full = `${repo.owner.login}/${repo.name}`;
    const base = rebase(TEMPLATES.repository, [["Codertocat/Hello-World", full], ...this.hosts()]);
    const openIssues = repo.issues.filter((i) => i.state === "open").length;
    return {
      ...base,
      id: repo.id,
      node_id: nodeId("Repository", repo.id),
      name: repo.name,
      full_name: full,
      private: repo.private,
      visibility: repo.private ? "private" : "public",
      owner: this.user(repo.owner),
      description: null,
      default_branch: repo.default_branch,
      archived: repo.archived,
      fork: repo.fork,
      created_at: repo.created_at,
      updated_at: repo.created_at,
      pushed_at: repo.created_at,
      open_issues_count: openIssues,
      open_issues: openIssues,
      license: null,
    };
  }

  label(repo: Repo, label: Label): Record<string, unknown> {
    return {
      id: label.id,
      node_id: nodeId("Label", label.id),
      url: `${this.repoApi(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: false,
      description: null,
    };
  }

  private repoApi(repo: Repo): string {
    return `${this.apiBase}/repos/${repo.owner.login}/${repo.name}`;
  }

  private repoWeb(repo: Repo): string {
    return `${this.webBase}/${repo.owner.login}/${repo.name}`;
  }

  private labels(repo: Repo, names: string[]): Array<Record<string, unknown>> {
    return names.map((n) => this.label(repo, this.world.ensureRepoLabel(repo, n)));
  }

  issue(repo: Repo, issue: Issue): Record<string, any> {
    const api = `${this.repoApi(repo)}/issues/${issue.number}`;
    const kind = issue.pull ? "pull" : "issues";
    const base = rebase(TEMPLATES.issue, [["Codertocat/Hello-World", `${repo.owner.login}/${repo.name}`], ...this.hosts()]);
    return {
      ...base,
      url: api,
      repository_url: this.repoApi(repo),
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `${this.repoWeb(repo)}/${kind}/${issue.number}`,
      id: issue.id,
      node_id: nodeId(issue.pull ? "PullRequest" : "Issue", issue.id),
      number: issue.number,
      title: issue.title,
      user: this.user(issue.user),
      labels: this.labels(repo, issue.labels),
      state: issue.state,
      state_reason: issue.state_reason,
      locked: false,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((a) => this.user(a)),
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: this.association(repo, issue.user),
      body: issue.body,
      ...(issue.pull
        ? {
            pull_request: {
              url: `${this.repoApi(repo)}/pulls/${issue.number}`,
              html_url: `${this.repoWeb(repo)}/pull/${issue.number}`,
              diff_url: `${this.repoWeb(repo)}/pull/${issue.number}.diff`,
              patch_url: `${this.repoWeb(repo)}/pull/${issue.number}.patch`,
              merged_at: issue.pull.merged_at,
            },
          }
        : {}),
    };
  }

  pull(repo: Repo, issue: Issue): Record<string, any> {
    const pull = requirePull(issue);
    const full = `${repo.owner.login}/${repo.name}`;
    const base = rebase(TEMPLATES.pull, [["Codertocat/Hello-World", full], ["Codertocat:", `${repo.owner.login}:`], ...this.hosts()]);
    const api = `${this.repoApi(repo)}/pulls/${issue.number}`;
    const files = this.world.pullFiles(repo, issue);
    const repoJson = this.repo(repo);
    return {
      ...base,
      url: api,
      id: issue.id,
      node_id: nodeId("PullRequest", issue.id),
      html_url: `${this.repoWeb(repo)}/pull/${issue.number}`,
      diff_url: `${this.repoWeb(repo)}/pull/${issue.number}.diff`,
      patch_url: `${this.repoWeb(repo)}/pull/${issue.number}.patch`,
      issue_url: `${this.repoApi(repo)}/issues/${issue.number}`,
      number: issue.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: this.user(issue.user),
      body: issue.body,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((a) => this.user(a)),
      requested_reviewers: pull.requested_reviewers.map((a) => this.user(a)),
      requested_teams: [],
      labels: this.labels(repo, issue.labels),
      milestone: null,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      comments_url: `${this.repoApi(repo)}/issues/${issue.number}/comments`,
      statuses_url: `${this.repoApi(repo)}/statuses/${pull.head.sha}`,
      head: { ...base.head, label: `${repo.owner.login}:${pull.head.ref}`, ref: pull.head.ref, sha: pull.head.sha, user: this.user(repo.owner), repo: repoJson },
      base: { ...base.base, label: `${repo.owner.login}:${pull.base.ref}`, ref: pull.base.ref, sha: pull.base.sha, user: this.user(repo.owner), repo: repoJson },
      author_association: this.association(repo, issue.user),
      draft: pull.draft,
      merged: pull.merged,
      mergeable: pull.merged ? null : true,
      rebaseable: pull.merged ? null : true,
      mergeable_state: pull.merged ? "unknown" : "clean",
      merged_by: pull.merged_by ? this.user(pull.merged_by) : null,
      comments: issue.comments.length,
      review_comments: 0,
      commits: 1,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    };
  }

  comment(repo: Repo, comment: Comment): Record<string, any> {
    const issue = this.world.issue(repo, comment.issueNumber) as Issue;
    const base = rebase(TEMPLATES.comment, this.hosts());
    const counts: Record<string, number> = { "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
    for (const r of comment.reactions) counts[r.content] = (counts[r.content] ?? 0) + 1;
    return {
      ...base,
      url: `${this.repoApi(repo)}/issues/comments/${comment.id}`,
      html_url: `${this.repoWeb(repo)}/${issue.pull ? "pull" : "issues"}/${issue.number}#issuecomment-${comment.id}`,
      issue_url: `${this.repoApi(repo)}/issues/${issue.number}`,
      id: comment.id,
      node_id: nodeId("IssueComment", comment.id),
      user: this.user(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: this.association(repo, comment.user),
      body: comment.body,
      reactions: {
        url: `${this.repoApi(repo)}/issues/comments/${comment.id}/reactions`,
        total_count: comment.reactions.length,
        ...counts,
      },
      performed_via_github_app: null,
    };
  }

  reaction(reaction: Reaction): Record<string, unknown> {
    return { id: reaction.id, node_id: nodeId("Reaction", reaction.id), user: this.user(reaction.user), content: reaction.content, created_at: reaction.created_at };
  }

  /** REST reports review states in capitals; webhook payloads in lower case. */
  review(repo: Repo, issue: Issue, review: Review, forWebhook = false): Record<string, unknown> {
    const base = rebase(TEMPLATES.review, [["Codertocat/Hello-World", `${repo.owner.login}/${repo.name}`], ...this.hosts()]);
    const html = `${this.repoWeb(repo)}/pull/${issue.number}#pullrequestreview-${review.id}`;
    return {
      ...base,
      id: review.id,
      node_id: nodeId("PullRequestReview", review.id),
      user: this.user(review.user),
      body: review.body || null,
      commit_id: review.commit_id,
      submitted_at: review.submitted_at,
      state: forWebhook ? review.state.toLowerCase() : review.state,
      html_url: html,
      pull_request_url: `${this.repoApi(repo)}/pulls/${issue.number}`,
      author_association: this.association(repo, review.user),
      _links: { html: { href: html }, pull_request: { href: `${this.repoApi(repo)}/pulls/${issue.number}` } },
    };
  }

  /**
   * A commit as `GET /repos/{owner}/{repo}/pulls/{pull_number}/commits` lists it: git's author and
   * committer (name, email, date) and the GitHub accounts matched to them, or null.
   * @see https://docs.github.com/en/rest/pulls/pulls#list-commits-on-a-pull-request
   */
  commit(repo: Repo, commit: Commit): Record<string, unknown> {
    const api = `${this.repoApi(repo)}/commits/${commit.sha}`;
    const person = (account: Account | null) => ({ name: account?.name ?? account?.login ?? "Someone", email: `${account?.id ?? 0}+${account?.login ?? "someone"}@users.noreply.github.com`, date: commit.date });
    return {
      url: api,
      sha: commit.sha,
      node_id: `C_${commit.sha.slice(0, 12)}`,
      html_url: `${this.repoWeb(repo)}/commit/${commit.sha}`,
      comments_url: `${api}/comments`,
      commit: {
        url: `${this.repoApi(repo)}/git/commits/${commit.sha}`,
        author: person(commit.author),
        committer: person(commit.committer),
        message: commit.message,
        tree: { url: `${this.repoApi(repo)}/git/trees/${commit.sha}`, sha: commit.sha },
        comment_count: 0,
        verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
      },
      author: commit.author ? this.user(commit.author) : null,
      committer: commit.committer ? this.user(commit.committer) : null,
      parents: commit.parent ? [{ url: `${this.repoApi(repo)}/commits/${commit.parent}`, sha: commit.parent, html_url: `${this.repoWeb(repo)}/commit/${commit.parent}` }] : [],
    };
  }

  checkRun(repo: Repo, run: CheckRun): Record<string, unknown> {
    return {
      id: run.id,
      node_id: nodeId("CheckRun", run.id),
      head_sha: run.head_sha,
      external_id: run.external_id,
      url: `${this.repoApi(repo)}/check-runs/${run.id}`,
      html_url: `${this.repoWeb(repo)}/runs/${run.id}`,
      details_url: run.details_url,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: { ...run.output, annotations_count: 0, annotations_url: `${this.repoApi(repo)}/check-runs/${run.id}/annotations` },
      name: run.name,
      check_suite: { id: run.id + 1 },
      app: { id: 1, slug: "secwg", name: "secwg", owner: this.user(repo.owner) },
      pull_requests: [],
    };
  }

  advisory(repo: Repo, a: Advisory): Record<string, unknown> {
    const api = `${this.repoApi(repo)}/security-advisories/${a.ghsa_id}`;
    return {
      ghsa_id: a.ghsa_id,
      cve_id: a.cve_id,
      url: api,
      html_url: `${this.repoWeb(repo)}/security/advisories/${a.ghsa_id}`,
      summary: a.summary,
      description: a.description,
      severity: a.severity,
      author: this.user(a.author),
      publisher: a.publisher ? this.user(a.publisher) : null,
      identifiers: [{ value: a.ghsa_id, type: "GHSA" }, ...(a.cve_id ? [{ value: a.cve_id, type: "CVE" }] : [])],
      state: a.state,
      created_at: a.created_at,
      updated_at: a.updated_at,
      published_at: a.published_at,
      closed_at: a.closed_at,
      withdrawn_at: a.withdrawn_at,
      submission: { accepted: a.state !== "triage" },
      vulnerabilities: a.vulnerabilities.map((v) => ({ ...v, vulnerable_functions: [] })),
      cvss: { vector_string: null, score: null },
      cvss_severities: { cvss_v3: { vector_string: null, score: null }, cvss_v4: { vector_string: null, score: null } },
      cwes: a.cwe_ids.map((id) => ({ cwe_id: id, name: id })),
      cwe_ids: a.cwe_ids,
      credits: a.credits,
      credits_detailed: a.credits.map((c) => ({ user: this.user(this.world.findAccount(c.login) ?? a.author), type: c.type, state: "accepted" })),
      collaborating_users: a.collaborating_users.map((u) => this.user(u)),
      collaborating_teams: [],
      private_fork: a.private_fork ? this.repo(a.private_fork) : null,
    };
  }

  team(team: Team): Record<string, unknown> {
    return {
      id: team.id,
      node_id: nodeId("Team", team.id),
      url: `${this.apiBase}/orgs/${team.org.login}/teams/${team.slug}`,
      html_url: `${this.webBase}/orgs/${team.org.login}/teams/${team.slug}`,
      name: team.name,
      slug: team.slug,
      description: null,
      privacy: "closed",
      notification_setting: "notifications_enabled",
      permission: "pull",
      members_url: `${this.apiBase}/orgs/${team.org.login}/teams/${team.slug}/members{/member}`,
      repositories_url: `${this.apiBase}/orgs/${team.org.login}/teams/${team.slug}/repos`,
      parent: null,
    };
  }

  private association(repo: Repo, user: Account): string {
    if (user.id === repo.owner.id) return "OWNER";
    if (repo.collaborators.has(user.id)) return "COLLABORATOR";
    if (this.world.teams.some((t) => t.org.id === repo.owner.id && t.members.has(user.id))) return "MEMBER";
    return "CONTRIBUTOR";
  }
}
