import type { ProbotOctokit } from "probot";
import { ConfigError, GitHubError } from "../errors.js";
import { CONFIG_PATH } from "../config/schema.js";
import type {
  CheckRunSpec,
  EnsureOutcome,
  Gateway,
  IssueComment,
  IssueRef,
  IssueSpec,
  PullFile,
  RawConfig,
  RepoRef,
  RepositoryInfo,
} from "./gateway.js";

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
  constructor(readonly octokit: Octokit) {}

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
}
