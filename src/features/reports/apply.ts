import type { Advisory } from "../../core/reports/advisory.js";
import type { CommandPlan } from "../../core/reports/command-plan.js";
import { renderAckTemplate } from "../../core/reports/report-messages.js";
import type { LogActor } from "../../core/reports/report-log.js";
import type { ReportFacts } from "../../core/reports/report-state.js";
import type { IssueRef } from "../../github/gateway.js";
import { appendEntry } from "./log.js";
import type { FeatureEnv } from "../env.js";
import { completePublication } from "./publication.js";

/**
 * Applies an accepted plan: first the advisory changes on GitHub (so a failure leaves no log entry
 * claiming a change that did not happen), then the log entry, then closing and archiving.
 * A publication entry uses the fixed key `published`, so publishing by command, by the sweep and
 * by hand on GitHub are recorded once between them.
 */
export interface AcceptedCommand {
  issue: IssueRef;
  advisory: Advisory;
  facts: ReportFacts;
  plan: Extract<CommandPlan, { kind: "accept" }>;
  actor: LogActor;
  /** Idempotency key of the command (`commandKey`), or a fixed key for app-made entries. */
  key: string;
}

export async function applyAcceptedPlan(env: FeatureEnv, input: AcceptedCommand): Promise<string[]> {
  const { plan, issue } = input;
  const done: string[] = [];
  const data: Record<string, unknown> = { ...plan.data };
  const advisory = await applyAdvisoryEffects(env, input, data, done);
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

  for (const effect of plan.effects) {
    if (effect.kind === "close-tracker" && !env.dryRun) {
      await env.gateway.ensureIssueClosed(issue, effect.reason);
      done.push("closed the tracker issue");
    }
    if (effect.kind === "post-publication") done.push(...(await completePublication(env, advisory, issue)));
  }
  return done;
}

/** The plan's changes to the advisory on GitHub, in order; returns the advisory as GitHub then has it. */
async function applyAdvisoryEffects(env: FeatureEnv, input: AcceptedCommand, data: Record<string, unknown>, done: string[]): Promise<Advisory> {
  const repo = { owner: input.advisory.owner, repo: input.advisory.repo };
  let advisory = input.advisory;
  for (const effect of input.plan.effects) {
    if (env.dryRun) {
      done.push(`would apply ${effect.kind}`);
      continue;
    }
    switch (effect.kind) {
      case "update-advisory":
        advisory = await env.gateway.updateAdvisory(repo, advisory.ghsaId, effect.patch);
        done.push(`updated the advisory (${Object.keys(effect.patch).join(", ")})`);
        break;
      case "request-cve":
        await env.gateway.requestAdvisoryCve(repo, advisory.ghsaId);
        done.push("requested a CVE");
        break;
      case "create-fork":
        data.url = (await env.gateway.createAdvisoryFork(repo, advisory.ghsaId)).html_url;
        done.push("created the temporary private fork");
        break;
      case "close-tracker":
      case "post-publication":
        break; // after the log entry
    }
  }
  return advisory;
}

/**
 * The reporter hears from the group on the advisory itself. Advisory comments are a preview API
 * behind `reports.advisoryComments`; without it (or when GitHub answers 404) the log entry tells
 * the assignee what to send.
 */
async function acknowledgeReporter(env: FeatureEnv, advisory: Advisory, actor: LogActor): Promise<string> {
  const template = renderAckTemplate(advisory.ghsaId, actor.login);
  if (!env.config.reports.advisoryComments || env.dryRun) return template;
  const body = template.split("\n").filter((l) => l.startsWith("> ")).map((l) => l.slice(2)).join("\n");
  const sent = await env.gateway.createAdvisoryComment({ owner: advisory.owner, repo: advisory.repo }, advisory.ghsaId, body);
  return sent === "created" ? "The acknowledgement was posted on the advisory." : template;
}
