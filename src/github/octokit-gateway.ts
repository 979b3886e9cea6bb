import type { ProbotOctokit } from "probot";
import { ConfigError, GitHubError } from "../errors.js";
import { NO_MEMO, type ReadMemo } from "./delivery-reads.js";
import { CONFIG_PATH } from "../config/schema.js";
import type {
  CheckRunSeen,
  CheckRunSpec,
  Conditional,
  EnsureOutcome,
  FileProposal,
  Gateway,
  IssueComment,
  IssueRef,
  IssueSpec,
  LabelledIssue,
  OpenPull,
  PullFile,
  PullReview,
  PullSnapshot,
  PullState,
  RawConfig,
  ReactionRef,
  RepoRef,
  ReportIssue,
  RepositoryInfo,
  UserRef,
} from "./gateway.js";
import { wasNotModified } from "./conditional-requests.js";
import { toPullSnapshot, type GitHubPull } from "./pull-snapshot.js";
import type { Advisory } from "../core/reports/advisory.js";
import type { AdvisoryPatch } from "../core/reports/command-plan.js";
import { secrets } from "../logger.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** GitHub returns at most this many files for a pull request. */
export const PULL_FILES_CAP = 3000;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Rethrows a failed call as a `GitHubError` that keeps the status and route but not the request
 * (Octokit's errors carry the request body, which may hold private text).
 */
export async function callGitHub<T>(route: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined) throw error;
    const message = error instanceof Error ? error.message.split(" - ")[0] ?? "" : "";
    throw new GitHubError(status, route, message.slice(0, 200));
  }
}

