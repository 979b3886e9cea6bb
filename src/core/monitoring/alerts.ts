import { renderMarker } from "../marker.js";
import type { Effect, RepoTarget } from "../effects.js";
import { planTrackerIssue, type TrackedIssue } from "./advisory-plan.js";
import { inertText, token } from "./markdown.js";
import { atLeast, toSeverity, type Severity } from "./severity.js";

/**
 * Alerts GitHub raises on the group's own repositories, reduced to an allow-list of fields. The
 * reduction is the secrecy boundary for secret scanning: a `secret_scanning_alert` is read for its
 * number, state, resolution, secret type and link only, so the secret (which the REST API and
 * future payload fields may carry) has no path into an issue, a log line or a report.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#dependabot_alert
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#code_scanning_alert
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#secret_scanning_alert
 */
export type AlertKind = "dependabot" | "code-scanning" | "secret-scanning";

export interface RepoAlert {
  kind: AlertKind;
  repo: { owner: string; repo: string; id: number };
  number: number;
  state: "open" | "fixed" | "dismissed";
  /** Null when GitHub states none (secret scanning: treated as the highest, see `secretScanningAlert`). */
  severity: Severity | null;
  /** What the alert is about, written by others (package name, rule description): rendered inert. */
  subject: string;
}

export interface AlertPolicy {
  enabled: Record<AlertKind, boolean>;
  minSeverity: Severity;
  /** Repository names (without owner) whose alerts are not tracked. */
  exclude: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : null);

function repoOf(payload: Json): RepoAlert["repo"] | null {
  const repository = obj(payload.repository);
  const owner = obj(repository.owner).login;
  const id = num(repository.id);
  if (typeof owner !== "string" || typeof repository.name !== "string" || id === null) return null;
  return { owner, repo: repository.name, id };
}

/** `dependabot_alert`: `alert.state` is open, fixed, dismissed or auto_dismissed. */
export function dependabotAlert(payload: unknown): RepoAlert | null {
  const p = obj(payload);
  const alert = obj(p.alert);
  const repo = repoOf(p);
  const number = num(alert.number);
  if (!repo || number === null) return null;
  const s = alert.state;
  const state = s === "fixed" ? "fixed" : s === "dismissed" || s === "auto_dismissed" ? "dismissed" : "open";
  const advisory = obj(alert.security_advisory);
  const pkg = obj(obj(alert.dependency).package);
  return {
    kind: "dependabot",
    repo,
    number,
    state,
    severity: toSeverity(obj(alert.security_vulnerability).severity ?? advisory.severity),
    subject: `${String(pkg.ecosystem ?? "")}: ${String(pkg.name ?? "")}`,
  };
}

const CODE_SCANNING_SEVERITY: Record<string, Severity> = { error: "high", warning: "medium", note: "low", none: "low" };

/** `code_scanning_alert`: `alert.state` is open, dismissed or fixed (closed_by_user means dismissed). */
export function codeScanningAlert(payload: unknown): RepoAlert | null {
  const p = obj(payload);
  const alert = obj(p.alert);
  const repo = repoOf(p);
  const number = num(alert.number);
  if (!repo || number === null) return null;
  const s = alert.state;
  const state = s === "fixed" ? "fixed" : s === "dismissed" || s === "closed" ? "dismissed" : "open";
  const rule = obj(alert.rule);
  const severity = toSeverity(rule.security_severity_level) ?? (typeof rule.severity === "string" ? CODE_SCANNING_SEVERITY[rule.severity] ?? null : null);
  return {
    kind: "code-scanning",
    repo,
    number,
    state,
    severity,
    subject: String(rule.description ?? rule.id ?? ""),
  };
}

/**
 * `secret_scanning_alert`: `alert.state` is open or resolved; a resolution of `revoked` means the
 * secret was fixed, every other resolution (false positive, won't fix, used in tests, …) that it
 * was dismissed. A leaked credential has no GitHub severity and is always treated as critical.
 */
export function secretScanningAlert(payload: unknown): RepoAlert | null {
  const p = obj(payload);
  const alert = obj(p.alert);
  const repo = repoOf(p);
  const number = num(alert.number);
  if (!repo || number === null) return null;
  // Older payloads (GitHub Enterprise Server) carry no `state`: a resolution means resolved.
  const resolved = alert.state === "resolved" || (alert.state === undefined && typeof alert.resolution === "string");
  const state = resolved ? (alert.resolution === "revoked" ? "fixed" : "dismissed") : "open";
  return {
    kind: "secret-scanning",
    repo,
    number,
    state,
    severity: "critical",
    // The type's identifier only (e.g. `github_personal_access_token`): never the secret.
    subject: token(alert.secret_type, /^[a-z0-9_]{1,100}$/),
  };
}

