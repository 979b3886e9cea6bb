import type { Gateway, RepoRef } from "../github/gateway.js";
import { CONFIG_PATH, type SecwgConfig } from "./schema.js";
import { validateConfig } from "./validate.js";

/**
 * The configuration that governs `repo`, read from its default branch (never from a pull request),
 * with the org `.github` repository as fallback. Throws `ConfigError` naming the file and key path.
 */
export async function loadConfig(gateway: Gateway, repo: RepoRef): Promise<SecwgConfig> {
  const raw = await gateway.readConfig(repo);
  const file = raw.files.length > 0 ? raw.files.join(" + ") : `${repo.owner}/${repo.repo}:${CONFIG_PATH}`;
  return validateConfig(raw.config, file);
}

/** Resolves `name` or `owner/name` against the owner of the configured repository. */
export function resolveRepo(name: string, owner: string): RepoRef {
  const [first, second] = name.split("/");
  return second === undefined ? { owner, repo: first as string } : { owner: first as string, repo: second };
}
