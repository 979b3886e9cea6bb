import type { StepReport, SweepContext, SweepStep } from "../../sweep/types.js";
import { runHygiene } from "./run.js";

/** Writes per installation and sweep; a first pass over a large organization continues next time. */
const MAX_EFFECTS_PER_RUN = 50;

/**
 * Checks every repository the installation can access: the repair for a missed `repository` or
 * `installation_repositories` event, and how a setting changed on GitHub (no event tells secwg
 * that private vulnerability reporting was turned off) is noticed. Every read is conditional and
 * a compliant, unchanged repository plans nothing, so a sweep over compliant repositories writes
 * nothing and costs no rate limit after the first pass.
 */
export const hygieneStep: SweepStep = {
  name: "hygiene",
  async run(ctx: SweepContext): Promise<StepReport> {
    const run = await runHygiene(ctx.gateway, ctx.installation.account, { log: ctx.log, signal: ctx.signal, maxEffects: MAX_EFFECTS_PER_RUN });
    return { actions: run.actions, errors: run.errors };
  },
};
