import type { RepoRef, RepositoryInfo } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import { type GitHubContext, repoParams } from "./context.js";

/** @see https://docs.github.com/en/rest/repos/repos#get-a-repository */
export async function getRepository({ octokit }: GitHubContext, repo: RepoRef): Promise<RepositoryInfo> {
  const { data } = await callGitHub("GET /repos/{owner}/{repo}", () => octokit.rest.repos.get({ ...repoParams(repo) }));
  const visibility = data.visibility === "internal" || data.visibility === "private" || data.visibility === "public" ? data.visibility : data.private ? "private" : "public";
  return { owner: repo.owner, repo: repo.repo, private: data.private, visibility, default_branch: data.default_branch, html_url: data.html_url };
}

/** @see https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation */
export async function listInstallationRepos({ octokit }: GitHubContext): Promise<RepoRef[]> {
  const { data } = await conditionalPages<{ name: string; owner: { login: string } }>(
    octokit,
    "GET /installation/repositories",
    {},
    (page) => (page as { repositories: unknown[] }).repositories,
  );
  return data.map((r) => ({ owner: r.owner.login, repo: r.name }));
}

/** @see https://docs.github.com/en/rest/repos/contents#get-repository-content (raw media type) */
export async function readFile({ octokit }: GitHubContext, repo: RepoRef, path: string, ref?: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...repoParams(repo),
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

/** @see https://docs.github.com/en/rest/repos/contents#get-repository-content */
export async function readFileWithSha({ octokit }: GitHubContext, repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repoParams(repo), path, ref });
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
export async function createOrUpdateFile(
  { octokit }: GitHubContext,
  repo: RepoRef,
  file: { path: string; branch: string; message: string; content: string; sha: string },
): Promise<string> {
  const { data } = await callGitHub("PUT /repos/{owner}/{repo}/contents/{path}", () =>
    octokit.rest.repos.createOrUpdateFileContents({
      ...repoParams(repo),
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
 * A configuration file's text on the default branch (raw media type), shared within a delivery.
 * @see https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
export async function readConfigFile(ctx: GitHubContext, repo: RepoRef, path: string): Promise<string | null> {
  return ctx.reads.memo(`config:${repo.owner}/${repo.repo}:${path}`, () => readFile(ctx, repo, path));
}
