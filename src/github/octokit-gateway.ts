import { NO_MEMO, type ReadMemo } from "./delivery-reads.js";
import type { CheckRunSpec, FileProposal, Gateway, IssueRef, IssueSpec, RepoRef } from "./gateway.js";
import type { AdvisoryPatch } from "../core/reports/command-plan.js";
import type { RepoAlert } from "../core/monitoring/alerts.js";
import type { GitHubContext, Octokit } from "./octokit/context.js";
import { PROCESS_IDENTITY, type AppIdentitySource } from "./octokit/app-identity.js";
import * as access from "./octokit/access.js";
import * as advisories from "./octokit/advisories.js";
import * as checks from "./octokit/checks.js";
import * as comments from "./octokit/comments.js";
import * as fileProposals from "./octokit/file-proposals.js";
import * as issues from "./octokit/issues.js";
import * as monitoring from "./octokit/monitoring.js";
import * as hygiene from "./octokit/hygiene.js";
import * as securitySettings from "./octokit/security-settings.js";
import * as pulls from "./octokit/pulls.js";
import * as repository from "./octokit/repository.js";
import * as reviews from "./octokit/reviews.js";
import * as usersAndTeams from "./octokit/users-and-teams.js";
import * as reporting from "./octokit/reporting.js";
import * as joining from "./octokit/joining.js";

export type { Octokit } from "./octokit/context.js";
export { callGitHub } from "./octokit/call-github.js";
export { PULL_FILES_CAP } from "./octokit/pulls.js";
export { AppIdentityCache, fixedIdentity, PROCESS_IDENTITY, type AppIdentitySource } from "./octokit/app-identity.js";

/**
 * The `Gateway` over a Probot-authenticated Octokit (an installation token). Each method delegates
 * to the module of its area in `./octokit/`, where the requests and their documentation live.
 */
export class OctokitGateway implements Gateway {
  private readonly ctx: GitHubContext;

  constructor(
    readonly octokit: Octokit,
    /** Shares reads between the handlers of one delivery (see `DeliveryReads`). */
    reads: ReadMemo = NO_MEMO,
    /** How the app's own bot account is learned (once per process by default). */
    identity: AppIdentitySource = PROCESS_IDENTITY,
  ) {
    this.ctx = { octokit, reads, self: () => identity.resolve(octokit) };
  }

  // --- app (./gateway/app.ts) ---
  self() { return this.ctx.self(); }

  // --- repositories (./gateway/repositories.ts) ---
  getRepository(repo: RepoRef) { return repository.getRepository(this.ctx, repo); }
  readFile(repo: RepoRef, path: string, ref?: string) { return repository.readFile(this.ctx, repo, path, ref); }
  readConfigFile(repo: RepoRef, path: string) { return repository.readConfigFile(this.ctx, repo, path); }
  readFileWithSha(repo: RepoRef, path: string, ref: string) { return repository.readFileWithSha(this.ctx, repo, path, ref); }
  readFileHead(repo: RepoRef, file: { path: string; blobSha?: string }, ref: string, maxBytes: number) { return repository.readFileHead(this.ctx, repo, file, ref, maxBytes); }
  createOrUpdateFile(repo: RepoRef, file: { path: string; branch: string; message: string; content: string; sha: string }) { return repository.createOrUpdateFile(this.ctx, repo, file); }
  proposeFile(repo: RepoRef, proposal: FileProposal) { return fileProposals.proposeFile(this.ctx, repo, proposal); }
  listInstallationRepos() { return repository.listInstallationRepos(this.ctx); }
  listInstalledRepositories() { return hygiene.listInstalledRepositories(this.ctx); }
  getRequiredStatusChecks(repo: RepoRef, branch: string) { return hygiene.getRequiredStatusChecks(this.ctx, repo, branch); }
  getPrivateVulnerabilityReporting(repo: RepoRef) { return securitySettings.getPrivateVulnerabilityReporting(this.ctx, repo); }
  enablePrivateVulnerabilityReporting(repo: RepoRef) { return securitySettings.enablePrivateVulnerabilityReporting(this.ctx, repo); }

  // --- issues and labels (./gateway/issues.ts) ---
  ensureIssue(repo: RepoRef, marker: string, spec: IssueSpec, options?: { findByLabel?: string }) { return issues.ensureIssue(this.ctx, repo, marker, spec, options); }
  ensureIssueClosed(issue: IssueRef, reason: "completed" | "not_planned") { return issues.ensureIssueClosed(this.ctx, issue, reason); }
  ensureLabels(issue: IssueRef, change: { add?: string[]; remove?: string[]; current?: string[] }) { return issues.ensureLabels(this.ctx, issue, change); }
  listOpenWithLabel(repo: RepoRef, label: string) { return issues.listOpenWithLabel(this.ctx, repo, label); }
  listReportIssues(repo: RepoRef, label: string, state: "open" | "all") { return issues.listReportIssues(this.ctx, repo, label, state); }
  listIssuesWithLabel(repo: RepoRef, label: string) { return monitoring.listIssuesWithLabel(this.ctx, repo, label); }
  listLabelNames(repo: RepoRef) { return hygiene.listLabelNames(this.ctx, repo); }

