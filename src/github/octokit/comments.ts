import { GitHubError } from "../../errors.js";
import { isOurs } from "../../core/identity.js";
import type { Conditional, EnsureOutcome, IssueComment, IssueRef, ReactionRef, RepoRef } from "../gateway.js";
import { callGitHub } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, issueParams, repoParams } from "./context.js";
import { toComment, type GitHubComment } from "./shapes.js";

/**
 * Finds secwg's own comment by marker. Only comments by the app's own bot account count (`isOurs`),
 * so a person or another app who pastes the marker cannot redirect secwg's writes or reads.
 * @see https://docs.github.com/en/rest/issues/comments#list-issue-comments
 */
export async function findComment(ctx: GitHubContext, issue: IssueRef, marker: string, options: { conditional?: boolean } = {}): Promise<IssueComment | null> {
  if (options.conditional) return (await findCommentConditionally(ctx, issue, marker)).data;
  return findByMarkers(ctx, issue, [marker]);
}

/** secwg's first comment carrying any of `markers`, reading pages until one is found. */
async function findByMarkers({ octokit, self }: GitHubContext, issue: IssueRef, markers: readonly string[]): Promise<IssueComment | null> {
  const me = await self();
  const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...issueParams(issue), per_page: 100 });
  return callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", async () => {
    for await (const page of iterator) {
      const found = page.data.find((c) => isOurs(c.user, me) && markers.some((m) => (c.body ?? "").includes(m)));
      if (found) return toComment(found);
    }
    return null;
  });
}

/**
 * The whole thread with conditional requests (an unchanged thread costs no rate-limit point); only
 * the app's own comments count (see `findComment`).
 * @see https://docs.github.com/en/rest/issues/comments#list-issue-comments
 */
async function findCommentConditionally({ octokit, self }: GitHubContext, issue: IssueRef, marker: string): Promise<Conditional<IssueComment | null>> {
  type Raw = GitHubComment & { user: { id: number; login: string; type?: string } | null };
  const result = await conditionalPages<Raw>(octokit, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...issueParams(issue) });
  const me = await self();
  const found = result.data.find((c) => isOurs(c.user, me) && (c.body ?? "").includes(marker));
  return { notModified: result.notModified, data: found ? toComment(found) : null };
}

/** @see https://docs.github.com/en/rest/issues/comments#list-issue-comments */
export async function listAllComments({ octokit }: GitHubContext, issue: IssueRef): Promise<IssueComment[]> {
  const comments = await callGitHub("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
    octokit.paginate(octokit.rest.issues.listComments, { ...issueParams(issue), per_page: 100 }),
  );
  return comments.map(toComment);
}

/**
 * Finds by marker, updates what differs, or creates. Two runs on the same thread (a redelivery
 * while the first delivery is still being handled, two replicas) can both find nothing and both
 * create: after creating, the marker is looked up again and the run whose comment came second
 * deletes it and brings the first one up to date, so a marker always names one comment.
 * `formerMarkers`: keys this comment was written under before its key changed. A comment found by
 * one of them is the comment (found in the same read); it is rewritten under `marker` only when
 * its text differs, so an old answer is neither repeated nor rewritten for its marker alone.
 * @see https://docs.github.com/en/rest/issues/comments#update-an-issue-comment
 */
export async function ensureComment(
  ctx: GitHubContext,
  issue: IssueRef,
  marker: string,
  body: string,
  options: { formerMarkers?: readonly string[] } = {},
): Promise<{ outcome: EnsureOutcome; comment: IssueComment }> {
  const full = body.includes(marker) ? body : `${marker}\n${body}`;
  const markers = [marker, ...(options.formerMarkers ?? [])];
  const existing = await findByMarkers(ctx, issue, markers);
  if (existing) {
    const former = markers.find((m) => m !== marker && !existing.body.includes(marker) && existing.body.includes(m));
    if (former && existing.body === full.replace(marker, former)) return { outcome: "unchanged", comment: existing };
    return updateIfDifferent(ctx, issue, existing, full);
  }
  const created = await createComment(ctx, issue, full);
  // Listed oldest first, so the first match is the comment that keeps the marker.
  const first = await findByMarkers(ctx, issue, markers);
  if (!first || first.id === created.id) return { outcome: "created", comment: created };
  await deleteComment(ctx, issue, created.id);
  return updateIfDifferent(ctx, issue, first, full);
}

async function updateIfDifferent(
  ctx: GitHubContext,
  issue: IssueRef,
  existing: IssueComment,
  body: string,
): Promise<{ outcome: EnsureOutcome; comment: IssueComment }> {
  if (existing.body === body) return { outcome: "unchanged", comment: existing };
  const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
    ctx.octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing.id, body }),
  );
  return { outcome: "updated", comment: toComment(data) };
}

/** @see https://docs.github.com/en/rest/issues/comments#create-an-issue-comment */
export async function createComment({ octokit }: GitHubContext, issue: IssueRef, body: string): Promise<IssueComment> {
  const { data } = await callGitHub("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", () =>
    octokit.rest.issues.createComment({ ...issueParams(issue), body }),
  );
  return toComment(data);
}

/** @see https://docs.github.com/en/rest/issues/comments#update-an-issue-comment */
export async function updateComment({ octokit }: GitHubContext, repo: RepoRef, commentId: number, body: string): Promise<IssueComment> {
  const { data } = await callGitHub("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
    octokit.rest.issues.updateComment({ ...repoParams(repo), comment_id: commentId, body }),
  );
  return toComment(data);
}

/** @see https://docs.github.com/en/rest/issues/comments#delete-an-issue-comment */
export async function deleteComment({ octokit }: GitHubContext, issue: IssueRef, commentId: number): Promise<void> {
  try {
    await callGitHub("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", () =>
      octokit.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId }),
    );
  } catch (error) {
    if (!(error instanceof GitHubError) || error.status !== 404) throw error;
  }
}

/**
 * No webhook fires for reactions, so votes are counted by listing them; 100 per page, every page.
 * @see https://docs.github.com/en/rest/reactions/reactions#list-reactions-for-an-issue-comment
 */
export async function listReactionsForIssueComment({ octokit }: GitHubContext, repo: RepoRef, commentId: number): Promise<Conditional<ReactionRef[]>> {
  const result = await conditionalPages<{ user: { id: number; login: string } | null; content: string; created_at?: string }>(
    octokit,
    "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    { owner: repo.owner, repo: repo.repo, comment_id: commentId },
  );
  return {
    notModified: result.notModified,
    data: result.data.map((r) => ({ user: r.user ? { id: r.user.id, login: r.user.login } : null, content: r.content, ...(r.created_at ? { created_at: r.created_at } : {}) })),
  };
}
