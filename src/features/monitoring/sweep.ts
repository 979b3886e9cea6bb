import { advisoryMarker, planAdvisory } from "../../core/monitoring/advisory-plan.js";
import type { Effect } from "../../core/effects.js";
import type { StepReport, SweepContext, SweepStep } from "../../sweep/types.js";
import { applyPlan } from "../apply-effects.js";
import { planAlertRepair } from "./alert-repair.js";
import { gatherMonitorInputs, watchedPackages } from "./gather.js";

/** Writes per installation and sweep; a first pass over a long backlog continues next time. */
const MAX_EFFECTS_PER_RUN = 50;

/**
 * Polls GitHub's advisory database for the watched packages, one request per ecosystem (more only
 * past 100 advisories), and brings the tracker issues in line: the repair for a missed or
 * undelivered `security_advisory` event. The query does not change between sweeps, so an
 * unchanged feed is answered 304 and costs no rate limit, and the plan of an unchanged feed is
 * empty, so nothing is written. Then the open alert issues are checked against their alerts
 * (`planAlertRepair`), the repair for a lost alert event.
 */
export const monitoringStep: SweepStep = {
  name: "monitoring",
  async run(ctx: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    const gathered = await gatherMonitorInputs(ctx.gateway, ctx.installation.account);
    if (gathered.kind === "skip") {
      if (gathered.problem) report.errors.push(`${ctx.installation.account}: ${gathered.reason}`);
      return report;
    }
    const { inputs } = gathered;
    const packages = watchedPackages(inputs.config);
    const byEcosystem = new Map<string, string[]>();
    for (const p of packages) byEcosystem.set(p.ecosystem, [...(byEcosystem.get(p.ecosystem) ?? []), p.name]);
    const plan: Effect[] = [];
    for (const [ecosystem, names] of byEcosystem) {
      if (ctx.signal?.aborted) break;
      const { data } = await ctx.gateway.listGlobalAdvisories({
        ecosystem,
        affects: [...new Set(names)].sort(),
        ...(inputs.config.monitor.since ? { updatedSince: inputs.config.monitor.since } : {}),
      });
      for (const advisory of data) {
        plan.push(
          ...planAdvisory({
            advisory,
            packages,
            existing: inputs.issues.get(advisoryMarker(advisory.ghsaId)),
            tracker: inputs.tracker,
            label: inputs.config.monitor.label,
          }),
        );
      }
    }
    plan.push(...(await planAlertRepair(ctx.gateway, inputs, ctx.signal)));
    // One advisory can concern several ecosystems: keep its first effect only.
    const unique = plan.filter((e, i) => e.kind !== "ensure-issue" || plan.findIndex((o) => o.kind === "ensure-issue" && o.marker === e.marker) === i);
    report.actions.push(...(await applyPlan(unique.slice(0, MAX_EFFECTS_PER_RUN), { gateway: ctx.gateway, log: ctx.log })));
    if (unique.length > MAX_EFFECTS_PER_RUN) report.actions.push(`${unique.length - MAX_EFFECTS_PER_RUN} more left for the next sweep`);
    return report;
  },
};
