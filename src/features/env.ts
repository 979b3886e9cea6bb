import type { Context } from "probot";
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.js";
import type { SecwgConfig } from "../config/schema.js";
import type { Roster } from "../core/roster.js";
import type { Gateway } from "../github/gateway.js";

/**
 * What every step has for one event, a command or one unit of the sweep's work before it gathers
 * the policy: GitHub, the log, the clock (read once), and the key that signs records. (A dry run is
 * only a gateway that records its writes: see `github/recording-gateway.ts`.) Votes, membership and removals start here and read the policy only in the steps
 * that need it, so a thread with nothing to do costs no configuration read.
 */
export interface BaseEnv {
  gateway: Gateway;
  log: Logger;
  now: Date;
  signingKey: string;
}

/**
 * What a feature's steps share for one event, whether a webhook, a command or the sweep runs them:
 * GitHub, the log, the clock (read once per event), the key that signs records, the account that
 * owns the policy, tracker and group repositories, the policy gathered for the event (and the
 * roster when the feature needed it).
 * It exists once the policy is gathered: nothing is written before the policy is known.
 */
export interface FeatureEnv extends BaseEnv {
  /** The account that owns the policy (`<owner>/.github`), the tracker and the group repository. */
  owner: string;
  config: SecwgConfig;
  /** The roster on the group repository's default branch, when the event's gather read it. */
  roster?: Roster;
}

/** The environment of a webhook event before its policy is gathered. */
export function baseEnv(context: Context, deps: Pick<AppDeps, "now" | "signingKey" | "gatewayFor">): BaseEnv {
  return { gateway: deps.gatewayFor(context), log: context.log, now: deps.now(), signingKey: deps.signingKey };
}

/** The environment of a webhook event. */
export function eventEnv(context: Pick<Context, "log">, deps: Pick<AppDeps, "now" | "signingKey">, gateway: Gateway, owner: string, config: SecwgConfig): FeatureEnv {
  return { gateway, log: context.log, now: deps.now(), signingKey: deps.signingKey, owner, config };
}

/** The environment of a sweep step for one installation's account. */
export function sweepEnv(
  ctx: { gateway: Gateway; log: Logger; now: Date; signingKey: string; installation: { account: string } },
  config: SecwgConfig,
): FeatureEnv {
  return { gateway: ctx.gateway, log: ctx.log, now: ctx.now, signingKey: ctx.signingKey, owner: ctx.installation.account, config };
}
