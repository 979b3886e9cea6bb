import type { Probot } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { onCodeScanningAlert, onDependabotAlert, onSecretScanningAlert, onSecurityAdvisory } from "./events.js";

/**
 * The monitoring feature's events. Each alert event needs the matching read permission
 * (`vulnerability_alerts`, `security_events`, `secret_scanning_alerts`); where an organization
 * did not grant one, GitHub simply does not deliver that event (`secwg doctor` says so).
 */
export function registerMonitoringHandlers(app: Probot, deps: AppDeps): void {
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#security_advisory
  app.on(["security_advisory.published", "security_advisory.updated", "security_advisory.withdrawn"], (context) => onSecurityAdvisory(context, deps));
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#dependabot_alert
  app.on(
    ["dependabot_alert.created", "dependabot_alert.reopened", "dependabot_alert.reintroduced", "dependabot_alert.fixed", "dependabot_alert.dismissed", "dependabot_alert.auto_dismissed", "dependabot_alert.auto_reopened"],
    (context) => onDependabotAlert(context, deps),
  );
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#code_scanning_alert
  app.on(
    ["code_scanning_alert.created", "code_scanning_alert.reopened", "code_scanning_alert.reopened_by_user", "code_scanning_alert.fixed", "code_scanning_alert.closed_by_user"],
    (context) => onCodeScanningAlert(context, deps),
  );
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#secret_scanning_alert
  app.on(["secret_scanning_alert.created", "secret_scanning_alert.reopened", "secret_scanning_alert.resolved"], (context) => onSecretScanningAlert(context, deps));
}