  // --- comments (./gateway/comments.ts) ---
  findComment(issue: IssueRef, marker: string, options?: { conditional?: boolean }) { return comments.findComment(this.ctx, issue, marker, options); }
  ensureComment(issue: IssueRef, marker: string, body: string, options?: { formerMarkers?: readonly string[] }) { return comments.ensureComment(this.ctx, issue, marker, body, options); }
  createComment(issue: IssueRef, body: string) { return comments.createComment(this.ctx, issue, body); }
  updateComment(repo: RepoRef, commentId: number, body: string) { return comments.updateComment(this.ctx, repo, commentId, body); }
  deleteComment(issue: IssueRef, commentId: number) { return comments.deleteComment(this.ctx, issue, commentId); }
  listAllComments(issue: IssueRef) { return comments.listAllComments(this.ctx, issue); }

  // --- reactions (./gateway/reactions.ts) ---
  listReactionsForIssueComment(repo: RepoRef, commentId: number) { return comments.listReactionsForIssueComment(this.ctx, repo, commentId); }

  // --- pull requests (./gateway/pulls.ts) ---
  getPull(pr: IssueRef) { return pulls.getPull(this.ctx, pr); }
  listPullFiles(pr: IssueRef, options?: { fresh?: boolean }) { return pulls.listPullFiles(this.ctx, pr, options); }
  listPullCommits(pr: IssueRef) { return pulls.listPullCommits(this.ctx, pr); }
  listReviews(pr: IssueRef) { return reviews.listReviews(this.ctx, pr); }
  requestReviewers(pr: IssueRef, logins: string[]) { return reviews.requestReviewers(this.ctx, pr, logins); }
  listOpenReviewRequests(owner: string) { return pulls.listOpenReviewRequests(this.ctx, owner); }
  listOpenPulls(repo: RepoRef, max: number) { return pulls.listOpenPulls(this.ctx, repo, max); }
  findOpenPullFromBranch(repo: RepoRef, branch: string) { return fileProposals.findOpenPullFrom(this.ctx.octokit, repo, branch); }
  mergePull(pr: IssueRef, options: { sha: string; merge_method: "merge" | "squash" | "rebase"; commit_title: string }) { return pulls.mergePull(this.ctx, pr, options); }
  closePull(pr: IssueRef) { return pulls.closePull(this.ctx, pr); }

  // --- checks (./gateway/checks.ts) ---
  ensureCheckRun(repo: RepoRef, spec: CheckRunSpec) { return checks.ensureCheckRun(this.ctx, repo, spec); }
  findCheckRun(repo: RepoRef, sha: string, name: string, externalId: string) { return checks.findCheckRun(this.ctx, repo, sha, name, externalId); }

  // --- security advisories (./gateway/advisories.ts) ---
  getAdvisory(repo: RepoRef, ghsaId: string) { return advisories.getAdvisory(this.ctx, repo, ghsaId); }
  listRepoAdvisories(repo: RepoRef, state: "triage" | "draft") { return advisories.listRepoAdvisories(this.ctx, repo, state); }
  listOrgAdvisories(org: string, state: "triage" | "draft") { return advisories.listOrgAdvisories(this.ctx, org, state); }
  updateAdvisory(repo: RepoRef, ghsaId: string, patch: AdvisoryPatch & { collaborating_users?: string[] }) { return advisories.updateAdvisory(this.ctx, repo, ghsaId, patch); }
  requestAdvisoryCve(repo: RepoRef, ghsaId: string) { return advisories.requestAdvisoryCve(this.ctx, repo, ghsaId); }
  createAdvisoryFork(repo: RepoRef, ghsaId: string) { return advisories.createAdvisoryFork(this.ctx, repo, ghsaId); }
  createAdvisoryComment(repo: RepoRef, ghsaId: string, body: string) { return advisories.createAdvisoryComment(this.ctx, repo, ghsaId, body); }
  listGlobalAdvisories(query: monitoring.GlobalAdvisoryQuery) { return monitoring.listGlobalAdvisories(this.ctx, query); }
  getRepoAlert(alert: Pick<RepoAlert, "kind" | "repo" | "number">) { return monitoring.getRepoAlert(this.ctx, alert); }

  // --- search and named check runs (./gateway/issues.ts, ./gateway/checks.ts) ---
  searchIssues(query: string, max: number) { return reporting.searchIssues(this.ctx, query, max); }
  listCheckRunsNamed(repo: RepoRef, ref: string, name: string) { return reporting.listCheckRunsNamed(this.ctx, repo, ref, name); }

  // --- people (./gateway/people.ts) ---
  listTeamMembers(org: string, slug: string) { return usersAndTeams.listTeamMembers(this.ctx, org, slug); }
  addTeamMember(org: string, slug: string, username: string) { return usersAndTeams.addTeamMember(this.ctx, org, slug, username); }
  getUserLogin(id: number) { return usersAndTeams.getUserLogin(this.ctx, id); }
  getUserByLogin(login: string) { return joining.getUserByLogin(this.ctx, login); }
  removeTeamMember(org: string, slug: string, username: string) { return access.removeTeamMember(this.ctx, org, slug, username); }
  listDirectCollaborators(repo: RepoRef) { return access.listDirectCollaborators(this.ctx, repo); }
  addCollaborator(repo: RepoRef, username: string, permission: "pull" | "triage" | "push" | "maintain") { return access.addCollaborator(this.ctx, repo, username, permission); }
  removeCollaborator(repo: RepoRef, username: string) { return access.removeCollaborator(this.ctx, repo, username); }
}
