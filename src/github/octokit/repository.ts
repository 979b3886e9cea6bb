import { ConfigError } from "../../errors.js";
import { parseYaml } from "../../config/validate.js";
import { CONFIG_PATH } from "../../config/schema.js";
import type { RawConfig, RepoRef, RepositoryInfo } from "../gateway.js";
import { callGitHub, statusOf } from "./call-github.js";
import { conditionalPages } from "./conditional-pages.js";
import type { GitHubContext } from "./context.js";

/** @see https://docs.github.com/en/rest/repos/repos#get-a-repository */
export async function getRepository({ octokit }: GitHubContext, repo: RepoRef): Promise<RepositoryInfo> {
  const { data } = await callGitHub("GET /repos/{owner}/{repo}", () => octokit.rest.repos.get({ ...repo }));
  return { owner: repo.owner, repo: repo.repo, private: data.private, default_branch: data.default_branch, html_url: data.html_url };
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

/** @see https://docs.github.com/en/rest/repos/contents#get-repository-content */
export async function readFileWithSha({ octokit }: GitHubContext, repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref });
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
 * Reads `.github/secwg.yml` the way Probot's `context.config` does: default branch only, falling
 * back to the org's `.github` repository, following `_extends` (later files are defaults, shallow
 * merged under the earlier ones). The files are fetched here and parsed with secwg's own YAML parser
 * (`parseYaml`: no anchors or aliases, bounded size and depth) instead of Probot's config plugin,
 * which accepts aliases.
 * @see https://probot.github.io/docs/configuration/
 */
export async function readConfig(context: GitHubContext, repo: RepoRef): Promise<RawConfig> {
  return context.reads.memo(`config:${repo.owner}/${repo.repo}`, () => fetchConfig(context, repo));
}

/** Files followed through `_extends` before giving up: a chain this long is a mistake. */
const MAX_CONFIG_FILES = 5;

/** Probot's `_extends` syntax: `repo`, `owner/repo` or either with `:path.yml`. */
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w]+)(?::([-_./\w]+\.ya?ml))?$/i;

interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  config: Record<string, unknown> | null;
}

async function readConfigFile(context: GitHubContext, owner: string, repo: string, path: string): Promise<ConfigFile> {
  const name = `${owner}/${repo}:${path}`;
  const text = await readFile(context, { owner, repo }, path);
  if (text === null) return { owner, repo, path, config: null };
  const value = parseYaml(text, name, ConfigError) ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(name, [{ path: "", message: "expected a mapping of sections (`group:`, `review:`, …) at the top level" }]);
  }
  return { owner, repo, path, config: { ...(value as Record<string, unknown>) } };
}

async function fetchConfig(context: GitHubContext, repo: RepoRef): Promise<RawConfig> {
  const files = [await readConfigFile(context, repo.owner, repo.repo, CONFIG_PATH)];
  if (files[0]?.config === null && repo.repo !== ".github") files.push(await readConfigFile(context, repo.owner, ".github", CONFIG_PATH));
  for (let last = files[files.length - 1]; last?.config && last.config._extends !== undefined; last = files[files.length - 1]) {
    const from = `${last.owner}/${last.repo}:${last.path}`;
    const value = last.config._extends;
    delete last.config._extends;
    const match = typeof value === "string" ? EXTENDS.exec(value) : null;
    if (!match) throw new ConfigError(from, [{ path: "_extends", message: "expected `repo`, `owner/repo` or `owner/repo:path.yml`" }]);
    const next = { owner: match[1] ?? repo.owner, repo: match[2] as string, path: match[3] ?? CONFIG_PATH };
    if (files.some((f) => f.owner === next.owner && f.repo === next.repo && f.path === next.path)) {
      throw new ConfigError(from, [{ path: "_extends", message: `\`${next.owner}/${next.repo}:${next.path}\` is already part of this configuration (a loop)` }]);
    }
    if (files.length >= MAX_CONFIG_FILES) throw new ConfigError(from, [{ path: "_extends", message: `more than ${MAX_CONFIG_FILES} files extend each other` }]);
    files.push(await readConfigFile(context, next.owner, next.repo, next.path));
  }
  const found = files.filter((f) => f.config !== null);
  return {
    config: found.length === 0 ? null : Object.assign({}, ...found.map((f) => f.config).reverse()),
    files: found.map((f) => `${f.owner}/${f.repo}:${f.path}`),
  };
}
