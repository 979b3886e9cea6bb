import { dashboardElection, type DashboardElection } from "../../core/dashboard/elections.js";
import { currentRound, tallyRound } from "../../core/governance/election-plan.js";
import { ELECTION_MARKER_KIND, ELECTION_OPEN_LABEL, ELECTION_RECORD_KIND, electionTarget, parseElectionRecord } from "../../core/governance/election-record.js";
import { isOurs, type AppIdentity } from "../../core/identity.js";
import { parseMarkers } from "../../core/marker.js";
import type { Reaction } from "../../core/vote/vote-tally.js";
import { GitHubError } from "../../errors.js";
import type { Gateway, IssueComment, IssueRef, RepoRef } from "../../github/gateway.js";

/** At most this many issues labelled `election: open` are read per run (each costs a comments page, plus one reactions read per ballot). */
export const MAX_DASHBOARD_ELECTIONS = 10;

/** Whether a comment carries anything that looks like secwg's election record or election comment. */
function looksLikeElection(comment: IssueComment): boolean {
  return parseMarkers(comment.body).some((m) => m.kind === ELECTION_RECORD_KIND || m.kind === ELECTION_MARKER_KIND);
}

/** A ballot's reactions; a ballot comment that is gone counts nothing and is a problem for a person. */
async function ballotReactions(gateway: Gateway, ref: IssueRef, comment: number, target: string, problems: string[]): Promise<Reaction[]> {
  try {
    return (await gateway.listReactionsForIssueComment(ref, comment)).data;
  } catch (error) {
    if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 410)) throw error;
    problems.push(`${target}: ballot comment ${comment} is gone; its reactions cannot be counted`);
    return [];
  }
}

/**
 * The group repository's open elections, each from secwg's own election comment (its bot id) on
 * an issue labelled `election: open`, whose signed record verifies and is bound to that issue.
 * Anyone who can label an issue can add the label, and anyone can comment, so the label and
 * strangers' comments are only where to look: an issue whose election comment is missing, does
 * not verify, or where another account wrote something that looks like an election record, is a
 * problem for a person (named by issue, its text never repeated), never a row. While a ballot is
 * open the candidates' 👍 are counted by the election's own pure tally (`tallyRound`: the frozen
 * electorate, the ballot comments bound in the record, reactions up to the round's deadline).
 */
export async function gatherOpenElections(gateway: Gateway, repo: RepoRef, self: AppIdentity, signingKey: string, problems: string[]): Promise<DashboardElection[]> {
  const { data: threads } = await gateway.listOpenWithLabel(repo, ELECTION_OPEN_LABEL);
  const elections: DashboardElection[] = [];
  for (const thread of threads.filter((t) => !t.isPull).slice(0, MAX_DASHBOARD_ELECTIONS)) {
    const ref = { ...repo, issue_number: thread.number };
    const target = electionTarget(ref);
    const comments = await gateway.listAllComments(ref);
    const ours = comments.filter((c) => isOurs(c.user, self) && parseMarkers(c.body).some((m) => m.kind === ELECTION_MARKER_KIND && m.key === target));
    const strangers = comments.filter((c) => !isOurs(c.user, self) && looksLikeElection(c));
    const parsed = ours.length === 1 ? parseElectionRecord(ours[0]?.body, signingKey, target) : null;
    if (strangers.length > 0) problems.push(`${target}: ${strangers.length} comment(s) by other accounts carry an election record; ignored (only secwg's own signed record counts)`);
    if (!parsed || parsed.kind !== "ok") {
      if (ours.length > 0 || strangers.length > 0) problems.push(`the election on ${target} has no signed record of secwg's that verifies (see the elections step)`);
      continue;
    }
    const record = parsed.record;
    const round = currentRound(record);
    let tally = null;
    if (record.state === "ballot" && round) {
      const reactions = new Map<number, Reaction[]>();
      for (const ballot of round.ballots) reactions.set(ballot.comment, await ballotReactions(gateway, ref, ballot.comment, target, problems));
      tally = tallyRound(record, reactions);
    }
    const row = dashboardElection(record, `https://github.com/${repo.owner}/${repo.repo}/issues/${thread.number}`, tally);
    if (row) elections.push(row);
  }
  return elections;
}
