import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { gatherConfig } from "./gather.js";
import { isGroupRepo, isPolicyRepo } from "../../core/repositories.js";
import { CONFIG_PATH } from "../../config/schema.js";
import { checkPolicyFiles, renderPolicyCheck, renderUnusableConfig, type CheckOutcome, type PolicyFileChange } from "../../core/config-change.js";
import type { SecwgError } from "../../errors.js";
import { dayIn } from "../../core/governance/calendar.js";

export const POLICY_CHECK_NAME = "secwg / config";
const EXTERNAL_ID = "secwg:config";

/**
 * Validates `.github/secwg.yml` and the roster when a pull request changes them, and reports a
 * configuration on the default branch that cannot be used, on a `secwg / config` check run. In any
 * repository but the organisation's `.github`, the file may tune `review` only: an org-only key
 * fails the check. The check names key paths and what is expected, never a value.
 * Pull requests that touch neither, in a repository with valid configuration, cost no write.
 */
export async function onPullRequestPolicyFiles(
  context: Context<"pull_request.opened" | "pull_request.reopened" | "pull_request.synchronize">,
  deps: AppDeps,
): Promise<void> {
  const gateway = deps.gatewayFor(context);
  const { pull_request: pr, repository } = context.payload;
  const repo = { owner: repository.owner.login, repo: repository.name };

  const base = await gatherConfig(gateway, { repo });
  const baseConfig = base.ok ? base.value : null;
  const baseError = base.ok ? null : base.problem;
  if (baseError) context.log.warn({ repo: `${repo.owner}/${repo.repo}`, code: baseError.code }, "configuration on the default branch is unusable");

  const rosterPath = baseConfig && isGroupRepo(baseConfig, repo) ? baseConfig.group.roster : null;
  const { files } = await gateway.listPullFiles({ ...repo, issue_number: pr.number });
  const touched = files.filter((f) => f.filename === CONFIG_PATH || f.filename === rosterPath);

  if (touched.length === 0 && !baseError) return;

  const changes: PolicyFileChange[] = [];
  for (const file of touched) {
    const text = file.status === "removed" ? null : await gateway.readFile(repo, file.filename, pr.head.sha);
    const kind = file.filename === CONFIG_PATH ? "config" : "roster";
    changes.push({ kind, path: file.filename, text, ...(kind === "config" && !isPolicyRepo(repo) ? { repoOwner: repo.owner } : {}) });
  }
  // The roster's dated rules (the Board Liaison's board term) are checked on today's date in the
  // group's time zone; without a usable configuration only the date-free rules apply.
  const today = baseConfig ? dayIn(deps.now(), baseConfig.reports.timeZone) : undefined;
  const outcome = decidePolicyCheck(renderPolicyCheck(checkPolicyFiles(changes, today === undefined ? {} : { today })), baseError, touched.some((f) => f.filename === CONFIG_PATH));

  await gateway.ensureCheckRun(repo, {
    name: POLICY_CHECK_NAME,
    head_sha: pr.head.sha,
    external_id: EXTERNAL_ID,
    status: "completed",
    conclusion: outcome.conclusion,
    title: outcome.title,
    summary: outcome.summary,
  });
}

/**
 * A broken configuration on the default branch fails the check unless this pull request replaces
 * it, in which case the new file's own verdict decides.
 */
function decidePolicyCheck(verdict: CheckOutcome, baseError: SecwgError | null, changesConfig: boolean): CheckOutcome {
  if (!baseError) return verdict;
  if (changesConfig) {
    return { ...verdict, summary: `${verdict.summary}\n\n---\nThe configuration on the default branch is currently unusable:\n\n${baseError.toUserMessage()}` };
  }
  const unusable = renderUnusableConfig(baseError);
  return verdict.summary ? { ...unusable, summary: `${unusable.summary}\n\n---\n${verdict.summary}` } : unusable;
}
