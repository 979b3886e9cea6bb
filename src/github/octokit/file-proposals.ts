import { GitHubError } from "../../errors.js";
import type { EnsureOutcome, FileProposal, RepoRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { type GitHubContext, type Octokit, repoParams } from "./context.js";
import { getRepository, readFileWithSha } from "./repository.js";

/**
 * Proposes `proposal.content` at `proposal.path` by a branch and a pull request, idempotently: a
 * branch, file or pull request that is already there (written earlier, or by a concurrent run
 * between our read and our write) is found and used, never created again and never an error.
 * @see https://docs.github.com/en/rest/git/refs#create-a-reference
 * @see https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * @see https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request
 */
export async function proposeFile(ctx: GitHubContext, repo: RepoRef, proposal: FileProposal): Promise<{ outcome: EnsureOutcome; pull: number | null }> {
  const { octokit } = ctx;
  const { default_branch: base } = await getRepository(ctx, repo);
  const merged = await readFileWithSha(ctx, repo, proposal.path, base);
  if (merged?.text === proposal.content) return { outcome: "unchanged", pull: null };

  let outcome: EnsureOutcome = "unchanged";
  let branchExists = await refExists(octokit, repo, `heads/${proposal.branch}`);
  if (!branchExists) {
    const { data: baseRef } = await callGitHub("GET /repos/{owner}/{repo}/git/ref/{ref}", () =>
      octokit.rest.git.getRef({ ...repoParams(repo), ref: `heads/${base}` }),
    );
    try {
      await callGitHub("POST /repos/{owner}/{repo}/git/refs", () =>
        octokit.rest.git.createRef({ ...repoParams(repo), ref: `refs/heads/${proposal.branch}`, sha: baseRef.object.sha }),
      );
      outcome = "created";
    } catch (error) {
      // Another run (the publication sweep and the `published` webhook, two replicas) created the
      // branch since we looked: GitHub answers 422 "Reference already exists". Carry on with it.
      if (!(error instanceof GitHubError) || error.status !== 422 || !(await refExists(octokit, repo, `heads/${proposal.branch}`))) throw error;
      branchExists = true;
    }
  }
  const onBranch = branchExists ? await readFileWithSha(ctx, repo, proposal.path, proposal.branch) : merged;
  if (onBranch?.text !== proposal.content) {
    try {
      await callGitHub("PUT /repos/{owner}/{repo}/contents/{path}", () =>
        octokit.rest.repos.createOrUpdateFileContents({
          ...repoParams(repo),
          path: proposal.path,
          branch: proposal.branch,
          message: proposal.commitMessage,
          content: Buffer.from(proposal.content, "utf8").toString("base64"),
          ...(onBranch ? { sha: onBranch.sha } : {}),
        }),
      );
      if (outcome === "unchanged") outcome = "updated";
    } catch (error) {
      // A concurrent run wrote the file first (409 or 422: the blob sha we sent is no longer the
      // branch's): fine when what is there now is what we meant to write.
      if (!(error instanceof GitHubError) || (error.status !== 409 && error.status !== 422)) throw error;
      const now = await readFileWithSha(ctx, repo, proposal.path, proposal.branch);
      if (now?.text !== proposal.content) throw error;
    }
  }
  const existing = await findOpenPullFrom(octokit, repo, proposal.branch);
  if (existing !== null) return { outcome, pull: existing };
  try {
    const { data: pull } = await callGitHub("POST /repos/{owner}/{repo}/pulls", () =>
      octokit.rest.pulls.create({ ...repoParams(repo), head: proposal.branch, base, title: proposal.title, body: proposal.body }),
    );
    return { outcome: "created", pull: pull.number };
  } catch (error) {
    // Two replicas (or the sweep and the `published` webhook) raced: GitHub refuses the second
    // pull request for the same branch with 422, and the first one is the one we wanted.
    if (!(error instanceof GitHubError) || error.status !== 422) throw error;
    const raced = await findOpenPullFrom(octokit, repo, proposal.branch);
    if (raced === null) throw error;
    return { outcome, pull: raced };
  }
}

/** @see https://docs.github.com/en/rest/pulls/pulls#list-pull-requests (`head` filters by `user:ref`) */
export async function findOpenPullFrom(octokit: Octokit, repo: RepoRef, branch: string): Promise<number | null> {
  const { data: open } = await callGitHub("GET /repos/{owner}/{repo}/pulls", () =>
    octokit.rest.pulls.list({ ...repoParams(repo), head: `${repo.owner}:${branch}`, state: "open", per_page: 10 }),
  );
  return open.find((p) => p.head.ref === branch)?.number ?? null;
}

async function refExists(octokit: Octokit, repo: RepoRef, ref: string): Promise<boolean> {
  try {
    await octokit.rest.git.getRef({ ...repoParams(repo), ref });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    return callGitHub("GET /repos/{owner}/{repo}/git/ref/{ref}", () => Promise.reject(error));
  }
}