function toComment(c: {
  id: number;
  body?: string | null;
  user: { id: number; login: string; type?: string } | null;
  html_url: string;
  created_at: string;
  updated_at: string;
}): IssueComment {
  return {
    id: c.id,
    body: c.body ?? "",
    user: c.user ? { id: c.user.id, login: c.user.login, type: c.user.type } : null,
    html_url: c.html_url,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

/** The `Gateway` over a Probot-authenticated Octokit (an installation token). */
export class OctokitGateway implements Gateway {
  constructor(
    readonly octokit: Octokit,
    /** Shares reads between the handlers of one delivery (see `DeliveryReads`). */
    private readonly reads: ReadMemo = NO_MEMO,
  ) {}

  // --- repository and contents ---

  /** @see https://docs.github.com/en/rest/repos/repos#get-a-repository */
  async getRepository(repo: RepoRef): Promise<RepositoryInfo> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}", () => this.octokit.rest.repos.get({ ...repo }));
    return { owner: repo.owner, repo: repo.repo, private: data.private, default_branch: data.default_branch, html_url: data.html_url };
  }

  /** @see https://docs.github.com/en/rest/repos/contents#get-repository-content (raw media type) */
  async readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        ...repo,
        path,
        ...(ref ? { ref } : {}),
        mediaType: { format: "raw" },
      });
      return typeof data === "string" ? data : null;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      return callGitHub("GET /repos/{owner}/{repo}/contents/{path}", () => Promise.reject(error));
    }
  }

  /**
   * Reads `.github/secwg.yml` the way Probot's `context.config` does: default branch only, falling
   * back to the org's `.github` repository, following `_extends`.
   * @see https://probot.github.io/docs/configuration/
   */
  async readConfig(repo: RepoRef): Promise<RawConfig> {
    return this.reads.memo(`config:${repo.owner}/${repo.repo}`, () => this.fetchConfig(repo));
  }

  private async fetchConfig(repo: RepoRef): Promise<RawConfig> {
    try {
      const { config, files } = await this.octokit.config.get({ ...repo, path: CONFIG_PATH });
      const found = files.filter((f) => f.config !== null);
      return {
        config: found.length === 0 ? null : config,
        files: found.map((f) => `${f.owner}/${f.repo}:${f.path}`),
      };
    } catch (error) {
      if (statusOf(error) !== undefined) return callGitHub("GET /repos/{owner}/{repo}/contents/{path}", () => Promise.reject(error));
      // The config plugin throws plain errors for unparsable YAML or a non-object document.
      const reason = error instanceof Error ? error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") : String(error);
      throw new ConfigError(`${repo.owner}/${repo.repo}:${CONFIG_PATH}`, [{ path: "", message: reason }]);
    }
  }

  // --- issues and comments ---

  /**
   * Finds secwg's own comment by marker. Only comments by a bot count, so a user who pastes the
   * marker into their own comment cannot redirect secwg's writes.
   * @see https://docs.github.com/en/rest/issues/comments#list-issue-comments
   */
  async findComment(issue: IssueRef, marker: string): Promise<IssueComment | null> {
    const iterator = this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, { ...issue, per_page: 100 });
    return callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", async () => {
      for await (const page of iterator) {
        const found = page.data.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker));
        if (found) return toComment(found);
      }
      return null;
    });
  }

  /** @see https://docs.github.com/en/rest/issues/comments#update-an-issue-comment */
  async ensureComment(issue: IssueRef, marker: string, body: string): Promise<{ outcome: EnsureOutcome; comment: IssueComment }> {
    const full = body.includes(marker) ? body : `${marker}\n${body}`;
    const existing = await this.findComment(issue, marker);
    if (existing) {
      if (existing.body === full) return { outcome: "unchanged", comment: existing };
      const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
        this.octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing.id, body: full }),
      );
      return { outcome: "updated", comment: toComment(data) };
    }
    return { outcome: "created", comment: await this.createComment(issue, full) };
  }

  /** @see https://docs.github.com/en/rest/issues/comments#create-an-issue-comment */
  async createComment(issue: IssueRef, body: string): Promise<IssueComment> {
    const { data } = await callGitHub("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
      this.octokit.rest.issues.createComment({ ...issue, body }),
    );
    return toComment(data);
  }

  /** @see https://docs.github.com/en/rest/issues/comments#delete-an-issue-comment */
  async deleteComment(issue: IssueRef, commentId: number): Promise<void> {
    try {
      await callGitHub("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
        this.octokit.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId }),
      );
    } catch (error) {
      if (!(error instanceof GitHubError) || error.status !== 404) throw error;
    }
  }

  /**
   * Adding a label that does not exist creates it; removing an absent label answers 404, which is
   * the state we wanted anyway.
   * @see https://docs.github.com/en/rest/issues/labels#add-labels-to-an-issue
   */
  async ensureLabels(issue: IssueRef, change: { add?: string[]; remove?: string[]; current?: string[] }): Promise<EnsureOutcome> {
    const current = new Set(change.current ?? (await this.listLabels(issue)));
    const add = (change.add ?? []).filter((l) => !current.has(l));
    const remove = (change.remove ?? []).filter((l) => current.has(l) && !(change.add ?? []).includes(l));
    if (add.length > 0) {
      await callGitHub("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
        this.octokit.rest.issues.addLabels({ ...issue, labels: add }),
      );
    }
    for (const name of remove) {
      try {
        await this.octokit.rest.issues.removeLabel({ ...issue, name });
      } catch (error) {
        if (statusOf(error) !== 404) {
          await callGitHub("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", () => Promise.reject(error));
        }
      }
    }
    return add.length + remove.length > 0 ? "updated" : "unchanged";
  }

  private async listLabels(issue: IssueRef): Promise<string[]> {
    const labels = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
      this.octokit.paginate(this.octokit.rest.issues.listLabelsOnIssue, { ...issue, per_page: 100 }),
    );
    return labels.map((l) => l.name);
  }

  /**
   * Finds the issue carrying `marker` (narrowed by label when given, so a busy repository is not
   * listed in full), updates what differs, or creates it.
   * @see https://docs.github.com/en/rest/issues/issues#list-repository-issues
   */
  async ensureIssue(
    repo: RepoRef,
    marker: string,
    spec: IssueSpec,
    options: { findByLabel?: string } = {},
  ): Promise<{ outcome: EnsureOutcome; number: number; html_url: string }> {
    const body = spec.body.includes(marker) ? spec.body : `${marker}\n${spec.body}`;
    const existing = await callGitHub("GET /repos/{owner}/{repo}/issues", async () => {
      const iterator = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
        ...repo,
        state: "all",
        per_page: 100,
        ...(options.findByLabel ? { labels: options.findByLabel } : {}),
      });
      for await (const page of iterator) {
        const found = page.data.find((i) => !i.pull_request && (i.body ?? "").includes(marker));
        if (found) return found;
      }
      return null;
    });
    if (existing) {
      const currentLabels = existing.labels.map((l) => (typeof l === "string" ? l : l.name ?? ""));
      const missingLabels = (spec.labels ?? []).filter((l) => !currentLabels.includes(l));
      const currentAssignees = (existing.assignees ?? []).map((a) => a.login).sort();
      const assigneesDiffer = spec.assignees !== undefined && spec.assignees.slice().sort().join(",") !== currentAssignees.join(",");
      const stateDiffers = spec.state !== undefined && spec.state !== existing.state;
      if (existing.title === spec.title && (existing.body ?? "") === body && missingLabels.length === 0 && !assigneesDiffer && !stateDiffers) {
        return { outcome: "unchanged", number: existing.number, html_url: existing.html_url };
      }
      await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
        this.octokit.rest.issues.update({
          ...repo,
          issue_number: existing.number,
          title: spec.title,
          body,
          ...(missingLabels.length > 0 ? { labels: [...currentLabels, ...missingLabels] } : {}),
          ...(assigneesDiffer ? { assignees: spec.assignees } : {}),
          ...(stateDiffers ? { state: spec.state, ...(spec.state_reason ? { state_reason: spec.state_reason } : {}) } : {}),
        }),
      );
      return { outcome: "updated", number: existing.number, html_url: existing.html_url };
    }
    const { data } = await callGitHub("POST /repos/{owner}/{repo}/issues", () =>
      this.octokit.rest.issues.create({
        ...repo,
        title: spec.title,
        body,
        ...(spec.labels ? { labels: spec.labels } : {}),
        ...(spec.assignees ? { assignees: spec.assignees } : {}),
      }),
    );
    if (spec.state === "closed") {
      await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
        this.octokit.rest.issues.update({ ...repo, issue_number: data.number, state: "closed", ...(spec.state_reason ? { state_reason: spec.state_reason } : {}) }),
      );
    }
    return { outcome: "created", number: data.number, html_url: data.html_url };
  }

  // --- checks ---

  /**
   * Finds secwg's run for this commit by `external_id`, and updates it only when something shown
   * differs. A completed run is not reopened (GitHub keeps its conclusion): a new run replaces it.
   * @see https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
   * @see https://docs.github.com/en/rest/checks/runs#update-a-check-run
   */
  async ensureCheckRun(repo: RepoRef, spec: CheckRunSpec): Promise<EnsureOutcome> {
    const runs = await callGitHub("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", () =>
      this.octokit.paginate(this.octokit.rest.checks.listForRef, {
        ...repo,
        ref: spec.head_sha,
        check_name: spec.name,
        filter: "latest",
        per_page: 100,
      }),
    );
    const existing = runs
      .filter((r) => r.external_id === spec.external_id)
      .sort((a, b) => (b.started_at ?? "").localeCompare(a.started_at ?? "") || b.id - a.id)[0];
    const output = { title: spec.title, summary: spec.summary, ...(spec.text !== undefined ? { text: spec.text } : {}) };
    const fields = {
      status: spec.status,
      ...(spec.status === "completed" ? { conclusion: spec.conclusion } : {}),
      ...(spec.details_url ? { details_url: spec.details_url } : {}),
      output,
    };
    if (existing) {
      const same =
        existing.status === spec.status &&
        (spec.status !== "completed" || existing.conclusion === spec.conclusion) &&
        existing.output.title === spec.title &&
        existing.output.summary === spec.summary &&
        (spec.text === undefined || existing.output.text === spec.text);
      if (same) return "unchanged";
      if (!(existing.status === "completed" && spec.status !== "completed")) {
        await callGitHub("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", () =>
          this.octokit.rest.checks.update({ ...repo, check_run_id: existing.id, ...fields }),
        );
        return "updated";
      }
    }
    await callGitHub("POST /repos/{owner}/{repo}/check-runs", () =>
      this.octokit.rest.checks.create({ ...repo, name: spec.name, head_sha: spec.head_sha, external_id: spec.external_id, ...fields }),
    );
    return existing ? "updated" : "created";
  }

  // --- pull requests ---

  /** @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files (at most 3,000 files) */
  async listPullFiles(pr: IssueRef): Promise<{ files: PullFile[]; capped: boolean }> {
    return this.reads.memo(`files:${pr.owner}/${pr.repo}#${pr.issue_number}`, () => this.fetchPullFiles(pr));
  }

  private async fetchPullFiles(pr: IssueRef): Promise<{ files: PullFile[]; capped: boolean }> {
    const files = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", () =>
      this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.issue_number,
        per_page: 100,
      }),
    );
    return {
      files: files.map((f) => ({
        filename: f.filename,
        status: f.status,
        additions: f.additions,
        deletions: f.deletions,
        changes: f.changes,
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
        ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      })),
      capped: files.length >= PULL_FILES_CAP,
    };
  }

  // --- pull requests: review ---

  /** @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request */
  async getPull(pr: IssueRef): Promise<PullSnapshot> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}", () =>
      this.octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number }),
    );
    return toPullSnapshot(data as GitHubPull);
  }

  /**
   * Reviews in chronological order; each carries the `commit_id` it was submitted on, which is how
   * an approval is tied to one head commit.
   * @see https://docs.github.com/en/rest/pulls/reviews#list-reviews-for-a-pull-request
   */
  async listReviews(pr: IssueRef): Promise<PullReview[]> {
    const reviews = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", () =>
      this.octokit.paginate(this.octokit.rest.pulls.listReviews, { owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, per_page: 100 }),
    );
    return reviews.map((r) => ({
      id: r.id,
      user: r.user ? { id: r.user.id, login: r.user.login, type: r.user.type } : null,
      state: r.state,
      commit_id: r.commit_id ?? null,
      submitted_at: r.submitted_at ?? null,
    }));
  }

  /**
   * Notifies the reviewers (a notification-triggering write: Probot spaces these 3 s apart).
   * @see https://docs.github.com/en/rest/pulls/review-requests#request-reviewers-for-a-pull-request
   */
  async requestReviewers(pr: IssueRef, logins: string[]): Promise<void> {
    if (logins.length === 0) return;
    await callGitHub("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", () =>
      this.octokit.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, reviewers: logins }),
    );
  }

  /**
   * Needs the organization permission `members: read`.
   * @see https://docs.github.com/en/rest/teams/members#list-team-members
   */
  async listTeamMembers(org: string, slug: string): Promise<UserRef[]> {
    const members = await callGitHub("GET /orgs/{org}/teams/{team_slug}/members", () =>
      this.octokit.paginate(this.octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 }),
    );
    return members.map((m) => ({ id: m.id, login: m.login, type: m.type }));
  }

  /** @see https://docs.github.com/en/rest/users/users#get-a-user-using-their-id */
  async getUserLogin(id: number): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.users.getById({ account_id: id });
      return data.login;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      return callGitHub("GET /user/{account_id}", () => Promise.reject(error));
    }
  }

  /**
   * `total_count` of one search; nothing else of the result is read (`per_page: 1`). The search API
   * has its own limit (30 requests per minute per installation), so callers query only the
   * candidates they must choose between.
   * @see https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests
   * @see https://docs.github.com/en/search-github/searching-on-github/searching-issues-and-pull-requests
   */
  async countOpenReviewRequests(query: { owner: string; ownerIsOrg: boolean; login: string; label: string }): Promise<number> {
    const label = query.label.replace(/"/g, "");
    const q = `is:pr is:open review-requested:${query.login} label:"${label}" ${query.ownerIsOrg ? "org" : "user"}:${query.owner}`;
    const { data } = await callGitHub("GET /search/issues", () => this.octokit.rest.search.issuesAndPullRequests({ q, per_page: 1 }));
    return data.total_count;
  }

  // --- votes and membership ---

  /**
   * GETs every page of a list. Every GET is conditional (see `conditional-requests.ts`), so a page
   * that did not change is answered 304 and costs no primary rate limit; `notModified` is true when
   * every page was.
   * @see https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
   */
  private async conditionalPages<T>(
    route: string,
    params: Record<string, unknown>,
    pick: (data: unknown) => unknown[] = (data) => data as unknown[],
    maxPages = 100,
  ): Promise<Conditional<T[]>> {
    const request = this.octokit.request as unknown as (
      route: string,
      params: Record<string, unknown>,
    ) => Promise<{ data: unknown; headers: Record<string, unknown> }>;
    const items: T[] = [];
    let notModified = true;
    for (let page = 1; page <= maxPages; page++) {
      const response = await callGitHub(route, () => request(route, { ...params, per_page: 100, page }));
      if (!wasNotModified(response)) notModified = false;
      items.push(...(pick(response.data) as T[]));
      if (!/rel="next"/.test(String(response.headers.link ?? ""))) break;
    }
    return { data: items, notModified };
  }

  /**
   * No webhook fires for reactions, so votes are counted by listing them; 100 per page, every page.
   * @see https://docs.github.com/en/rest/reactions/reactions#list-reactions-for-an-issue-comment
   */
  async listReactionsForIssueComment(repo: RepoRef, commentId: number): Promise<Conditional<ReactionRef[]>> {
    const result = await this.conditionalPages<{ user: { id: number; login: string } | null; content: string }>(
      "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      { owner: repo.owner, repo: repo.repo, comment_id: commentId },
    );
    return {
      notModified: result.notModified,
      data: result.data.map((r) => ({ user: r.user ? { id: r.user.id, login: r.user.login } : null, content: r.content })),
    };
  }

  /**
   * Only bot comments count (see `findComment`).
   * @see https://docs.github.com/en/rest/issues/comments#list-issue-comments
   */
  async findCommentConditionally(issue: IssueRef, marker: string): Promise<Conditional<IssueComment | null>> {
    type Raw = Parameters<typeof toComment>[0] & { user: { id: number; login: string; type?: string } | null };
    const result = await this.conditionalPages<Raw>("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...issue });
    const found = result.data.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker));
    return { notModified: result.notModified, data: found ? toComment(found) : null };
  }

  /** @see https://docs.github.com/en/rest/issues/issues#list-repository-issues */
  async listOpenWithLabel(repo: RepoRef, label: string): Promise<Conditional<LabelledIssue[]>> {
    const result = await this.conditionalPages<{ number: number; pull_request?: unknown; labels: Array<string | { name?: string }> }>(
      "GET /repos/{owner}/{repo}/issues",
      { ...repo, state: "open", labels: label },
    );
    return {
      notModified: result.notModified,
      data: result.data.map((i) => ({
        number: i.number,
        isPull: i.pull_request !== undefined && i.pull_request !== null,
        labels: i.labels.map((l) => (typeof l === "string" ? l : l.name ?? "")),
      })),
    };
  }

  /** @see https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation */
  async listInstallationRepos(): Promise<RepoRef[]> {
    const { data } = await this.conditionalPages<{ name: string; owner: { login: string } }>(
      "GET /installation/repositories",
      {},
      (page) => (page as { repositories: unknown[] }).repositories,
    );
    return data.map((r) => ({ owner: r.owner.login, repo: r.name }));
  }

  /** @see https://docs.github.com/en/rest/issues/comments#update-an-issue-comment */
  async updateComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment> {
    const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
      this.octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body }),
    );
    return toComment(data);
  }

  /** @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request */
  async getPullState(pr: IssueRef): Promise<PullState> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}/pulls/{pull_number}", () =>
      this.octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number }),
    );
    return {
      number: data.number,
      state: data.state === "closed" ? "closed" : "open",
      merged: data.merged,
      author: { id: data.user.id, login: data.user.login, type: data.user.type },
      body: data.body ?? "",
      created_at: data.created_at,
      labels: data.labels.map((l) => l.name),
      head: { sha: data.head.sha, ref: data.head.ref, repo: data.head.repo?.full_name ?? null },
      base: { sha: data.base.sha, ref: data.base.ref },
    };
  }

  /** @see https://docs.github.com/en/rest/repos/contents#get-repository-content */
  async readFileWithSha(repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...repo, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      return callGitHub("GET /repos/{owner}/{repo}/contents/{path}", () => Promise.reject(error));
    }
  }

  /**
   * Needs `contents: write`. GitHub refuses (409) when `sha` is no longer the file's blob, so a
   * concurrent push is never overwritten.
   * @see https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
   */
  async createOrUpdateFile(repo: RepoRef, file: { path: string; branch: string; message: string; content: string; sha: string }): Promise<string> {
    const { data } = await callGitHub("PUT /repos/{owner}/{repo}/contents/{path}", () =>
      this.octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: file.path,
        branch: file.branch,
        message: file.message,
        sha: file.sha,
        content: Buffer.from(file.content, "utf8").toString("base64"),
      }),
    );
    return data.commit.sha ?? "";
  }

  /**
   * Needs `contents: write`; `sha` makes GitHub refuse (409) if the head moved since it was checked.
   * @see https://docs.github.com/en/rest/pulls/pulls#merge-a-pull-request
   */
  async mergePull(pr: IssueRef, options: { sha: string; merge_method: "merge" | "squash" | "rebase"; commit_title: string }): Promise<void> {
    await callGitHub("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", () =>
      this.octokit.rest.pulls.merge({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, ...options }),
    );
  }

  /** @see https://docs.github.com/en/rest/pulls/pulls#update-a-pull-request */
  async closePull(pr: IssueRef): Promise<void> {
    await callGitHub("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", () =>
      this.octokit.rest.pulls.update({ owner: pr.owner, repo: pr.repo, pull_number: pr.issue_number, state: "closed" }),
    );
  }

  /**
   * Needs the organization permission `members: write`. Idempotent on GitHub's side.
   * @see https://docs.github.com/en/rest/teams/members#add-or-update-team-membership-for-a-user
   */
  async addTeamMember(org: string, slug: string, username: string): Promise<void> {
    await callGitHub("PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", () =>
      this.octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: slug, username, role: "member" }),
    );
  }

  // --- sweep: review reconciliation ---

  /**
   * Newest activity first, so the bound keeps the pull requests most likely to have missed an
   * event. Conditional: an unchanged list is a 304 and costs no primary rate limit.
   * @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
   */
  async listOpenPulls(repo: RepoRef, max: number): Promise<Conditional<OpenPull[]>> {
    type Raw = GitHubPull & { base: { repo: { html_url: string; owner: { type?: string } } } };
    const result = await this.conditionalPages<Raw>(
      "GET /repos/{owner}/{repo}/pulls",
      { ...repo, state: "open", sort: "updated", direction: "desc" },
      undefined,
      Math.max(1, Math.ceil(max / 100)),
    );
    return {
      notModified: result.notModified,
      data: result.data.slice(0, max).map((p) => {
        const { number, headSha, title, body, labels, draft } = toPullSnapshot(p);
        return { number, headSha, title, body, labels, draft, repoUrl: p.base.repo.html_url, ownerIsOrg: p.base.repo.owner.type === "Organization" };
      }),
    };
  }

  /**
   * One page (a commit rarely has 100 runs of one name); conditional, so a commit that was already
   * checked costs no primary rate limit.
   * @see https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
   */
  async findCheckRun(repo: RepoRef, sha: string, name: string, externalId: string): Promise<CheckRunSeen | null> {
    type Raw = { id: number; external_id: string | null; status: string; conclusion: string | null; output: { summary: string | null } };
    const { data } = await this.conditionalPages<Raw>(
      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
      { ...repo, ref: sha, check_name: name, filter: "latest" },
      (page) => (page as { check_runs: unknown[] }).check_runs,
      1,
    );
    const run = data.filter((r) => r.external_id === externalId).sort((a, b) => b.id - a.id)[0];
    return run ? { status: run.status, conclusion: run.conclusion, summary: run.output.summary } : null;
  }

  // --- security advisories ---

  /**
   * Registers the advisory's private text with the log scrubber before anything else can see it.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#get-a-repository-security-advisory
   */
  async getAdvisory(repo: RepoRef, ghsaId: string): Promise<Advisory> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}", () =>
      this.octokit.rest.securityAdvisories.getRepositoryAdvisory({ ...repo, ghsa_id: ghsaId }),
    );
    return toAdvisory(data, repo);
  }

  /**
   * Cursor-paginated (`after`); `octokit.paginate` follows the Link header.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#list-repository-security-advisories
   */
  async listRepoAdvisories(repo: RepoRef, state: "triage" | "draft"): Promise<Advisory[]> {
    const data = await callGitHub("GET /repos/{owner}/{repo}/security-advisories", () =>
      this.octokit.paginate(this.octokit.rest.securityAdvisories.listRepositoryAdvisories, { ...repo, state, per_page: 100 }),
    );
    return data.map((a) => toAdvisory(a, repo));
  }

  /** @see https://docs.github.com/en/rest/security-advisories/repository-advisories#list-repository-security-advisories-for-an-organization */
  async listOrgAdvisories(org: string, state: "triage" | "draft"): Promise<Advisory[]> {
    const data = await callGitHub("GET /orgs/{org}/security-advisories", () =>
      this.octokit.paginate(this.octokit.rest.securityAdvisories.listOrgRepositoryAdvisories, { org, state, per_page: 100 }),
    );
    return data.map((a) => toAdvisory(a, repoOfAdvisoryUrl(a.html_url) ?? { owner: org, repo: "" }));
  }

  /**
   * Only the fields in `patch` are sent; secwg never sends summary, description or versions.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#update-a-repository-security-advisory
   */
  async updateAdvisory(repo: RepoRef, ghsaId: string, patch: AdvisoryPatch & { collaborating_users?: string[] }): Promise<Advisory> {
    const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}", () =>
      this.octokit.rest.securityAdvisories.updateRepositoryAdvisory({
        ...repo,
        ghsa_id: ghsaId,
        ...withoutCredits(patch),
        ...(patch.credits ? { credits: patch.credits.map((c) => ({ login: c.login, type: c.type as CreditType })) } : {}),
      }),
    );
    return toAdvisory(data, repo);
  }

  /**
   * GitHub grants CVE requests only for advisories of public repositories.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#request-a-cve-for-a-repository-security-advisory
   */
  async requestAdvisoryCve(repo: RepoRef, ghsaId: string): Promise<void> {
    await callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/cve", () =>
      this.octokit.rest.securityAdvisories.createRepositoryAdvisoryCveRequest({ ...repo, ghsa_id: ghsaId }),
    );
  }

  /**
   * Forking is asynchronous on GitHub's side; the URL is known at once.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories#create-a-temporary-private-fork
   */
  async createAdvisoryFork(repo: RepoRef, ghsaId: string): Promise<{ html_url: string }> {
    const { data } = await callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/forks", () =>
      this.octokit.rest.securityAdvisories.createFork({ ...repo, ghsa_id: ghsaId }),
    );
    return { html_url: data.html_url };
  }

  /**
   * Advisory comments are a public-preview API that `@octokit/rest` does not describe, so the call
   * goes through `octokit.request`, behind `reports.advisoryComments`. A 404 means the preview is
   * not available to this installation: the caller falls back to asking a person.
   * @see https://docs.github.com/en/rest/security-advisories/repository-advisories
   */
  async createAdvisoryComment(repo: RepoRef, ghsaId: string, body: string): Promise<"created" | "unavailable"> {
    try {
      await this.octokit.request("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments", { ...repo, ghsa_id: ghsaId, body });
      return "created";
    } catch (error) {
      if (statusOf(error) === 404) return "unavailable";
      return callGitHub("POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments", () => Promise.reject(error));
    }
  }

  /** @see https://docs.github.com/en/rest/issues/comments#list-issue-comments */
  async listAllComments(issue: IssueRef): Promise<IssueComment[]> {
    const comments = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, { ...issue, per_page: 100 }),
    );
    return comments.map(toComment);
  }

  /** @see https://docs.github.com/en/rest/issues/issues#list-repository-issues */
  async listReportIssues(repo: RepoRef, label: string, state: "open" | "all"): Promise<ReportIssue[]> {
    const issues = await callGitHub("GET /repos/{owner}/{repo}/issues", () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...repo, labels: label, state, per_page: 100 }),
    );
    return issues
      .filter((i) => !i.pull_request)
      .map((i) => ({
        number: i.number,
        state: i.state === "closed" ? ("closed" as const) : ("open" as const),
        body: i.body ?? "",
        assignees: (i.assignees ?? []).map((a) => ({ id: a.id, login: a.login, type: a.type })),
      }));
  }

  /** @see https://docs.github.com/en/rest/issues/issues#update-an-issue */
  async ensureIssueClosed(issue: IssueRef, reason: "completed" | "not_planned"): Promise<EnsureOutcome> {
    const { data } = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}", () => this.octokit.rest.issues.get({ ...issue }));
    if (data.state === "closed") return "unchanged";
    await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
      this.octokit.rest.issues.update({ ...issue, state: "closed", state_reason: reason }),
    );
    return "updated";
  }

  /**
   * @see https://docs.github.com/en/rest/git/refs#create-a-reference
   * @see https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
   * @see https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request
   */
  async proposeFile(repo: RepoRef, proposal: FileProposal): Promise<{ outcome: EnsureOutcome; pull: number | null }> {
    const { default_branch: base } = await this.getRepository(repo);
    const merged = await this.readFileWithSha(repo, proposal.path, base);
    if (merged?.text === proposal.content) return { outcome: "unchanged", pull: null };

    let outcome: EnsureOutcome = "unchanged";
    const branchExists = await this.refExists(repo, `heads/${proposal.branch}`);
    if (!branchExists) {
      const { data: baseRef } = await callGitHub("GET /repos/{owner}/{repo}/git/ref/{ref}", () =>
        this.octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` }),
      );
      await callGitHub("POST /repos/{owner}/{repo}/git/refs", () =>
        this.octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${proposal.branch}`, sha: baseRef.object.sha }),
      );
      outcome = "created";
    }
    const onBranch = branchExists ? await this.readFileWithSha(repo, proposal.path, proposal.branch) : merged;
    if (onBranch?.text !== proposal.content) {
      await callGitHub("PUT /repos/{owner}/{repo}/contents/{path}", () =>
        this.octokit.rest.repos.createOrUpdateFileContents({
          ...repo,
          path: proposal.path,
          branch: proposal.branch,
          message: proposal.commitMessage,
          content: Buffer.from(proposal.content, "utf8").toString("base64"),
          ...(onBranch ? { sha: onBranch.sha } : {}),
        }),
      );
      if (outcome === "unchanged") outcome = "updated";
    }
    const existing = await this.findOpenPullFrom(repo, proposal.branch);
    if (existing !== null) return { outcome, pull: existing };
    try {
      const { data: pull } = await callGitHub("POST /repos/{owner}/{repo}/pulls", () =>
        this.octokit.rest.pulls.create({ ...repo, head: proposal.branch, base, title: proposal.title, body: proposal.body }),
      );
      return { outcome: "created", pull: pull.number };
    } catch (error) {
      // Two replicas (or the sweep and the `published` webhook) raced: GitHub refuses the second
      // pull request for the same branch with 422, and the first one is the one we wanted.
      if (!(error instanceof GitHubError) || error.status !== 422) throw error;
      const raced = await this.findOpenPullFrom(repo, proposal.branch);
      if (raced === null) throw error;
      return { outcome, pull: raced };
    }
  }

  /** @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests (`head` filters by `user:ref`) */
  private async findOpenPullFrom(repo: RepoRef, branch: string): Promise<number | null> {
    const { data: open } = await callGitHub("GET /repos/{owner}/{repo}/pulls", () =>
      this.octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 10 }),
    );
    return open.find((p) => p.head.ref === branch)?.number ?? null;
  }

  private async refExists(repo: RepoRef, ref: string): Promise<boolean> {
    try {
      await this.octokit.rest.git.getRef({ ...repo, ref });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      return callGitHub("GET /repos/{owner}/{repo}/git/ref/{ref}", () => Promise.reject(error));
    }
  }
}

