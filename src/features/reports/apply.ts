import type { Advisory } from "../../core/reports/advisory.js";
import { describeEffect } from "../../core/effects.js";
import type { AcceptedPlan } from "../../core/reports/command-plan.js";
import { renderAckTemplate } from "../../core/reports/report-messages.js";
import type { LogActor } from "../../core/reports/report-log.js";
import type { ReportFacts } from "../../core/reports/report-state.js";
import type { IssueRef } from "../../github/gateway.js";
import { appendEntry } from "./log.js";
import type { FeatureEnv } from "../env.js";
import { completePublication } from "./publication.js";
import { applyEffects, applyPlan } from "../apply-effects.js";

/**
 * Applies an accepted plan: first the advisory changes on GitHub through the one executor (so a
 * failure leaves no log entry claiming a change that did not happen), then the log entry, then the
 * plan's `then` effects (closing the tracker) and, after a publication, its closing and archiving.
 * A publication entry uses the fixed key `published`, so publishing by command, by the sweep and
 * by hand on GitHub are recorded once between them.
 */
export interface AcceptedCommand {
  issue: IssueRef;
  advisory: Advisory;
  facts: ReportFacts;
  plan: AcceptedPlan;
  actor: LogActor;
  /** Idempotency key of the command (`commandKey`), or a fixed key for app-made entries. */
  key: string;
}

export async function applyAcceptedPlan(env: FeatureEnv, input: AcceptedCommand): Promise<string[]> {
  const { plan, issue } = input;
  const done: string[] = [];
  const data: Record<string, unknown> = { ...plan.data };
  let advisory = input.advisory;
  for (const applied of await applyEffects(env.gateway, plan.effects, { log: env.log })) {
    advisory = applied.advisory ?? advisory;
    if (applied.effect.kind === "create-advisory-fork") data.url = applied.url;
    done.push(`${applied.outcome}: ${describeEffect(applied.effect)}`);
  }
  const note = plan.event === "acknowledged" ? await acknowledgeReporter(env, advisory, input.actor) : undefined;
  const publication = plan.event === "published";
  if (publication) data.publishedAt = advisory.publishedAt ?? env.now.toISOString();
  await appendEntry(
    env,
    issue,
    input.facts.last,
    {
      ghsa: advisory.ghsaId,
      event: plan.event,
      actor: input.actor,
      at: env.now.toISOString(),
      key: publication ? "published" : input.key,
      data: publication && input.key !== "published" ? { ...data, command: input.key } : data,
    },
    note,
  );
  done.push(`logged ${plan.event}`);
  done.push(...(await applyPlan(plan.then, { gateway: env.gateway, log: env.log })));
  if (publication) done.push(...(await completePublication(env, advisory, issue)));
  return done;
}

/**
 * The reporter hears from the group on the advisory itself. Advisory comments are a preview API
 * behind `reports.advisoryComments`; without it (or when GitHub answers 404) the log entry tells
 * the assignee what to send.
 */
async function acknowledgeReporter(env: FeatureEnv, advisory: Advisory, actor: LogActor): Promise<string> {
  const template = renderAckTemplate(advisory.ghsaId, actor.login);
  if (!env.config.reports.advisoryComments) return template;
  const body = template.split("\n").filter((l) => l.startsWith("> ")).map((l) => l.slice(2)).join("\n");
  const sent = await env.gateway.createAdvisoryComment({ owner: advisory.owner, repo: advisory.repo }, advisory.ghsaId, body);
  return sent === "created" ? "The acknowledgement was posted on the advisory." : template;
}
