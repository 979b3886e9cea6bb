import type { Effect } from "../../core/effects.js";
import { parseMarkers } from "../../core/marker.js";
import { ALERT_MARKER_KIND, parseAlertKey, planAlert } from "../../core/monitoring/alerts.js";
import type { Gateway } from "../../github/gateway.js";
import { alertPolicy, type MonitorInputs } from "./gather.js";

/** Open alert issues checked against GitHub per sweep (one read each); the rest wait for the next sweep. */
export const MAX_ALERT_CHECKS = 50;

/**
 * The repair for a lost alert event: every alert issue secwg keeps open in the tracker is checked
 * against the alert as GitHub shows it now (found by the repository's numeric id among the
 * installation's repositories, never by the issue's text), and follows it: closed once the alert
 * is fixed or dismissed, rewritten when what it shows changed. An alert GitHub does not show (the
 * repository gone from the installation, the feature off) is left as it is. A lost `created` event
 * is not repaired here: the sweep does not list every alert of the organisation.
 */
export async function planAlertRepair(gateway: Gateway, inputs: MonitorInputs, signal?: AbortSignal): Promise<Effect[]> {
  const open = [...inputs.issues].flatMap(([marker, issue]) => {
    const found = parseMarkers(marker).find((m) => m.kind === ALERT_MARKER_KIND);
    const alert = found ? parseAlertKey(found.key) : null;
    return alert && issue.state === "open" ? [{ alert, issue }] : [];
  });
  if (open.length === 0) return [];
  const { data: repos } = await gateway.listInstalledRepositories();
  const byId = new Map(repos.map((r) => [r.id, r]));
  const policy = alertPolicy(inputs.config);
  const plan: Effect[] = [];
  for (const { alert, issue } of open.slice(0, MAX_ALERT_CHECKS)) {
    if (signal?.aborted) break;
    const repo = byId.get(alert.repoId);
    if (!repo) continue;
    const current = await gateway.getRepoAlert({ kind: alert.kind, repo: { owner: repo.owner, repo: repo.repo, id: repo.id }, number: alert.number });
    if (!current) continue;
    plan.push(...planAlert({ alert: current, policy, existing: issue, tracker: inputs.tracker, label: inputs.config.monitor.label }));
  }
  return plan;
}
