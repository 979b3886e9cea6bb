import { isoDay } from "../../core/dates.js";
import { gatherRoster } from "../policy/gather.js";
import type { Advisory } from "../../core/reports/advisory.js";
import { pickAssignee, type AssignmentDecision } from "../../core/reports/assignment.js";
import { parseTrackerIssue, renderTrackerIssue, reportMarker } from "../../core/reports/tracker-issue.js";
import { addWorkingDays } from "../../core/reports/working-days.js";
import type { IssueRef, ReportIssue } from "../../github/gateway.js";
import { APP_ACTOR, calendarOf, trackerIsPrivate, trackerRepo } from "./tracker.js";
import { appendEntry, readReportLog } from "./log.js";
import type { FeatureEnv } from "../env.js";
import { wasWritten } from "../../github/recording-gateway.js";

export type IntakeOutcome =
  | { kind: "refused"; reason: "tracker-public" }
  | { kind: "created"; issue: number; assignee: string | null }
  | { kind: "unchanged"; issue: number }
  | { kind: "repaired"; issue: number };

/**
 * Opens the one tracker issue of a new report (marker = GHSA id), assigns it, starts its log, and
 * adds the assignee to the advisory's collaborators. Every step is found before it is made, so a
 * redelivered event or a repeated sweep writes nothing. `issues` saves a listing when the caller
 * (the sweep) already has the tracker's issues.
 */
export async function intakeAdvisory(env: FeatureEnv, advisory: Advisory, issues?: ReportIssue[]): Promise<IntakeOutcome> {
  const tracker = trackerRepo(env);
  if (!issues && !(await trackerIsPrivate(env, tracker))) return { kind: "refused", reason: "tracker-public" };
  const label = env.config.reports.label;
  const all = issues ?? (await env.gateway.listReportIssues(tracker, label, "all"));
  const existing = all.find((i) => parseTrackerIssue(i.body)?.ghsa === advisory.ghsaId);
  const ghsa = advisory.ghsaId;

  if (existing) {
    const ref: IssueRef = { ...tracker, issue_number: existing.number };
    const log = await readReportLog(env, ref, ghsa);
    const assignee = existing.assignees[0] ?? null;
    if (log.facts.keys.has("reported")) {
      // The payload's collaborator list may be stale on a redelivery: read the advisory again.
      await ensureCollaborator(env, await env.gateway.getAdvisory({ owner: advisory.owner, repo: advisory.repo }, ghsa), assignee);
      return { kind: "unchanged", issue: existing.number };
    }
    // The issue was created but the process stopped before its first log entry.
    await startLog(env, ref, advisory, assignee);
    await ensureCollaborator(env, advisory, assignee);
    return { kind: "repaired", issue: existing.number };
  }

  const decision = await resolveAssignee(env, await decideAssignee(env, all));
  const assignee = decision.kind === "assigned" ? { id: decision.member.id, login: decision.member.login } : null;
  const reportedAt = advisory.createdAt ?? env.now.toISOString();
  const ackDueAt = addWorkingDays(new Date(reportedAt), env.config.reports.ackWorkingDays, calendarOf(env.config)).toISOString();
  const { title, body } = renderTrackerIssue({
    advisory,
    reportedAt,
    ackDueAt,
    assignee,
    ...(decision.kind === "unassigned" ? { unassignedReason: decision.reason } : {}),
    requiredApprovals: env.config.reports.requiredApprovals,
    preNotificationDays: env.config.reports.preNotificationDays,
    timeZone: env.config.reports.timeZone,
  });
  const created = await env.gateway.ensureIssue(
    tracker,
    reportMarker(ghsa),
    { title, body, labels: [label], ...(assignee ? { assignees: [assignee.login] } : {}) },
    { findByLabel: label },
  );
  const ref: IssueRef = { ...tracker, issue_number: created.number };
  // A sweep taking in several reports balances the next one against this one too, and then reads
  // its log; a dry run's issue was not opened, so there is nothing of it to read.
  if (wasWritten(created)) issues?.push({ number: created.number, state: "open", body, assignees: assignee ? [assignee] : [] });
  await startLog(env, ref, advisory, assignee, { reportedAt, ackDueAt });
  await ensureCollaborator(env, advisory, assignee);
  env.log.info({ ghsa, tracker: `${tracker.owner}/${tracker.repo}`, issue: created.number, assignee: assignee?.id ?? null }, "report taken in");
  return { kind: "created", issue: created.number, assignee: assignee?.login ?? null };
}

