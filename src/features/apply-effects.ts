import { describeEffect, type Effect } from "../core/effects.js";
import type { Logger } from "pino";
import type { EnsureOutcome, Gateway } from "../github/gateway.js";
import { isTransientFailure } from "../core/retry-policy.js";
import { GitHubError } from "../errors.js";
import { applyAccessEffect } from "./apply-access-effects.js";
import type { Advisory } from "../core/reports/advisory.js";

export { renderPlan } from "../core/effects.js";

/** What the executor logs with. */
export type EffectLog = Pick<Logger, "info" | "warn">;

export interface AppliedEffect {
  effect: Effect;
  outcome: EnsureOutcome | "logged" | "skipped";
  /** Where the result can be seen, when GitHub said. */
  url?: string;
  /** The pull request a `propose-file` opened or found. */
  pull?: number;
  /** The advisory as GitHub has it after an `update-advisory`. */
  advisory?: Advisory;
}

/**
 * The one executor: applies a plan in order through the gateway. Each effect is an `ensure*`, so
 * applying the same plan twice writes nothing the second time. Stops at the first failure (the
 * error propagates), so a later effect never runs on the assumption that an earlier one happened;
 * the next event or sweep decides again from what GitHub then has. `log` is needed by plans with
 * `log` effects, and records each tracking issue it ensures.
 */
export async function applyEffects(gateway: Gateway, effects: readonly Effect[], options: { log?: EffectLog } = {}): Promise<AppliedEffect[]> {
  const applied: AppliedEffect[] = [];
  for (const effect of effects) applied.push(await applyEffect(gateway, effect, options.log));
  return applied;
}

/**
 * A plan applied, as lines for a sweep or CLI report: `<outcome>: …` per applied effect. (In a dry
 * run the gateway records the writes and the runner reports those instead.)
 */
export async function applyPlan(plan: readonly Effect[], options: { gateway: Gateway; log: EffectLog }): Promise<string[]> {
  return (await applyEffects(options.gateway, plan, { log: options.log })).map((a) => `${a.outcome}: ${describeEffect(a.effect)}`);
}

async function applyEffect(gateway: Gateway, effect: Effect, log: EffectLog | undefined): Promise<AppliedEffect> {
  switch (effect.kind) {
    case "ensure-issue":
      return applyEnsureIssue(gateway, effect, log);
    case "close-issue":
      return { effect, outcome: await gateway.ensureIssueClosed({ ...effect.repo, issue_number: effect.number }, effect.reason) };
    case "propose-file": {
      const { branch, path, content, commitMessage, title, body } = effect;
      const result = await gateway.proposeFile(effect.repo, { branch, path, content, commitMessage, title, body });
      return { effect, outcome: result.outcome, ...(result.pull ? { pull: result.pull } : {}) };
    }
    case "enable-private-vulnerability-reporting":
      await gateway.enablePrivateVulnerabilityReporting(effect.repo);
      return { effect, outcome: "updated" };
    case "log":
      if (!log) throw new Error("a plan with log effects needs a logger");
      log[effect.level]({ repo: `${effect.repo.owner}/${effect.repo.repo}` }, effect.message);
      return { effect, outcome: "logged" };
    case "ensure-comment": {
      const result = await gateway.ensureComment(effect.issue, effect.marker, effect.body);
      return { effect, outcome: result.outcome, url: result.comment.html_url };
    }
    case "update-comment":
      await gateway.updateComment(effect.issue, effect.commentId, effect.body);
      return { effect, outcome: "updated" };
    case "ensure-labels": {
      const { add, remove, current } = effect;
      return { effect, outcome: await gateway.ensureLabels(effect.issue, { ...(add ? { add } : {}), ...(remove ? { remove } : {}), ...(current ? { current } : {}) }) };
    }
    case "ensure-check-run":
      // Only owner and name: the gateway spreads the reference into the request parameters.
      return { effect, outcome: await gateway.ensureCheckRun({ owner: effect.repo.owner, repo: effect.repo.repo }, effect.check) };
    case "request-reviewers":
      await gateway.requestReviewers(effect.issue, effect.logins);
      return { effect, outcome: "updated" };
    case "close-pull":
      await gateway.closePull(effect.issue);
      return { effect, outcome: "updated" };
    case "ensure-log-entry":
      return applyLogEntry(gateway, effect, log);
    case "merge-pull": {
      if ((await gateway.getPull(effect.issue)).merged) return { effect, outcome: "unchanged", pull: effect.issue.issue_number };
      await gateway.mergePull(effect.issue, { sha: effect.sha, merge_method: effect.method, commit_title: effect.commitTitle });
      return { effect, outcome: "updated", pull: effect.issue.issue_number };
    }
    case "ensure-team-membership":
    case "ensure-collaborator":
    case "ensure-advisory-collaborators":
    case "access-log-entry":
      return applyAccessEffect(gateway, effect);
    case "update-advisory":
      return { effect, outcome: "updated", advisory: await gateway.updateAdvisory(effect.repo, effect.ghsaId, effect.patch) };
    case "request-advisory-cve":
      await gateway.requestAdvisoryCve(effect.repo, effect.ghsaId);
      return { effect, outcome: "updated" };
    case "create-advisory-fork":
      return { effect, outcome: "created", url: (await gateway.createAdvisoryFork(effect.repo, effect.ghsaId)).html_url };
  }
}

/** The one issue found by its marker (or among those with a label), with this title, body and state. */
async function applyEnsureIssue(gateway: Gateway, effect: Extract<Effect, { kind: "ensure-issue" }>, log: EffectLog | undefined): Promise<AppliedEffect> {
  const spec = {
    title: effect.title,
    body: effect.body,
    ...(effect.labels ? { labels: effect.labels } : {}),
    ...(effect.state ? { state: effect.state } : {}),
    ...(effect.stateReason ? { state_reason: effect.stateReason } : {}),
  };
  const result = effect.findByLabel === undefined
    ? await gateway.ensureIssue(effect.repo, effect.marker, spec)
    : await gateway.ensureIssue(effect.repo, effect.marker, spec, { findByLabel: effect.findByLabel });
  log?.info({ repo: `${effect.repo.owner}/${effect.repo.repo}`, issue: result.number, outcome: result.outcome }, "ensured tracking issue");
  return { effect, outcome: result.outcome, url: result.html_url };
}

/**
 * A missing or forbidden log repository will not come back by retrying: logged and skipped. A 5xx,
 * a rate limit or a dropped connection will: those stop the plan, and the next run applies it again.
 */
async function applyLogEntry(gateway: Gateway, effect: Extract<Effect, { kind: "ensure-log-entry" }>, log: EffectLog | undefined): Promise<AppliedEffect> {
  const { repo, issue } = effect;
  try {
    const found = await gateway.ensureIssue(repo, issue.marker, { title: issue.title, body: issue.body, labels: [issue.label] }, { findByLabel: issue.label });
    const result = await gateway.ensureComment({ ...repo, issue_number: found.number }, effect.marker, effect.body);
    return { effect, outcome: result.outcome, url: result.comment.html_url };
  } catch (error) {
    if (!(error instanceof GitHubError) || isTransientFailure(error)) throw error;
    log?.warn({ repo: `${repo.owner}/${repo.repo}`, status: error.status }, "log entry not written: repository unreachable");
    return { effect, outcome: "skipped" };
  }
}

