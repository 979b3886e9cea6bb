import { planTerms } from "../../core/governance/terms-plan.js";
import type { StepReport, SweepContext, SweepStep } from "../../sweep/types.js";
import { applyPlan } from "../apply-effects.js";
import { stepConfig } from "../policy/gather.js";
import { gatherTerms, NO_ROSTER } from "./gather.js";

/**
 * Terms: renewal notices and reminders, the "term ended" removal on `term_ends`, its merge when the
 * grace ends, a renewal whose merge did not go through, and the withdrawal of a removal the member
 * renewed out of. Every write is keyed by member id and `term_ends`, so a second sweep writes nothing.
 */
export const termsStep: SweepStep = {
  name: "terms",
  async run(ctx: SweepContext): Promise<StepReport> {
    const owner = ctx.installation.account;
    const policy = await stepConfig(ctx);
    if (!policy.ok) return policy.report;
    const { config } = policy;
    const gathered = await gatherTerms(ctx.gateway, config, owner, ctx.now);
    if (gathered.kind === "skip") return { actions: [], errors: gathered.reason === NO_ROSTER ? [] : [`${owner}: ${gathered.reason}`] };
    const plan = planTerms({ ...gathered.input, mergeMethod: config.votes.merge_method });
    return { actions: await applyPlan(plan, { gateway: ctx.gateway, log: ctx.log }), errors: [] };
  },
};
