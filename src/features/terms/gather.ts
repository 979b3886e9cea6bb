import type { SecwgConfig } from "../../config/schema.js";
import { dayIn, plusDays } from "../../core/governance/calendar.js";
import { lapseBranch, noticeKeyOf, noticeSentDay, reminderDays, renewBranch, TERMS_LABEL, type ProposalSeen, type TermsPlanInput } from "../../core/governance/terms-plan.js";
import { noticeDay, lapseDay, renewedTermEnds, termKey, type TermRules, type TermsState } from "../../core/governance/terms.js";
import { removeEntry, setTermEnds } from "../../core/governance/roster-edit.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { resolveRepo } from "../../core/repositories.js";
import { parseRosterYaml, type Member } from "../../core/roster.js";
import type { Gateway, RepoRef } from "../../github/gateway.js";
import { readPolicy } from "../policy/gather.js";

/**
 * Reads what the terms plan needs from GitHub: the roster on the group repository's default branch,
 * secwg's own notice issues and reminder comments, and the pull requests on secwg's term branches,
 * each checked before it is trusted (author by id, branch of the repository itself, files, content).
 */

/** The open pull request on `branch`, with whether it is secwg's and exactly `expected` (when given). */
export async function seeProposal(gateway: Gateway, group: RepoRef, branch: string, rosterPath: string, expected: string | null, self: AppIdentity): Promise<ProposalSeen | null> {
  const number = await gateway.findOpenPullFromBranch(group, branch);
  if (number === null) return null;
  const pr = { ...group, issue_number: number };
  const state = await gateway.getPull(pr);
  const ours =
    state.state === "open" && !state.merged && isOurs(state.author, self) && state.head.ref === branch &&
    state.head.repo !== null && state.head.repo.toLowerCase() === `${group.owner}/${group.repo}`.toLowerCase();
  if (!ours || expected === null) return { number, headSha: state.head.sha, ours, verified: false };
  const { files, capped } = await gateway.listPullFiles(pr);
  const onlyRoster = !capped && files.length === 1 && files[0]?.filename === rosterPath;
  const content = onlyRoster ? await gateway.readFile(group, rosterPath, state.head.sha) : null;
  return { number, headSha: state.head.sha, ours, verified: onlyRoster && content === expected };
}

/** An organisation without a group roster has no terms to keep. */
export const NO_ROSTER = "no roster on the group repository's default branch";

export type TermsGathered = { kind: "ok"; input: Omit<TermsPlanInput, "mergeMethod"> } | { kind: "skip"; reason: string };

/** The roster, each member's notices and the term pull requests, read in that order. */
export async function gatherTerms(
  gateway: Gateway,
  config: SecwgConfig,
  owner: string,
  now: Date,
): Promise<TermsGathered> {
  const group = resolveRepo(config.group.repo, owner);
  const rosterPath = config.group.roster;
  const rosterText = await gateway.readFile(group, rosterPath);
  if (rosterText === null) return { kind: "skip", reason: NO_ROSTER };
  const roster = await readPolicy(async () => parseRosterYaml(rosterText, `${group.owner}/${group.repo}:${rosterPath}`));
  if (!roster.ok) return { kind: "skip", reason: "the roster is invalid" };
  const members: readonly Member[] = roster.value.members;
  const today = dayIn(now, config.reports.timeZone);
  const rules = config.terms;
  const self = await gateway.self();
  const { notices, noticeIssues } = await gatherNotices(gateway, group, members, rules, self);
  const pulls = await gatherTermPulls(gateway, { group, rosterPath, rosterText, members, today, rules, self });
  const state: TermsState = { notices, lapseProposals: new Set(pulls.lapsePulls.keys()), renewing: pulls.renewing };
  return { kind: "ok", input: { group, rosterPath, rosterText, members, today, rules, state, noticeIssues, lapsePulls: pulls.lapsePulls, renewPulls: pulls.renewPulls } };
}

