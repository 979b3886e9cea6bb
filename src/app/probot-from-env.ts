import { createProbot, type Probot } from "probot";
import type { Logger } from "pino";
import type { Metrics } from "../metrics.js";
import { createSecwgOctokit } from "../octokit.js";
import type { SharedState } from "./shared-state.js";

export class MissingCredentialsError extends Error {
  constructor() {
    super("GitHub App credentials missing: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH); GHE_HOST/GHE_PROTOCOL for GitHub Enterprise Server");
    this.name = "MissingCredentialsError";
  }
}

/**
 * A Probot for commands that run outside the server (`secwg sweep`, `secwg doctor`), from the same
 * environment variables as the server: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, GHE_HOST and
 * GHE_PROTOCOL, REDIS_URL (shares the throttling budget with the server replicas).
 */
export function probotFromEnv(log: Logger, metrics?: Metrics, env: NodeJS.ProcessEnv = process.env, shared?: SharedState): Probot {
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) throw new MissingCredentialsError();
  return createProbot({
    env,
    overrides: { log, Octokit: createSecwgOctokit({ log, ...(metrics ? { metrics } : {}), throttleId: env.SECWG_THROTTLE_ID ?? "secwg", ...(shared ? { conditionalCache: shared.conditionalCache, contentBudget: shared.contentBudget } : {}) }) },
  });
}
