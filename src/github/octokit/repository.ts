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

/** Heads of files kept by blob sha (content-addressed: an entry can never be stale), oldest dropped first. */
const headCache = new Map<string, string | null>();
const HEAD_CACHE_ENTRIES = 1_000;

/**
 * The first `maxBytes` of a file's text at `ref`, from the object media type: GitHub inlines the
 * content (base64) only for files up to 1 MB and answers larger ones with `encoding: "none"` and an
 * empty `content`, so the download is bounded whatever the file. Only the head of the base64 text
 * is decoded. A directory, a symlink or submodule, a file over 1 MB, a binary file (a NUL byte in
 * its head) or a read GitHub refuses gives null: no role, never an error.
 * @see https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
export async function readFileHead(
  { octokit }: GitHubContext,
  repo: RepoRef,
  file: { path: string; blobSha?: string },
  ref: string,
  maxBytes: number,
): Promise<string | null> {
  const key = file.blobSha ? `${repo.owner}/${repo.repo}@${file.blobSha}:${maxBytes}` : undefined;
  if (key !== undefined && headCache.has(key)) return headCache.get(key) ?? null;
  let head: string | null;
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repoParams(repo), path: file.path, ref });
    head = Array.isArray(data) || data.type !== "file" || !("content" in data) || data.encoding !== "base64" ? null : decodeHead(data.content, maxBytes);
    // Remembered only under the blob it is: a push between listing the files and this read gives another blob.
    if (!Array.isArray(data) && data.sha !== file.blobSha) return head;
  } catch (error) {
    // Not found at that commit, or refused for now (rate limit, outage): no role; not remembered unless definitive.
    if (statusOf(error) !== 404) return null;
    head = null;
  }
  if (key !== undefined) {
    if (headCache.size >= HEAD_CACHE_ENTRIES) headCache.delete(headCache.keys().next().value as string);
    headCache.set(key, head);
  }
  return head;
}

/** The first `maxBytes` bytes of base64 text (GitHub wraps it in lines) as UTF-8, or null for a binary head. */
function decodeHead(base64: string, maxBytes: number): string | null {
  const wanted = Math.ceil(maxBytes / 3) * 4;
  let compact = "";
  for (let at = 0; compact.length < wanted && at < base64.length; at += 4_096) compact += base64.slice(at, at + 4_096).replace(/\s+/g, "");
  const bytes = Buffer.from(compact.slice(0, wanted), "base64").subarray(0, maxBytes);
  if (bytes.includes(0)) return null;
  // A multi-byte character cut at the end decodes to U+FFFD, harmless for matching import lines.
  return bytes.toString("utf8");
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