/**
 * When each term's notice was last sent (the notice, then secwg's reminders on it), from secwg's
 * notice issues; and the open notice issue of each current term.
 */
async function gatherNotices(gateway: Gateway, group: RepoRef, members: readonly Member[], rules: TermRules, self: AppIdentity): Promise<Pick<TermsState, "notices"> & Pick<TermsPlanInput, "noticeIssues">> {
  const noticeIssues = new Map<string, number>();
  const notices = new Map<string, { lastSent: string }>();
  const current = new Set(members.filter((m) => m.term_ends).map((m) => termKey(m.id, m.term_ends as string)));
  for (const issue of (await gateway.listIssuesWithLabel(group, TERMS_LABEL)).data) {
    const notice = noticeKeyOf(issue.body);
    if (!notice) continue;
    const key = termKey(notice.memberId, notice.termEnds);
    // A closed notice still counts as sent (no second notice for the same term).
    const sent = noticeSentDay(issue.body) ?? noticeDay(notice.termEnds, rules);
    if (issue.state === "closed" || !current.has(key)) {
      notices.set(key, { lastSent: sent });
      continue;
    }
    noticeIssues.set(key, issue.number);
    const ours = (await gateway.listAllComments({ ...group, issue_number: issue.number })).filter((c) => isOurs(c.user, self)).map((c) => c.body);
    const days = [sent, ...reminderDays(ours, key)].sort();
    notices.set(key, { lastSent: days.at(-1) as string });
  }
  return { notices, noticeIssues };
}

interface TermPullsInput {
  group: RepoRef;
  rosterPath: string;
  rosterText: string;
  members: readonly Member[];
  today: string;
  rules: TermRules;
  self: AppIdentity;
}

/**
 * secwg's renewal and lapse pull requests of each member's current term (each verified against the
 * change it should make), and a lapse proposal of the previous term still open after a renewal.
 */
async function gatherTermPulls(gateway: Gateway, input: TermPullsInput): Promise<Pick<TermsPlanInput, "lapsePulls" | "renewPulls"> & Pick<TermsState, "renewing">> {
  const { group, rosterPath, rosterText, today, rules, self } = input;
  const lapsePulls = new Map<string, ProposalSeen>();
  const renewPulls = new Map<string, ProposalSeen>();
  const renewing = new Set<number>();
  for (const member of input.members) {
    if (!member.term_ends || today < noticeDay(member.term_ends, rules)) {
      const previous = await previousLapse(gateway, input, member);
      if (previous) lapsePulls.set(previous.key, previous.seen);
      continue;
    }
    const key = termKey(member.id, member.term_ends);
    const renewal = await seeProposal(gateway, group, renewBranch(member.id, member.term_ends), rosterPath, setTermEnds(rosterText, member.id, member.term_ends, renewedTermEnds(member.term_ends, rules)), self);
    if (renewal?.ours) {
      renewing.add(member.id);
      renewPulls.set(key, renewal);
    }
    if (today >= member.term_ends) {
      const lapse = await seeProposal(gateway, group, lapseBranch(member.id, member.term_ends), rosterPath, removeEntry(rosterText, member.id), self);
      if (lapse?.ours) lapsePulls.set(key, lapse);
    }
  }
  return { lapsePulls, renewPulls, renewing };
}

/** The previous term's lapse proposal, if one is still open after a renewal: to be withdrawn. */
async function previousLapse(gateway: Gateway, input: TermPullsInput, member: Member): Promise<{ key: string; seen: ProposalSeen } | null> {
  const { today, rules } = input;
  const previous = member.term_ends ? plusDays(member.term_ends, -rules.length) : null;
  // Only after the previous term ended (before that no removal can have been proposed).
  if (!previous || previous > today || today >= plusDays(lapseDay(previous, rules), 30)) return null;
  const seen = await seeProposal(gateway, input.group, lapseBranch(member.id, previous), input.rosterPath, null, input.self);
  return seen ? { key: termKey(member.id, previous), seen } : null;
}
