import type { Logger } from "pino";
import { describeEffect, type Effect } from "../core/plan/effects.js";
import type { Gateway } from "../github/gateway.js";

export interface ApplyOptions {
  gateway: Gateway;
  log: Logger;
  /** Render the plan instead of writing. */
  dryRun: boolean;
}

/**
 * Applies a plan through the gateway, in order, one effect after another: the only place a
 * monitoring or hygiene decision turns into writes. Each effect is an `ensure`, so applying a plan
 * twice writes nothing the second time; an effect that fails stops the plan (the next event or
 * sweep decides again from what GitHub then has). Returns one line per effect, prefixed `would`
 * in a dry run; a dry run makes no request at all.
 */
export async function applyPlan(plan: readonly Effect[], options: ApplyOptions): Promise<string[]> {
  const lines: string[] = [];
  for (const effect of plan) {
    if (options.dryRun) {
      lines.push(`would ${describeEffect(effect)}`);
      continue;
    }
    lines.push(`${await applyEffect(effect, options)}: ${describeEffect(effect)}`);
  }
  return lines;
}

async function applyEffect(effect: Effect, { gateway, log }: ApplyOptions): Promise<string> {
  switch (effect.kind) {
    case "ensure-issue": {
      const { outcome, number } = await gateway.ensureIssue(
        effect.repo,
        effect.marker,
        {
          title: effect.title,
          body: effect.body,
          labels: [effect.label],
          ...(effect.state ? { state: effect.state } : {}),
          ...(effect.stateReason ? { state_reason: effect.stateReason } : {}),
        },
        { findByLabel: effect.label },
      );
      log.info({ repo: `${effect.repo.owner}/${effect.repo.repo}`, issue: number, outcome }, "ensured tracking issue");
      return outcome;
    }
    case "close-issue":
      return gateway.ensureIssueClosed({ ...effect.repo, issue_number: effect.number }, effect.reason);
    case "open-pull-request": {
      const { outcome } = await gateway.proposeFile(effect.repo, {
        branch: effect.branch,
        path: effect.path,
        content: effect.content,
        commitMessage: effect.commitMessage,
        title: effect.title,
        body: effect.body,
      });
      return outcome;
    }
    case "enable-private-vulnerability-reporting":
      await gateway.enablePrivateVulnerabilityReporting(effect.repo);
      return "updated";
    case "log":
      log[effect.level]({ repo: `${effect.repo.owner}/${effect.repo.repo}` }, effect.message);
      return "logged";
  }
}
