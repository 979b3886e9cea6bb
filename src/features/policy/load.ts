import type { Gateway, RepoRef, RepositoryInfo } from "../../github/gateway.js";
import { ConfigError, GitHubError, type ValidationProblem } from "../../errors.js";
import { CONFIG_PATH, ORG_ONLY_KEYS, POLICY_REPO, orgOnlyKeysIn, orgOnlyMessage, type SecwgConfig } from "../../config/schema.js";
import { parseYaml, validateConfig } from "../../config/validate.js";
import { isPolicyRepo } from "../../core/repositories.js";

/**
 * Where secwg's configuration comes from, and what each file may decide:
 *
 * - `loadPolicy(gateway, owner)`: the organisation's policy, `<owner>/.github:.github/secwg.yml`
 *   on its default branch. The only source of the group, tracker and roster location, report,
 *   vote and term settings, and of whose approval passes a security review (`ORG_ONLY_KEYS`).
 * - `loadRepoSettings(gateway, repo)`: the policy, with the repository's own
 *   `.github/secwg.yml` (default branch) tuning `review` for that repository only, merged over the
 *   organisation's `review`. A repository file that sets an org-only key is refused with a
 *   `ConfigError` naming the key.
 *
 * Both read the default branch only (never a pull request), follow `_extends` only from sources
 * at least as public as the repository being configured, and throw `ConfigError` naming the file
 * and key path, never a value.
 */

/** How many `_extends` hops a file may take before secwg refuses it. */
const MAX_EXTENDS = 3;

/** `[owner/]repo[:path.yml]`, Probot's `_extends` syntax. */
const EXTENDS = /^(?:([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/)?([-_.A-Za-z0-9]+)(?::([-_./A-Za-z0-9]+\.ya?ml))?$/;

/** The organisation's policy (see the module comment). Defaults when the org has no file. */
export async function loadPolicy(gateway: Gateway, owner: string): Promise<SecwgConfig> {
  const raw = await readPolicyRaw(gateway, owner);
  return validateConfig(raw.value, raw.label);
}

/**
 * The settings that govern `repo`: the organisation's policy with the repository's `review` tuning.
 * For the org's `.github` repository itself this is the policy.
 */
export async function loadRepoSettings(gateway: Gateway, repo: RepoRef): Promise<SecwgConfig> {
  const policyRaw = await readPolicyRaw(gateway, repo.owner);
  const policy = validateConfig(policyRaw.value, policyRaw.label);
  if (isPolicyRepo(repo)) return policy;

  const own = await readChain(gateway, repo);
  if (own.files.length === 0) return policy;
  const label = own.label;
  const mine = asMapping(own.own);
  const problems: ValidationProblem[] = orgOnlyKeysIn(mine).map((path) => ({ path, message: orgOnlyMessage(repo.owner) }));

  if (mine.review !== undefined && mine.review !== null && asMapping(mine.review) !== mine.review) {
    problems.push({ path: "review", message: "expected a mapping of review settings" });
  }
  // Extended files contribute their `review` only; the repository's own file is merged last.
  const policyReview = asMapping(asMapping(policyRaw.value).review);
  let review: Record<string, unknown> = { ...policyReview };
  for (const base of [...own.extended].reverse()) review = deepMerge(review, repoTunableReview(asMapping(base).review));
  review = deepMerge(review, repoTunableReview(mine.review));
  const team = asMapping(policyReview.reviewers).team;
  if (team !== undefined) review = deepMerge(review, { reviewers: { team } });

  const tunable: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mine)) if (!isOrgOnlyTop(key) && key !== "review") tunable[key] = value;
  let tuned: SecwgConfig | null = null;
  try {
    tuned = validateConfig({ ...tunable, review }, label);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !tuned) throw new ConfigError(label, problems);
  return { ...policy, review: tuned.review };
}

function isOrgOnlyTop(key: string): boolean {
  return (ORG_ONLY_KEYS as readonly string[]).includes(key);
}

/** A repository file's `review` without the org-only keys inside it. */
function repoTunableReview(review: unknown): Record<string, unknown> {
  const copy = { ...asMapping(review) };
  if (copy.reviewers !== undefined && copy.reviewers !== null && typeof copy.reviewers === "object" && !Array.isArray(copy.reviewers)) {
    const { team: _team, ...rest } = copy.reviewers as Record<string, unknown>;
    copy.reviewers = rest;
  }
  return copy;
}

interface RawPolicy {
  value: unknown;
  label: string;
}

