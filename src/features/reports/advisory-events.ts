import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { gatherConfig } from "../policy/gather.js";
import { eventEnv, type FeatureEnv } from "../env.js";
import type { Advisory } from "../../core/reports/advisory.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import { toAdvisory, type AdvisoryData } from "../../github/advisory-shape.js";
import type { IssueRef } from "../../github/gateway.js";
import { applyAcceptedPlan } from "./apply.js";
import { APP_ACTOR, trackerIsPrivate, trackerRepo } from "./tracker.js";
import { readReportLog } from "./log.js";
import { intakeAdvisory } from "./intake.js";
import { completePublication } from "./publication.js";

type AdvisoryContext = Context<"repository_advisory.reported" | "repository_advisory.published">;

/**
 * Reads the advisory from the payload. Its text is registered with the log scrubber here, before
 * anything else can touch it.
 */
function advisoryOf(context: AdvisoryContext): Advisory {
  const { repository_advisory: advisory, repository } = context.payload;
  return toAdvisory(advisory as AdvisoryData, { owner: repository.owner.login, repo: repository.name });
}

async function envFor(context: AdvisoryContext, deps: AppDeps): Promise<FeatureEnv | null> {
  const gateway = deps.gatewayFor(context);
  const repo = { owner: context.payload.repository.owner.login, repo: context.payload.repository.name };
  // Tracker, roster and report settings come from the organisation only: the advisory's own
  // repository has writers who are not members.
  const config = await gatherConfig(gateway, { owner: repo.owner });
  if (config.ok) return eventEnv(context, deps, gateway, repo.owner, config.value);
  // Nowhere private to explain this on GitHub; the operator sees it and the sweep retries intake.
  context.log.error({ repo: `${repo.owner}/${repo.repo}`, code: config.problem.code }, "report not taken in: configuration unusable");
  return null;
}

/**
 * `repository_advisory.reported`: a private vulnerability report arrived. Opens its tracker issue.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository_advisory
 */
export async function onRepositoryAdvisoryReported(context: Context<"repository_advisory.reported">, deps: AppDeps): Promise<void> {
  const advisory = advisoryOf(context);
  const env = await envFor(context, deps);
  if (!env) return;
  const outcome = await intakeAdvisory(env, advisory);
  context.log.info({ ghsa: advisory.ghsaId, outcome: outcome.kind }, "repository advisory reported");
}

/**
 * `repository_advisory.published`: published by secwg or by hand on GitHub. Records the
 * publication in the report's log (once), closes the tracker issue and proposes the archive entry.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository_advisory
 */
export async function onRepositoryAdvisoryPublished(context: Context<"repository_advisory.published">, deps: AppDeps): Promise<void> {
  const advisory = advisoryOf(context);
  const env = await envFor(context, deps);
  if (!env) return;
  const tracker = trackerRepo(env);
  let trackerIssue: IssueRef | null = null;
  if (await trackerIsPrivate(env, tracker)) {
    const issues = await env.gateway.listReportIssues(tracker, env.config.reports.label, "all");
    const found = issues.find((i) => parseTrackerIssue(i.body)?.ghsa === advisory.ghsaId);
    if (found) {
      trackerIssue = { ...tracker, issue_number: found.number };
      const log = await readReportLog(env, trackerIssue, advisory.ghsaId);
      if (!log.facts.keys.has("published")) {
        await applyAcceptedPlan(env, {
          issue: trackerIssue,
          advisory,
          facts: log.facts,
          plan: { kind: "accept", event: "published", data: { by: "on GitHub" }, effects: [], then: [] },
          actor: APP_ACTOR,
          key: "published",
        });
        return;
      }
    }
  }
  await completePublication(env, advisory, trackerIssue);
}
