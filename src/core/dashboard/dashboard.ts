import type { Effect, RepoTarget } from "../effects.js";
import { renderMarker } from "../marker.js";
import { isAckOverdue } from "../reports/ack-deadline.js";
import { renderElectionRow, type DashboardElection } from "./elections.js";

export type { DashboardElection } from "./elections.js";

/**
 * The group's dashboard: one issue in the private tracker (and `secwg status --json`) showing what
 * is open and what is late. Built only from what the tracker itself holds: GHSA ids, issue numbers,
 * phases, assignees' logins and dates from the verified logs, never an advisory's text. Nothing here
 * depends on the clock except which items are due or overdue, so an unchanged group renders an
 * unchanged body and the sweep writes nothing. Logins are shown as code, not mentions, so an update
 * notifies nobody.
 */
export const DASHBOARD_LABEL = "secwg:dashboard";
export const DASHBOARD_MARKER = renderMarker("dashboard", "tracker");
const DAY = 86_400_000;

export interface DashboardReport {
  issue: number;
  ghsa: string;
  phase: string;
  assignee: string | null;
  ackDueAt: string | null;
  ackedAt: string | null;
  releaseAt: string | null;
  preNotifyAt: string | null;
  /** Distinct signers who approved the most recently approved content. */
  approvals: number;
  requiredApprovals: number;
}

export interface DashboardInput {
  now: string;
  tracker: RepoTarget;
  reports: readonly DashboardReport[];
  /** Null when votes were not gathered. */
  votes: ReadonlyArray<{ target: string; url: string; subject: string; yes: number; no: number; electorate: number; deadline: string }> | null;
  terms: ReadonlyArray<{ login: string; roles: readonly string[]; termEnds: string }>;
  /**
   * Members still onboarding (from the roster's `joined` and `onboarding.months`): the day tracker
   * access may first be granted. Optional: none when not gathered.
   */
  onboarding?: ReadonlyArray<{ login: string; until: string }>;
  /**
   * Open elections from their signed records (`dashboardElection`); null or absent when not
   * gathered ("Not collected").
   */
  elections?: readonly DashboardElection[] | null;
  /** Things the sweep cannot repair by itself (a log that does not verify, a public tracker). */
  problems: readonly string[];
}

export interface Dashboard {
  reports: Array<DashboardReport & { url: string; ack: "done" | "due" | "overdue" | "unknown"; approvalsMissing: number }>;
  upcoming: Array<{ issue: number; ghsa: string; what: "release" | "pre-notification"; at: string; url: string }>;
  votes: DashboardInput["votes"];
  termsEnding: Array<{ login: string; roles: readonly string[]; termEnds: string }>;
  /** Onboarding that ends within 60 days. */
  onboardingEnding: Array<{ login: string; until: string }>;
  elections: DashboardElection[] | null;
  problems: string[];
}

export function buildDashboard(input: DashboardInput): Dashboard {
  const now = Date.parse(input.now);
  const url = (n: number) => `https://github.com/${input.tracker.owner}/${input.tracker.repo}/issues/${n}`;
  const within = (at: string | null, days: number) => at !== null && Date.parse(at) >= now && Date.parse(at) < now + days * DAY;
  const reports = [...input.reports]
    .sort((a, b) => a.issue - b.issue)
    .map((r) => ({
      ...r,
      url: url(r.issue),
      ack: r.ackedAt ? ("done" as const) : r.ackDueAt === null ? ("unknown" as const) : isAckOverdue(r.ackDueAt, now) ? ("overdue" as const) : ("due" as const),
      approvalsMissing: ["draft", "fixing", "embargoed"].includes(r.phase) ? Math.max(0, r.requiredApprovals - r.approvals) : 0,
    }));
  const upcoming = reports
    .flatMap((r) => [
      ...(within(r.preNotifyAt, 30) ? [{ issue: r.issue, ghsa: r.ghsa, what: "pre-notification" as const, at: r.preNotifyAt as string, url: r.url }] : []),
      ...(within(r.releaseAt, 30) ? [{ issue: r.issue, ghsa: r.ghsa, what: "release" as const, at: r.releaseAt as string, url: r.url }] : []),
    ])
    .sort((a, b) => a.at.localeCompare(b.at) || a.issue - b.issue);
  const termsEnding = input.terms
    .filter((t) => Date.parse(`${t.termEnds}T00:00:00Z`) >= now - DAY && Date.parse(`${t.termEnds}T00:00:00Z`) < now + 60 * DAY)
    .sort((a, b) => a.termEnds.localeCompare(b.termEnds) || a.login.localeCompare(b.login));
  const byDeadline = (list: DashboardInput["votes"]) => (list ? [...list].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.target.localeCompare(b.target)) : null);
  const onboardingEnding = (input.onboarding ?? [])
    .filter((o) => Date.parse(`${o.until}T00:00:00Z`) >= now - DAY && Date.parse(`${o.until}T00:00:00Z`) < now + 60 * DAY)
    .sort((a, b) => a.until.localeCompare(b.until) || a.login.localeCompare(b.login));
  // Elections by deadline (a tie, which waits for the signers, last), then by issue.
  const elections = input.elections ? [...input.elections].sort((a, b) => (a.deadline === null ? 1 : 0) - (b.deadline === null ? 1 : 0) || (a.deadline ?? "").localeCompare(b.deadline ?? "") || a.target.localeCompare(b.target)) : null;
  return { reports, upcoming, votes: byDeadline(input.votes), termsEnding, onboardingEnding, elections, problems: [...input.problems] };
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const day = (at: string | null) => (at ? at.slice(0, 16).replace("T", " ") + " UTC" : "—");

