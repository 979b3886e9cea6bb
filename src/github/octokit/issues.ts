import type { Conditional, EnsureOutcome, IssueRef, IssueSpec, LabelledIssue, RepoRef, ReportIssue } from "../gateway.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { callGitHub, statusOf } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, type Octokit, issueParams, repoParams } from "./context.js";

/**
 * Finds the issue carrying `marker` (narrowed by label when given, so a busy repository is not
 * listed in full), updates what differs, or creates it.
 * @see https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
export async function ensureIssue(
  { octokit, self }: GitHubContext,
  repo: RepoRef,
  marker: string,
  spec: IssueSpec,
  options: { findByLabel?: string } = {},
): Promise<{ outcome: EnsureOutcome; number: number; html_url: string }> {
  const body = firstLine(spec.body) === marker ? spec.body : `${marker}\n${spec.body}`;
  const me = await self();
  const existing = await oldestWithMarker(octokit, me, repo, marker, options.findByLabel);
  if (existing) return updateIfDifferent(octokit, repo, existing, spec, body);
  const { data } = await callGitHub("POST /repos/{owner}/{repo}/issues", () =>
    octokit.rest.issues.create({
      ...repoParams(repo),
      title: spec.title,
      body,
      ...(spec.labels ? { labels: spec.labels } : {}),
      ...(spec.assignees ? { assignees: spec.assignees } : {}),
    }),
  );
  // Two runs (the webhook and the sweep taking in the same report, two replicas) can both find
  // nothing and both create. The issue created second gives way: closed, its marker and labels
  // removed so nothing finds it again, pointing at the first.
  const first = await oldestWithMarker(octokit, me, repo, marker, options.findByLabel);
  if (first && first.number !== data.number) {
    await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
      octokit.rest.issues.update({
        ...repoParams(repo),
        issue_number: data.number,
        title: `Duplicate of #${first.number}`,
        body: `Duplicate of #${first.number}: two secwg runs opened this at the same moment.`,
        labels: [],
        state: "closed",
        state_reason: "not_planned",
      }),
    );
    return { outcome: "unchanged", number: first.number, html_url: first.html_url };
  }
  if (spec.state === "closed") {
    await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
      octokit.rest.issues.update({ ...repoParams(repo), issue_number: data.number, state: "closed", ...(spec.state_reason ? { state_reason: spec.state_reason } : {}) }),
    );
  }
  return { outcome: "created", number: data.number, html_url: data.html_url };
}

/** The found issue brought up to `spec` (missing labels added, never removed), or left as it is. */
async function updateIfDifferent(
  octokit: Octokit,
  repo: RepoRef,
  existing: MarkedIssue,
  spec: IssueSpec,
  body: string,
): Promise<{ outcome: EnsureOutcome; number: number; html_url: string }> {
  const currentLabels = existing.labels.map((l) => (typeof l === "string" ? l : l.name ?? ""));
  const missingLabels = (spec.labels ?? []).filter((l) => !currentLabels.includes(l));
  const currentAssignees = (existing.assignees ?? []).map((a) => a.login).sort();
  const assigneesDiffer = spec.assignees !== undefined && spec.assignees.slice().sort().join(",") !== currentAssignees.join(",");
  const stateDiffers = spec.state !== undefined && spec.state !== existing.state;
  if (existing.title === spec.title && (existing.body ?? "") === body && missingLabels.length === 0 && !assigneesDiffer && !stateDiffers) {
    return { outcome: "unchanged", number: existing.number, html_url: existing.html_url };
  }
  await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
    octokit.rest.issues.update({
      ...repoParams(repo),
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

/**
 * The oldest issue (lowest number) secwg opened whose first line is `marker`; pull requests are not
 * issues here, and an issue someone else opened with the marker is not secwg's (`isOurs`). Only the
 * first line counts: secwg writes its marker there, and everything below it may quote text from
 * outside (an advisory summary, a package name), so a marker further down never makes secwg take
 * one of its issues for another.
 */
type MarkedIssue = NonNullable<Awaited<ReturnType<typeof oldestWithMarker>>>;

async function oldestWithMarker(octokit: Octokit, me: AppIdentity, repo: RepoRef, marker: string, label?: string) {
  return callGitHub("GET /repos/{owner}/{repo}/issues", async () => {
    const found = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repoParams(repo),
      state: "all",
      per_page: 100,
      ...(label ? { labels: label } : {}),
    });
    return found.filter((i) => !i.pull_request && isOurs(i.user, me) && firstLine(i.body) === marker).sort((a, b) => a.number - b.number)[0] ?? null;
  });
}

/** The first line of an issue body, without the `\r` GitHub keeps when a body was edited in the browser. */
function firstLine(body: string | null | undefined): string {
  return (body ?? "").split("\n", 1)[0]?.trim() ?? "";
}

/** @see https://docs.github.com/en/rest/issues/issues#update-an-issue */
export async function ensureIssueClosed({ octokit }: GitHubContext, issue: IssueRef, reason: "completed" | "not_planned"): Promise<EnsureOutcome> {
  const { data } = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}", () => octokit.rest.issues.get({ ...issueParams(issue) }));
  if (data.state === "closed") return "unchanged";
  await callGitHub("PATCH /repos/{owner}/{repo}/issues/{issue_number}", () =>
    octokit.rest.issues.update({ ...issueParams(issue), state: "closed", state_reason: reason }),
  );
  return "updated";
}