function withoutCredits<T extends { credits?: unknown }>(patch: T): Omit<T, "credits"> {
  const { credits: _credits, ...rest } = patch;
  return rest;
}

type CreditType = "analyst" | "finder" | "reporter" | "coordinator" | "remediation_developer" | "remediation_reviewer" | "remediation_verifier" | "tool" | "sponsor" | "other";

interface AdvisoryData {
  ghsa_id: string;
  html_url: string;
  state: string;
  summary: string;
  description: string | null;
  severity: string | null;
  cve_id: string | null;
  cvss?: { vector_string: string | null } | null;
  cwe_ids?: string[] | null;
  credits?: { login?: string; type?: string }[] | null;
  collaborating_users?: { id: number; login: string }[] | null;
  vulnerabilities?: { package: { ecosystem: string; name: string | null } | null; vulnerable_version_range: string | null; patched_versions: string | null }[] | null;
  created_at: string | null;
  published_at: string | null;
  private_fork?: { html_url: string } | null;
}

/** `https://github.com/OWNER/REPO/security/advisories/GHSA-…` → the repository. */
function repoOfAdvisoryUrl(url: string): RepoRef | null {
  const match = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/security\/advisories\//.exec(url);
  return match ? { owner: match[1] as string, repo: match[2] as string } : null;
}

