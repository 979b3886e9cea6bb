import { REMOVAL_LABEL } from "../../core/governance/removal-plan.js";
import { resolveRepo } from "../../core/repositories.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";
import { issueWorkKey } from "../../core/work-key.js";
import { readPolicy, stepConfig } from "../policy/gather.js";
import { evaluateRemoval } from "./evaluate.js";

/**
 * Removals: each open pull request carrying the removal label is re-evaluated (a vote that changed
 * since the last event, an event that was lost). The label only finds candidates: each is verified
 * as secwg's own removal before anything is written, and a second sweep writes nothing.
 */
export const removalsStep: SweepStep = {
  name: "removals",
  async run(ctx: SweepContext): Promise<StepReport> {
    const owner = ctx.installation.account;
    const policy = await stepConfig(ctx);
    if (!policy.ok) return policy.report;
    const { config } = policy;
    const group = resolveRepo(config.group.repo, owner);
    const env = { gateway: ctx.gateway, now: ctx.now, signingKey: ctx.signingKey, log: ctx.log };
    const actions: string[] = [];
    const errors: string[] = [];
    for (const issue of (await ctx.gateway.listOpenWithLabel(group, REMOVAL_LABEL)).data) {
      if (!issue.isPull) continue;
      const outcome = await readPolicy(() => onObject(ctx, issueWorkKey(group.owner, group.repo, issue.number), () => evaluateRemoval(env, { ...group, issue_number: issue.number }, { config })));
      if (!outcome.ok) errors.push(`${group.owner}/${group.repo}#${issue.number}: policy or roster unusable`);
      else if (outcome.value === "merged") actions.push(`${group.owner}/${group.repo}#${issue.number}: removal merged`);
    }
    return { actions, errors };
  },
};
