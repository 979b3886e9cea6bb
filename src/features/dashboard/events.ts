import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { dashboardWorkKey } from "../../core/work-key.js";
import { isPolicyError } from "../../errors.js";
import { applyEffects } from "../apply-effects.js";
import { PublicTrackerError } from "../board-report/gather.js";
import { planDashboardUpdate } from "./build.js";

/**
 * The dashboard follows events, not only the sweep: a command (reports, sign-off, votes, access), a
 * pull request closed or merged (a vote's outcome, a roster change) or a vote label put on or taken
 * off queues one refresh of the organisation's dashboard under `dashboard:<org>` as routine work.
 * Refreshes coalesce: while one waits, further events join it, so a burst costs one rebuild (two
 * at most, when a rebuild is already running), and an unchanged dashboard writes nothing
 * (`ensure-issue`). The refresh re-reads everything it shows; the event only says "look again".
 */
export const DASHBOARD_EVENTS = ["issue_comment.created", "pull_request.closed", "pull_request.labeled", "pull_request.unlabeled"] as const;

const COMMAND_LINE = /^\s*\/[a-z]/m;

/** The organisation whose dashboard an event may change, or null when it cannot change it. */
export function dashboardKeyFor(payload: unknown): string | null {
  const p = (payload ?? {}) as { action?: unknown; comment?: { body?: unknown }; repository?: { owner?: { login?: unknown } } };
  const owner = p.repository?.owner?.login;
  if (typeof owner !== "string") return null;
  if (p.comment !== undefined) return typeof p.comment.body === "string" && COMMAND_LINE.test(p.comment.body) ? dashboardWorkKey(owner) : null;
  return dashboardWorkKey(owner);
}

export async function refreshDashboard(context: Context, deps: AppDeps): Promise<void> {
  const owner = (context.payload as { repository: { owner: { login: string } } }).repository.owner.login;
  const gateway = deps.gatewayFor(context);
  let plan;
  try {
    plan = await planDashboardUpdate(gateway, { owner, now: deps.now(), signingKey: deps.signingKey });
  } catch (error) {
    // A person's problem (configuration, roster, a public tracker): the sweep reports it.
    if (isPolicyError(error) || error instanceof PublicTrackerError) {
      context.log.warn({ code: isPolicyError(error) ? error.code : "public-tracker" }, "dashboard not refreshed");
      return;
    }
    throw error;
  }
  for (const applied of await applyEffects(gateway, plan.effects)) {
    if (applied.outcome !== "unchanged") context.log.info({ outcome: applied.outcome, url: applied.url }, "dashboard refreshed");
  }
}
