import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { isGroupRepo } from "../../core/repositories.js";
import { gatherConfig, readPolicy } from "../policy/gather.js";
import { reconcileAccess } from "./reconcile.js";

/**
 * A pull request merged into the group repository's default branch that changed the roster: make
 * access match the new roster at once (a membership, a removal, a grant or revoke of tracker
 * access). Roster changes pushed without a pull request are applied by the sweep's `access` step;
 * secwg does not subscribe to `push` for them.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
export async function onRosterPullMerged(context: Context<"pull_request.closed">, deps: AppDeps): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  if (!pr.merged || pr.base.ref !== repository.default_branch) return;
  const repo = { owner: repository.owner.login, repo: repository.name };
  const gateway = deps.gatewayFor(context);
  const policy = await gatherConfig(gateway, { owner: repo.owner });
  if (!policy.ok) return; // the `secwg / config` check explains an unusable configuration
  const config = policy.value;
  if (!isGroupRepo(config, repo)) return;
  const { files, capped } = await gateway.listPullFiles({ ...repo, issue_number: pr.number });
  const path = config.group.roster;
  if (!capped && !files.some((f) => f.filename === path || f.previous_filename === path)) return;
  const run = await readPolicy(() => reconcileAccess(gateway, repo.owner, { now: deps.now(), log: context.log, config }));
  if (run.ok) context.log.info({ pr: pr.number, changes: run.value.plan.length }, "access reconciled after a roster change");
  else context.log.warn({ pr: pr.number, code: run.problem.code }, "access not reconciled: roster unusable");
}