/**
 * People are numeric ids: the roster's `login` is only a display name and may belong to someone
 * else by now (a renamed member's old login can be registered by anyone). The assignee's login is
 * the one GitHub gives for the roster id at the time of writing; an id that no longer resolves is
 * skipped and the tracker issue says so.
 * @see https://docs.github.com/en/rest/users/users#get-a-user-using-their-id
 */
async function resolveAssignee(env: FeatureEnv, decision: AssignmentDecision): Promise<AssignmentDecision> {
  if (decision.kind !== "assigned") return decision;
  const login = await env.gateway.getUserLogin(decision.member.id);
  if (login === null) {
    env.log.warn({ member: decision.member.id }, "report left unassigned: the chosen member's account no longer exists");
    return { kind: "unassigned", reason: `the member with id ${decision.member.id} was chosen, but GitHub no longer knows that account; the Chair should assign someone` };
  }
  return { ...decision, member: { ...decision.member, login } };
}

async function decideAssignee(env: FeatureEnv, issues: readonly ReportIssue[]): Promise<AssignmentDecision> {
  const read = await gatherRoster(env.gateway, env.config, env.owner);
  if (!read.ok) {
    env.log.warn({ code: read.problem.code }, "report left unassigned: roster unusable");
    return { kind: "unassigned", reason: "the roster could not be read (see the group repository's checks)" };
  }
  const roster = read.value;
  const openLoad = new Map<number, number>();
  const totalLoad = new Map<number, number>();
  for (const issue of issues) {
    for (const a of issue.assignees) {
      totalLoad.set(a.id, (totalLoad.get(a.id) ?? 0) + 1);
      if (issue.state === "open") openLoad.set(a.id, (openLoad.get(a.id) ?? 0) + 1);
    }
  }
  return pickAssignee({ roster, today: isoDay(env.now), onboardingUntil: env.config.reports.onboardingUntil, openLoad, totalLoad });
}

async function startLog(
  env: FeatureEnv,
  issue: IssueRef,
  advisory: Advisory,
  assignee: { id: number; login: string } | null,
  dates?: { reportedAt: string; ackDueAt: string },
): Promise<void> {
  const reportedAt = dates?.reportedAt ?? advisory.createdAt ?? env.now.toISOString();
  const ackDueAt = dates?.ackDueAt ?? addWorkingDays(new Date(reportedAt), env.config.reports.ackWorkingDays, calendarOf(env.config)).toISOString();
  await appendEntry(env, issue, null, {
    ghsa: advisory.ghsaId,
    event: "reported",
    actor: APP_ACTOR,
    at: env.now.toISOString(),
    key: "reported",
    data: {
      repo: `${advisory.owner}/${advisory.repo}`,
      reportedAt,
      ackDueAt,
      ...(assignee ? { assigneeId: assignee.id, assigneeLogin: assignee.login } : {}),
    },
  });
}

/** Adds the assignee to the advisory's collaborators, keeping the ones already there. */
async function ensureCollaborator(env: FeatureEnv, advisory: Advisory, assignee: { id: number; login: string } | null): Promise<void> {
  if (!assignee || advisory.collaboratingUsers.some((u) => u.id === assignee.id)) return;
  await env.gateway.updateAdvisory({ owner: advisory.owner, repo: advisory.repo }, advisory.ghsaId, {
    collaborating_users: [...advisory.collaboratingUsers.map((u) => u.login), assignee.login],
  });
}
