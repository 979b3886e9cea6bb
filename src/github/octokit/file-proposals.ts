import { GitHubError } from "../../errors.js";
import type { EnsureOutcome, FileProposal, RepoRef } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { type GitHubContext, type Octokit, repoParams } from "./context.js";
import { getRepository, readFileWithSha } from "./repository.js";

/**
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
  const branchExists = await refExists(octokit, repo, `heads/${proposal.branch}`);
  if (!branchExists) {
    const { data: baseRef } = await callGitHub("GET /repos/{owner}/{repo}/git/ref/{ref}", () =>
      octokit.rest.git.getRef({ ...repoParams(repo), ref: `heads/${base}` }),
    );
    await callGitHub("POST /repos/{owner}/{repo}/git/refs", () =>
      octokit.rest.git.createRef({ ...repoParams(repo), ref: `refs/heads/${proposal.branch}`, sha: baseRef.object.sha }),
    );
    outcome = "created";
  }
  const onBranch = branchExists ? await readFileWithSha(ctx, repo, proposal.path, proposal.branch) : merged;
  if (onBranch?.text !== proposal.content) {
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
async function findOpenPullFrom(octokit: Octokit, repo: RepoRef, branch: string): Promise<number | null> {
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
