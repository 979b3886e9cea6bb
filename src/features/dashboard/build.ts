import { loadPolicy } from "../policy/load.js";
import { resolveRepo } from "../../core/repositories.js";
import { gatherRoster } from "../policy/gather.js";
import { buildDashboard, planDashboard, type Dashboard, type DashboardReport } from "../../core/dashboard/dashboard.js";
import type { Effect } from "../../core/effects.js";
import { foldReport, phaseOf } from "../../core/reports/report-state.js";
import { parseTrackerIssue } from "../../core/reports/tracker-issue.js";
import type { Gateway } from "../../github/gateway.js";
import { PublicTrackerError, verifiedRecords } from "../board-report/gather.js";
import { isoDay } from "../../core/dates.js";
import { hasTrackerAccess } from "../../core/governance/access-plan.js";
import { onboardingStatus } from "../../core/governance/onboarding.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { parseMarkers } from "../../core/marker.js";
import { isActiveOn } from "../../core/roster.js";
import { VOTE_OPEN_LABEL } from "../../core/vote/close-plan.js";
import { parseVoteRecord, voteTarget } from "../../core/vote/vote-record.js";
import { tallyVote } from "../../core/vote/vote-tally.js";
import type { RepoRef } from "../../github/gateway.js";
import { gatherOpenElections } from "./elections.js";

/** At most this many open votes are read per run (each costs a comments page and a reactions read). */
export const MAX_DASHBOARD_VOTES = 50;

type OpenVote = NonNullable<Parameters<typeof buildDashboard>[0]["votes"]>[number];

/**
 * The group repository's open votes (label \`vote: open\`), each from secwg's own vote comment
 * (its bot id) whose signed record verifies and is bound to that thread; the tally counts the frozen
 * electorate's reactions up to now. A thread whose record is missing or does not verify is a problem
 * for a person (the votes step reports it too), never a row.
 */
async function gatherOpenVotes(gateway: Gateway, repo: RepoRef, self: AppIdentity, signingKey: string, now: Date, problems: string[]): Promise<OpenVote[]> {
  const { data: threads } = await gateway.listOpenWithLabel(repo, VOTE_OPEN_LABEL);
  const votes: OpenVote[] = [];
  for (const thread of threads.slice(0, MAX_DASHBOARD_VOTES)) {
    const ref = { ...repo, issue_number: thread.number };
    const target = voteTarget(ref);
    const comment = (await gateway.listAllComments(ref)).find((c) => isOurs(c.user, self) && parseMarkers(c.body).some((m) => m.kind === "vote" && m.key === target));
    const parsed = comment ? parseVoteRecord(comment.body, signingKey, target) : null;
    if (!comment || !parsed || parsed.kind !== "ok" || parsed.record.state !== "open") {
      problems.push(`the vote on ${target} has no signed open record that verifies (see the votes step)`);
      continue;
    }
    const record = parsed.record;
    const tally = tallyVote(record.electorate, (await gateway.listReactionsForIssueComment(ref, comment.id)).data, new Date(Math.min(Date.parse(record.deadline), now.getTime())).toISOString());
    votes.push({ target, url: `https://github.com/${repo.owner}/${repo.repo}/pull/${thread.number}`, subject: record.subject.login, yes: tally.yes.length, no: tally.no.length, electorate: record.electorate.length, deadline: record.deadline });
  }
  return votes;
}

/**
 * Gather → decide for the dashboard: the open tracker issues and their verified logs, the group
 * repository's open votes and elections from their signed records, the roster's terms and
 * onboarding; never an advisory.
 */
export async function planDashboardUpdate(gateway: Gateway, input: { owner: string; now: Date; signingKey: string }): Promise<{ dashboard: Dashboard; effects: Effect[] }> {
  const config = await loadPolicy(gateway, input.owner);
  const tracker = resolveRepo(config.group.tracker, input.owner);
  if (!(await gateway.getRepository(tracker)).private) throw new PublicTrackerError(tracker);
  const reports: DashboardReport[] = [];
  const problems: string[] = [];
  const self = await gateway.self();
  for (const issue of await gateway.listReportIssues(tracker, config.reports.label, "open")) {
    const tracked = parseTrackerIssue(issue.body);
    if (!tracked) continue;
    const records = verifiedRecords(await gateway.listAllComments({ ...tracker, issue_number: issue.number }), tracked.ghsa, input.signingKey, self);
    if (!records) {
      problems.push(`the log of #${issue.number} does not verify (run \`secwg log verify\`)`);
      continue;
    }
    const facts = foldReport(tracked.ghsa, records);
    const latest = facts.approvals.at(-1)?.hash;
    const approvals = new Set(facts.approvals.filter((a) => a.hash === latest).map((a) => a.id)).size;
    reports.push({
      issue: issue.number,
      ghsa: tracked.ghsa,
      phase: phaseOf(facts, approvals >= config.reports.requiredApprovals),
      assignee: facts.assignee?.login ?? null,
      ackDueAt: facts.ackDueAt,
      ackedAt: facts.ackedAt,
      releaseAt: facts.embargo?.releaseAt ?? null,
      preNotifyAt: facts.embargo?.preNotifyAt ?? null,
      approvals,
      requiredApprovals: config.reports.requiredApprovals,
    });
  }
  const groupRepo = resolveRepo(config.group.repo, input.owner);
  const votes = await gatherOpenVotes(gateway, groupRepo, self, input.signingKey, input.now, problems);
  const elections = await gatherOpenElections(gateway, groupRepo, self, input.signingKey, problems);
  let terms: Array<{ login: string; roles: string[]; termEnds: string }> = [];
  const onboarding: Array<{ login: string; until: string }> = [];
  const today = isoDay(input.now);
  const roster = await gatherRoster(gateway, config, input.owner);
  if (roster.ok) {
    terms = roster.value.members.filter((m) => m.term_ends).map((m) => ({ login: m.login, roles: [...m.roles], termEnds: m.term_ends as string }));
    for (const member of roster.value.members) {
      if (!isActiveOn(member, today) || hasTrackerAccess(member)) continue;
      const status = onboardingStatus(member, config.onboarding.months, today);
      if (status.kind === "onboarding") onboarding.push({ login: member.login, until: status.until });
    }
  } else {
    problems.push(`the roster is unusable (${roster.problem.code})`);
  }
  const dashboard = buildDashboard({ now: input.now.toISOString(), tracker, reports, votes, terms, onboarding, elections, problems });
  return { dashboard, effects: planDashboard(dashboard, tracker) };
}