export function renderDashboard(d: Dashboard): string {
  const ack = (r: Dashboard["reports"][number]) => (r.ack === "done" ? "done" : r.ack === "unknown" ? "—" : `${r.ack === "overdue" ? "**overdue** since" : "due"} ${day(r.ackDueAt)}`);
  return [
    DASHBOARD_MARKER,
    "# Security Working Group dashboard",
    "",
    "> Kept up to date by secwg. Pin this issue (issue menu → Pin issue) so the group sees it first.",
    "",
    "## Open reports",
    "",
    ...(d.reports.length === 0
      ? ["None."]
      : table(
          ["report", "state", "assignee", "acknowledgement", "approvals missing"],
          d.reports.map((r) => [`[${r.ghsa}](${r.url})`, r.phase, r.assignee ? `\`${r.assignee}\`` : "unassigned", ack(r), String(r.approvalsMissing)]),
        )),
    "",
    "## Dates in the next 30 days",
    "",
    ...(d.upcoming.length === 0 ? ["None."] : d.upcoming.map((u) => `- ${day(u.at)}: ${u.what} of [${u.ghsa}](${u.url})`)),
    "",
    "## Open votes",
    "",
    ...(d.votes === null
      ? ["Not collected."]
      : d.votes.length === 0
        ? ["None."]
        : table(["vote", "subject", "yes", "no", "electorate", "deadline"], d.votes.map((v) => [`[${v.target}](${v.url})`, `\`${v.subject}\``, String(v.yes), String(v.no), String(v.electorate), day(v.deadline)]))),
    "",
    "## Open elections",
    "",
    ...(d.elections === null
      ? ["Not collected."]
      : d.elections.length === 0
        ? ["None."]
        : table(["election", "seat", "phase", "candidates", "electorate", "deadline"], d.elections.map(renderElectionRow))),
    "",
    "## Terms ending in the next 60 days",
    "",
    ...(d.termsEnding.length === 0 ? ["None."] : d.termsEnding.map((t) => `- \`${t.login}\` (${t.roles.join(", ")}): ${t.termEnds}`)),
    "",
    "## Onboarding ending in the next 60 days",
    "",
    ...(d.onboardingEnding.length === 0 ? ["None."] : d.onboardingEnding.map((o) => `- \`${o.login}\`: tracker access may be granted from ${o.until}`)),
    "",
    "## Needs a person",
    "",
    ...(d.problems.length === 0 ? ["Nothing: the sweep repaired everything it found."] : d.problems.map((p) => `- ${p}`)),
    "",
  ].join("\n");
}

export function planDashboard(d: Dashboard, tracker: RepoTarget): Effect[] {
  return [{ kind: "ensure-issue", repo: tracker, marker: DASHBOARD_MARKER, title: "Security Working Group dashboard", body: renderDashboard(d), labels: [DASHBOARD_LABEL], why: "the dashboard reflects the tracker and the roster" }];
}
