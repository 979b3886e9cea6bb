import type { Probot } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { onRosterPullMerged } from "./events.js";

/** Access follows the roster: a merged roster change is applied at once (the sweep repairs the rest). */
export function registerAccessHandlers(app: Probot, deps: AppDeps): void {
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
  app.on("pull_request.closed", (context) => onRosterPullMerged(context, deps));
}