/** Maps GitHub's advisory to secwg's, registering its private text with the log scrubber first. */
export function toAdvisory(data: AdvisoryData, repo: RepoRef): Advisory {
  secrets.register(data.summary);
  secrets.register(data.description);
  for (const v of data.vulnerabilities ?? []) {
    secrets.register(v.vulnerable_version_range);
    secrets.register(v.patched_versions);
  }
  return {
    ghsaId: data.ghsa_id,
    owner: repo.owner,
    repo: repo.repo,
    htmlUrl: data.html_url,
    state: data.state as Advisory["state"],
    summary: data.summary,
    description: data.description,
    severity: (data.severity ?? null) as Advisory["severity"],
    cvssVector: data.cvss?.vector_string ?? null,
    cveId: data.cve_id,
    cweIds: data.cwe_ids ?? [],
    credits: (data.credits ?? []).filter((c) => c.login && c.type).map((c) => ({ login: c.login as string, type: c.type as string })),
    collaboratingUsers: (data.collaborating_users ?? []).map((u) => ({ id: u.id, login: u.login })),
    vulnerabilities: (data.vulnerabilities ?? []).map((v) => ({
      ecosystem: v.package?.ecosystem ?? "other",
      name: v.package?.name ?? null,
      vulnerableVersionRange: v.vulnerable_version_range,
      patchedVersions: v.patched_versions,
    })),
    createdAt: data.created_at,
    publishedAt: data.published_at,
    privateForkUrl: data.private_fork?.html_url ?? null,
  };
}