const ALERT_PATH: Record<AlertKind, string> = { dependabot: "dependabot", "code-scanning": "code-scanning", "secret-scanning": "secret-scanning" };

/**
 * The alert's page, built from the repository and number rather than taken from the payload, so
 * nothing else the payload carries (a secret in a URL, a link elsewhere) reaches the issue.
 */
export function alertUrl(alert: Pick<RepoAlert, "kind" | "repo" | "number">): string {
  const name = /^[A-Za-z0-9._-]+$/;
  return `https://github.com/${token(alert.repo.owner, name)}/${token(alert.repo.repo, name)}/security/${ALERT_PATH[alert.kind]}/${alert.number}`;
}

export const ALERT_MARKER_KIND = "monitor-alert";

/** The alert an issue's marker key (`<kind>-<repository id>-<number>`) names, or null for any other key. */
export function parseAlertKey(key: string): { kind: AlertKind; repoId: number; number: number } | null {
  const m = /^(dependabot|code-scanning|secret-scanning)-([1-9][0-9]{0,15})-([1-9][0-9]{0,15})$/.exec(key);
  return m ? { kind: m[1] as AlertKind, repoId: Number(m[2]), number: Number(m[3]) } : null;
}

/** Keyed by the repository's numeric id, so a renamed repository keeps its alerts' issues. */
export function alertMarker(alert: Pick<RepoAlert, "kind" | "repo" | "number">): string {
  return renderMarker(ALERT_MARKER_KIND, `${alert.kind}-${alert.repo.id}-${alert.number}`);
}

const KIND_TEXT: Record<AlertKind, string> = {
  dependabot: "Dependabot alert",
  "code-scanning": "Code scanning alert",
  "secret-scanning": "Secret scanning alert",
};

export function renderAlertIssue(alert: RepoAlert): { title: string; body: string } {
  const where = `${inertText(alert.repo.owner, 40)}/${inertText(alert.repo.repo, 100)}`;
  const title = `${KIND_TEXT[alert.kind]} #${alert.number} in ${alert.repo.owner}/${alert.repo.repo}`;
  const lines = [
    alertMarker(alert),
    `**${KIND_TEXT[alert.kind]} #${alert.number}** in ${where}: ${alertUrl(alert)}`,
    `**Severity:** ${alert.severity ?? "not stated"}`,
    alert.kind === "secret-scanning"
      ? `**Secret type:** ${inertText(alert.subject, 100)} (the secret itself is never copied here; see the alert on GitHub)`
      : `**About (as reported, not written by secwg):** ${inertText(alert.subject)}`,
    `**State on GitHub:** ${alert.state}`,
  ];
  return { title, body: lines.join("\n") };
}

export interface AlertPlanInput {
  alert: RepoAlert;
  policy: AlertPolicy;
  existing: TrackedIssue | undefined;
  tracker: RepoTarget;
  label: string;
}

/**
 * One tracker issue per alert, following GitHub's state: opened (or reopened) while the alert is
 * open, closed as completed when fixed and as not planned when dismissed. Alerts below the
 * minimum severity, of a kind turned off, or of an opted-out repository are not tracked; an alert
 * already tracked keeps following GitHub's state.
 */
export function planAlert(input: AlertPlanInput): Effect[] {
  const { alert, policy, existing, tracker, label } = input;
  const tracked = policy.enabled[alert.kind] && atLeast(alert.severity, policy.minSeverity) && !policy.exclude.includes(alert.repo.repo);
  if (!existing && (!tracked || alert.state !== "open")) return [];
  const state = alert.state === "open" ? "open" : "closed";
  return planTrackerIssue({
    tracker,
    label,
    marker: alertMarker(alert),
    existing,
    ...renderAlertIssue(alert),
    state,
    ...(state === "closed" ? { stateReason: alert.state === "fixed" ? ("completed" as const) : ("not_planned" as const) } : {}),
    why: `${alert.kind} alert #${alert.number} in ${alert.repo.owner}/${alert.repo.repo} is ${alert.state}`,
  });
}
