import { describeEffect, type Effect } from "../core/effects.js";
import type { EnsureOutcome, Gateway } from "../github/gateway.js";

export interface AppliedEffect {
  effect: Effect;
  outcome: EnsureOutcome;
  /** Where the result can be seen, when GitHub said. */
  url?: string;
  /** The pull request a `propose-file` opened or found. */
  pull?: number;
}

/**
 * Applies a plan in order through the gateway. Each effect is an `ensure*`: applying the same plan
 * twice writes nothing the second time. Stops at the first failure (the error propagates), so a
 * later effect never runs on the assumption that an earlier one happened.
 */
export async function applyEffects(gateway: Gateway, effects: readonly Effect[]): Promise<AppliedEffect[]> {
  const applied: AppliedEffect[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case "ensure-issue": {
        const result = await gateway.ensureIssue(effect.repo, effect.marker, { title: effect.title, body: effect.body, ...(effect.labels ? { labels: effect.labels } : {}) });
        applied.push({ effect, outcome: result.outcome, url: result.html_url });
        break;
      }
      case "propose-file": {
        const { repo, kind: _kind, ...proposal } = effect;
        const result = await gateway.proposeFile(repo, proposal);
        applied.push({ effect, outcome: result.outcome, ...(result.pull ? { pull: result.pull } : {}) });
        break;
      }
    }
  }
  return applied;
}

/** The plan as a dry run prints it. */
export function renderPlan(effects: readonly Effect[]): string {
  return effects.length === 0 ? "nothing to do" : effects.map((e) => `would ${describeEffect(e)}`).join("\n");
}
