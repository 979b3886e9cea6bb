import type { ApplicationFunction, Probot } from "probot";
import { defaultDeps, type AppDeps } from "./app/deps.js";
import { onIssueComment, type CommandFeature } from "./handlers/commands.js";
import { onPullRequestPolicyFiles } from "./handlers/policy-files.js";
import { healthHandler } from "./http/health.js";

/** Slash-command families, one per feature; the dispatcher routes each command to its owner. */
export const COMMAND_FEATURES: CommandFeature[] = [];

/**
 * The events secwg subscribes to, with the handlers for each. `app.yml`'s `default_events` must
 * list exactly the event names used here (a test holds them together).
 */
export function registerHandlers(app: Probot, deps: AppDeps): void {
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
  app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize"], (context) =>
    onPullRequestPolicyFiles(context, deps),
  );
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
  app.on("issue_comment.created", (context) => onIssueComment(context, deps, COMMAND_FEATURES));
}

/** The Probot application: wiring only. */
export function createApp(overrides: Partial<AppDeps> = {}): ApplicationFunction {
  return (app, options) => {
    const deps = defaultDeps(overrides);
    registerHandlers(app, deps);
    options.addHandler?.(healthHandler);
  };
}

export default createApp();
