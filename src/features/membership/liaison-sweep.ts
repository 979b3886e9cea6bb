import { dayIn } from "../../core/governance/calendar.js";
import { planLiaisonWarnings } from "../../core/membership/liaison-plan.js";
import { resolveRepo } from "../../core/repositories.js";
import { parseRosterYaml } from "../../core/roster.js";
import type { StepReport, SweepContext, SweepStep } from "../../sweep/types.js";
import { applyPlan } from "../apply-effects.js";
import { readPolicy, stepConfig } from "../policy/gather.js";

/**
 * The Board Liaison's Board term: warns the signers, in one issue of the group repository, 30 days
 * before the liaison's `board_term_ends` (or when the liaison's entry records none). Reads the
 * roster on the group repository's default branch; a second sweep writes nothing.
 */
export const liaisonStep: SweepStep = {
  name: "liaison",
  async run(ctx: SweepContext): Promise<StepReport> {
    const owner = ctx.installation.account;
    const policy = await stepConfig(ctx);
    if (!policy.ok) return policy.report;
    const { config } = policy;
    const group = resolveRepo(config.group.repo, owner);
    const text = await ctx.gateway.readFile(group, config.group.roster);
    if (text === null) return { actions: [], errors: [] };
    const roster = await readPolicy(async () => parseRosterYaml(text, `${group.owner}/${group.repo}:${config.group.roster}`));
    if (!roster.ok) return { actions: [], errors: [`${owner}: the roster is invalid`] };
    const plan = planLiaisonWarnings({ group, rosterPath: config.group.roster, members: roster.value.members, today: dayIn(ctx.now, config.reports.timeZone) });
    return { actions: await applyPlan(plan, { gateway: ctx.gateway, log: ctx.log }), errors: [] };
  },
};