/**
 * Tracker issues count only when secwg opened them: anyone who can open an issue in the tracker can
 * add the label and a marker, but not author it as the app.
 * @see https://docs.github.com/en/rest/issues/issues#list-repository-issues
 */
export async function listReportIssues({ octokit, self }: GitHubContext, repo: RepoRef, label: string, state: "open" | "all"): Promise<ReportIssue[]> {
  const me = await self();
  const issues = await callGitHub("GET /repos/{owner}/{repo}/issues", () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { ...repoParams(repo), labels: label, state, per_page: 100 }),
  );
  return issues
    .filter((i) => !i.pull_request && isOurs(i.user, me))
    .map((i) => ({
      number: i.number,
      state: i.state === "closed" ? ("closed" as const) : ("open" as const),
      body: i.body ?? "",
      assignees: (i.assignees ?? []).map((a) => ({ id: a.id, login: a.login, type: a.type })),
    }));
}

/** @see https://docs.github.com/en/rest/issues/issues#list-repository-issues */
export async function listOpenWithLabel({ octokit }: GitHubContext, repo: RepoRef, label: string): Promise<Conditional<LabelledIssue[]>> {
  const result = await conditionalPages<{ number: number; pull_request?: unknown; labels: Array<string | { name?: string }> }>(
    octokit,
    "GET /repos/{owner}/{repo}/issues",
    { ...repoParams(repo), state: "open", labels: label },
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

/**
 * Adding a label that does not exist creates it; removing an absent label answers 404, which is
 * the state we wanted anyway.
 * @see https://docs.github.com/en/rest/issues/labels#add-labels-to-an-issue
 */
export async function ensureLabels(
  { octokit }: GitHubContext,
  issue: IssueRef,
  change: { add?: string[]; remove?: string[]; current?: string[] },
): Promise<EnsureOutcome> {
  const current = new Set(change.current ?? (await listLabels(octokit, issue)));
  const add = (change.add ?? []).filter((l) => !current.has(l));
  const remove = (change.remove ?? []).filter((l) => current.has(l) && !(change.add ?? []).includes(l));
  if (add.length > 0) {
    await callGitHub("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", () => octokit.rest.issues.addLabels({ ...issueParams(issue), labels: add }));
  }
  for (const name of remove) {
    try {
      await octokit.rest.issues.removeLabel({ ...issueParams(issue), name });
    } catch (error) {
      if (statusOf(error) !== 404) {
        await callGitHub("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", () => Promise.reject(error));
      }
    }
  }
  return add.length + remove.length > 0 ? "updated" : "unchanged";
}

async function listLabels(octokit: Octokit, issue: IssueRef): Promise<string[]> {
  const labels = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/labels", () =>
    octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { ...issueParams(issue), per_page: 100 }),
  );
  return labels.map((l) => l.name);
}
