import { readPolicy } from "../policy/gather.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";
import { reconcileAccess } from "./reconcile.js";

/**
 * Access follows the roster, on a timer: the repair for a roster changed without a pull request (a
 * direct push to the default branch), a person added to a team or the tracker by hand, a draft
 * advisory created since the last run. Reads only when GitHub already matches the roster.
 */
export const accessStep: SweepStep = {
  name: "access",
  async run(ctx: SweepContext): Promise<StepReport> {
    const owner = ctx.installation.account;
    const run = await readPolicy(() => onObject(ctx, `access:${owner}`, () => reconcileAccess(ctx.gateway, owner, { now: ctx.now, log: ctx.log })));
    // An unusable policy or roster is explained by the `secwg / config` check; nothing is changed.
    if (!run.ok) return { actions: [], errors: [`access not reconciled: ${run.problem.message}`] };
    return { actions: run.value.actions, errors: [] };
  },
};
