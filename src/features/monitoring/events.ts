import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import { readGlobalAdvisory } from "../../core/monitoring/advisory.js";
import { advisoryMarker, planAdvisory } from "../../core/monitoring/advisory-plan.js";
import { alertMarker, codeScanningAlert, dependabotAlert, planAlert, secretScanningAlert, type RepoAlert } from "../../core/monitoring/alerts.js";
import type { Gateway } from "../../github/gateway.js";
import { applyPlan } from "../apply-effects.js";
import { alertPolicy, gatherMonitorInputs, watchedPackages } from "./gather.js";

type AdvisoryEvent = Context<"security_advisory.published" | "security_advisory.updated" | "security_advisory.withdrawn">;

/** The account an installation belongs to, from the first repository it can access. */
async function installationOwner(gateway: Gateway): Promise<string | null> {
  const repos = await gateway.listInstallationRepos();
  return repos[0]?.owner ?? null;
}

/**
 * `security_advisory.published|updated|withdrawn`: GitHub reviewed, changed or withdrew an advisory
 * of its global database. Opens, updates or closes the tracker issue when the advisory concerns a
 * package of `monitor.packages`. A delivery without an installation cannot write anywhere; the
 * sweep's poll of the database covers it.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#security_advisory
 */
export async function onSecurityAdvisory(context: AdvisoryEvent, deps: AppDeps): Promise<void> {
  const advisory = readGlobalAdvisory(context.payload.security_advisory);
  if (!advisory) {
    context.log.warn("security advisory ignored: no well-formed GHSA id");
    return;
  }
  if (!(context.payload as { installation?: unknown }).installation) {
    context.log.info({ ghsa: advisory.ghsaId }, "security advisory without an installation: left to the sweep");
    return;
  }
  const gateway = deps.gatewayFor(context);
  const owner = await installationOwner(gateway);
  if (!owner) return;
  const gathered = await gatherMonitorInputs(gateway, owner);
  if (gathered.kind === "skip") {
    context.log.info({ ghsa: advisory.ghsaId, reason: gathered.reason }, "security advisory not tracked");
    return;
  }
  const { inputs } = gathered;
  const plan = planAdvisory({
    advisory,
    packages: watchedPackages(inputs.config),
    existing: inputs.issues.get(advisoryMarker(advisory.ghsaId)),
    tracker: inputs.tracker,
    label: inputs.config.monitor.label,
  });
  await applyPlan(plan, { gateway, log: context.log });
}

type AlertEvent = Context<"dependabot_alert" | "code_scanning_alert" | "secret_scanning_alert">;

/**
 * An alert on one of the organization's repositories changed: created, reopened, fixed,
 * dismissed, auto-dismissed. Opens, reopens or closes its tracker issue to follow the alert's
 * state as GitHub shows it when the event is handled (the event only says "look again"), so an old
 * delivery replayed after a newer one changes nothing; a redelivery finds the issue already as
 * planned and writes nothing.
 */
async function onAlert(context: AlertEvent, deps: AppDeps, alert: RepoAlert | null): Promise<void> {
  if (!alert) {
    context.log.warn({ event: context.name }, "alert ignored: payload without repository or alert number");
    return;
  }
  const gateway = deps.gatewayFor(context);
  const gathered = await gatherMonitorInputs(gateway, alert.repo.owner);
  if (gathered.kind === "skip") {
    context.log.info({ event: context.name, reason: gathered.reason }, "alert not tracked");
    return;
  }
  const { inputs } = gathered;
  // A delivery may be older than the alert's last change (redelivered after a newer one, or late):
  // plan from the alert as GitHub shows it now, and from the delivery only when GitHub shows none.
  const current = (await gateway.getRepoAlert(alert)) ?? alert;
  const plan = planAlert({
    alert: current,
    policy: alertPolicy(inputs.config),
    existing: inputs.issues.get(alertMarker(alert)),
    tracker: inputs.tracker,
    label: inputs.config.monitor.label,
  });
  await applyPlan(plan, { gateway, log: context.log });
}

/** @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#dependabot_alert */
export const onDependabotAlert = (context: Context<"dependabot_alert">, deps: AppDeps) => onAlert(context, deps, dependabotAlert(context.payload));
/** @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#code_scanning_alert */
export const onCodeScanningAlert = (context: Context<"code_scanning_alert">, deps: AppDeps) => onAlert(context, deps, codeScanningAlert(context.payload));
/** @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#secret_scanning_alert */
export const onSecretScanningAlert = (context: Context<"secret_scanning_alert">, deps: AppDeps) => onAlert(context, deps, secretScanningAlert(context.payload));
