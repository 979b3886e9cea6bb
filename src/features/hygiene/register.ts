import type { Probot } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { onInstallationRepositoriesAdded, onRepository } from "./events.js";

/**
 * Events GitHub delivers to every GitHub App whatever it subscribes to: they are not (and cannot
 * be) listed in app.yml's `default_events`.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation_repositories
 */
export const ALWAYS_DELIVERED_EVENTS = ["installation", "installation_repositories"] as const;

/** The hygiene feature's events (`repository` needs only `metadata: read`). */
export function registerHygieneHandlers(app: Probot, deps: AppDeps): void {
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository
  app.on(["repository.created", "repository.publicized", "repository.unarchived", "repository.transferred"], (context) => onRepository(context, deps));
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation_repositories
  app.on("installation_repositories.added", (context) => onInstallationRepositoriesAdded(context, deps));
}