async function readPolicyRaw(gateway: Gateway, owner: string): Promise<RawPolicy> {
  const chain = await readChain(gateway, { owner, repo: POLICY_REPO });
  if (chain.files.length === 0) return { value: {}, label: `${owner}/${POLICY_REPO}:${CONFIG_PATH}` };
  let value: Record<string, unknown> = {};
  for (const base of [...chain.extended].reverse()) value = deepMerge(value, asMapping(base));
  value = deepMerge(value, asMapping(chain.own));
  return { value, label: chain.label };
}

interface Chain {
  /** The repository's own file (without `_extends`), or null when it has none. */
  own: unknown;
  /** The files it extends, nearest first (without `_extends`). */
  extended: unknown[];
  files: string[];
  label: string;
}

/**
 * Reads `repo`'s `.github/secwg.yml` and the files it `_extends`. A source must be at least as
 * public as `repo` (public ← public; internal ← public or internal; private ← any), checked before
 * the source is read, so a public repository's check can never show what a private file holds.
 */
async function readChain(gateway: Gateway, repo: RepoRef): Promise<Chain> {
  const ownFile = `${repo.owner}/${repo.repo}:${CONFIG_PATH}`;
  const text = await gateway.readConfigFile(repo, CONFIG_PATH);
  if (text === null) return { own: null, extended: [], files: [], label: ownFile };
  const own = parseMapping(text, ownFile);
  const files = [ownFile];
  const extended: unknown[] = [];
  let next = own._extends;
  delete own._extends;
  let target: RepositoryInfo | null = null;
  let from = ownFile;
  while (next !== undefined) {
    const label = files.join(" + ");
    if (files.length > MAX_EXTENDS) throw new ConfigError(label, [{ path: "_extends", message: `expected at most ${MAX_EXTENDS} levels of \`_extends\`` }]);
    const source = parseExtends(next, repo.owner, from);
    const sourceFile = `${source.owner}/${source.repo}:${source.path}`;
    if (files.includes(sourceFile)) throw new ConfigError(label, [{ path: "_extends", message: `\`${sourceFile}\` is already part of this configuration (a loop)` }]);
    target ??= await gateway.getRepository(repo);
    const sourceInfo = await repositoryOrNull(gateway, source);
    if (!sourceInfo) throw new ConfigError(label, [{ path: "_extends", message: `repository \`${source.owner}/${source.repo}\` not found or not accessible to secwg` }]);
    if (OPENNESS[sourceInfo.visibility] > OPENNESS[target.visibility]) {
      throw new ConfigError(label, [
        {
          path: "_extends",
          message: `a ${target.visibility} repository may not extend a ${sourceInfo.visibility} one (\`${source.owner}/${source.repo}\`): its values could show in this repository's checks`,
        },
      ]);
    }
    const sourceText = await gateway.readConfigFile(source, source.path);
    if (sourceText === null) throw new ConfigError(label, [{ path: "_extends", message: `\`${sourceFile}\` does not exist on its default branch` }]);
    const base = parseMapping(sourceText, sourceFile);
    files.push(sourceFile);
    next = base._extends;
    delete base._extends;
    extended.push(base);
    from = sourceFile;
  }
  return { own, extended, files, label: files.join(" + ") };
}

/** Lower is more public; a source may not be less public than the repository it configures. */
const OPENNESS: Record<RepositoryInfo["visibility"], number> = { public: 0, internal: 1, private: 2 };

async function repositoryOrNull(gateway: Gateway, repo: RepoRef): Promise<RepositoryInfo | null> {
  try {
    return await gateway.getRepository(repo);
  } catch (error) {
    if (error instanceof GitHubError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

function parseExtends(value: unknown, owner: string, file: string): RepoRef & { path: string } {
  const match = typeof value === "string" ? EXTENDS.exec(value) : null;
  if (!match) throw new ConfigError(file, [{ path: "_extends", message: "expected `repo`, `owner/repo` or `repo:path/to/file.yml`" }]);
  return { owner: match[1] ?? owner, repo: match[2] as string, path: match[3] ?? CONFIG_PATH };
}

function parseMapping(text: string, file: string): Record<string, unknown> {
  const value = parseYaml(text, file, ConfigError) ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(file, [{ path: "", message: "expected a mapping of sections such as `group:` and `review:`" }]);
  }
  return { ...(value as Record<string, unknown>) };
}

function asMapping(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `over` merged onto `base`: mappings key by key, everything else (lists included) replaced. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    const bothMappings = [prior, value].every((v) => v !== null && typeof v === "object" && !Array.isArray(v));
    out[key] = bothMappings ? deepMerge(prior as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}
