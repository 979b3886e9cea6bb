import type { Roster, Role } from "../roster.js";
import type { Person } from "../vote/vote-record.js";
import { decideVote, yesNeeded, type Tally } from "../vote/vote-tally.js";

/**
 * Removing a member, as pure rules. A removal passes by either of two paths, and the
 * `secwg / removal` check says which one is satisfied or, for each, precisely what is missing:
 *
 * - **vote**: a vote of the electorate frozen when the removal opened, **excluding the subject**,
 *   passes under the membership vote's rule (yes > half the electorate, and the quorum:
 *   `decideVote` in `src/core/vote/vote-tally.ts`). An electorate that includes the subject is
 *   refused outright rather than counted.
 * - **chairs**: the Chair **and** the Co-Chair approved the pull request at its current head
 *   commit, and the Board Liaison recorded `/consulted` on it at that same head commit. A push
 *   after either makes it stale: the decision was about another change. The path is closed when
 *   the subject holds a signer role (a Chair or Co-Chair cannot decide, and a Board Liaison cannot
 *   be consulted, on their own removal) and when any of the three roles is vacant on the day of
 *   the check (nobody can stand in for a missing holder), and when one member holds both the
 *   Chair and the Co-Chair role (the path exists to need two people).
 *
 * Roles are read from the roster on the default branch, by numeric id, for members active today.
 */

export interface Review {
  by: Person;
  /** GitHub's review state: `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`. */
  state: string;
  /** The commit the reviewer saw (`commit_id` of the review). */
  commitId: string;
  submittedAt: string;
}

/** A `/consulted` recorded on the pull request: who ran it (by id) and the head commit at the time. */
export interface Consultation {
  by: Person;
  headSha: string;
  at: string;
}

export interface RemovalInput {
  subject: Person;
  roster: Roster;
  /** Today in the group's time zone: roles are held by members active on this day. */
  today: string;
  headSha: string;
  reviews: readonly Review[];
  consultations: readonly Consultation[];
  /** The removal vote, if one was opened: its tally (electorate frozen without the subject) and rules. */
  vote?: { tally: Tally; electorate: readonly Person[]; quorum: number | null; atDeadline: boolean };
}

export interface RemovalPath {
  path: "vote" | "chairs";
  satisfied: boolean;
  /** When the path cannot be satisfied at all for this removal, why. */
  closed?: string;
  /** What is still missing (empty when satisfied or closed). */
  missing: string[];
}

export interface RemovalVerdict {
  /** The path that is satisfied (the vote first when both are), or null. */
  satisfiedBy: "vote" | "chairs" | null;
  paths: [RemovalPath, RemovalPath];
}

const ROLE_NAMES: Record<Role, string> = { chair: "the Chair", "co-chair": "the Co-Chair", "board-liaison": "the Board Liaison", member: "a member" };

function short(sha: string): string {
  return /^[0-9a-f]{7,40}$/i.test(sha) ? sha.slice(0, 7) : "the head commit";
}

export function votePath(input: Pick<RemovalInput, "subject" | "vote">): RemovalPath {
  const vote = input.vote;
  if (!vote) return { path: "vote", satisfied: false, missing: ["a removal vote has not been opened"] };
  if (vote.electorate.some((p) => p.id === input.subject.id)) {
    return { path: "vote", satisfied: false, closed: "the vote's electorate includes the member being removed", missing: [] };
  }
  const decision = decideVote(vote.tally, { quorum: vote.quorum }, vote.atDeadline);
  if (decision.status === "passed") return { path: "vote", satisfied: true, missing: [] };
  const needed = yesNeeded(vote.tally.electorateSize);
  const yes = vote.tally.yes.length;
  if (decision.status === "failed") {
    return { path: "vote", satisfied: false, closed: `the removal vote failed (${yes} of ${vote.tally.electorateSize} voted yes, ${needed} needed)`, missing: [] };
  }
  const missing: string[] = [];
  if (yes < needed) {
    missing.push(`${needed - yes} more yes vote${needed - yes === 1 ? "" : "s"} (${yes} of ${needed} needed, electorate of ${vote.tally.electorateSize} without the member being removed)`);
  }
  const participated = yes + vote.tally.no.length + vote.tally.abstained.length;
  if (vote.quorum !== null && participated < vote.quorum) missing.push(`the quorum: ${participated} of ${vote.quorum} electors have voted`);
  return { path: "vote", satisfied: false, missing };
}

/** The latest review of `id`, counting only reviews that approve or withdraw approval. */
function latestApproval(reviews: readonly Review[], id: number): Review | undefined {
  const own = reviews
    .filter((r) => r.by.id === id && ["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(r.state))
    .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt));
  return own.at(-1);
}

export function chairsPath(input: Omit<RemovalInput, "vote">): RemovalPath {
  const holder = (role: Role) => input.roster.activeOn(input.today).find((m) => m.roles.includes(role));
  const subject = input.roster.byId(input.subject.id);
  const subjectRole = (["chair", "co-chair", "board-liaison"] as const).find((r) => subject?.roles.includes(r));
  if (subjectRole) {
    return { path: "chairs", satisfied: false, closed: `the member being removed is ${ROLE_NAMES[subjectRole]}; only the vote can remove a signer`, missing: [] };
  }
  const vacant = (["chair", "co-chair", "board-liaison"] as const).filter((r) => !holder(r));
  if (vacant.length > 0) {
    return { path: "chairs", satisfied: false, closed: `${vacant.map((r) => ROLE_NAMES[r]).join(" and ")} ${vacant.length === 1 ? "is" : "are"} vacant; only the vote can remove a member`, missing: [] };
  }
  if (holder("chair")?.id === holder("co-chair")?.id) {
    return { path: "chairs", satisfied: false, closed: "the Chair and the Co-Chair are the same member; the path needs two people, so only the vote can remove a member", missing: [] };
  }
  const missing: string[] = [];
  for (const role of ["chair", "co-chair"] as const) {
    const member = holder(role);
    const review = member && latestApproval(input.reviews, member.id);
    if (!review || review.state !== "APPROVED") missing.push(`${ROLE_NAMES[role]}'s approval of ${short(input.headSha)}`);
    else if (review.commitId !== input.headSha) missing.push(`${ROLE_NAMES[role]}'s approval of ${short(input.headSha)} (their approval was of an earlier commit)`);
  }
  const liaison = holder("board-liaison");
  const consulted = input.consultations.filter((c) => c.by.id === liaison?.id);
  if (!consulted.some((c) => c.headSha === input.headSha)) {
    missing.push(
      consulted.length > 0
        ? `the Board Liaison's \`/consulted\` at ${short(input.headSha)} (recorded on an earlier commit)`
        : `the Board Liaison's \`/consulted\` at ${short(input.headSha)}`,
    );
  }
  return { path: "chairs", satisfied: missing.length === 0, missing };
}

export function decideRemoval(input: RemovalInput): RemovalVerdict {
  const vote = votePath(input);
  const chairs = chairsPath(input);
  return { satisfiedBy: vote.satisfied ? "vote" : chairs.satisfied ? "chairs" : null, paths: [vote, chairs] };
}

/** The `secwg / removal` check's text. Names roles, never logins or the reason (which stays in the tracker). */
export function renderRemovalCheck(verdict: RemovalVerdict): { conclusion: "success" | "failure"; title: string; summary: string } {
  const label = { vote: "Vote of the group (50%+1, the member being removed excluded)", chairs: "Chair and Co-Chair, in consultation with the Board Liaison" };
  const lines = verdict.paths.flatMap((p) => [
    `### ${label[p.path]}: ${p.satisfied ? "satisfied" : p.closed ? "not available" : "not yet satisfied"}`,
    ...(p.closed ? [`- ${p.closed}`] : p.missing.map((m) => `- missing: ${m}`)),
    "",
  ]);
  return {
    conclusion: verdict.satisfiedBy ? "success" : "failure",
    title: verdict.satisfiedBy === "vote" ? "Removal passed by vote" : verdict.satisfiedBy === "chairs" ? "Removal decided by the Chair and Co-Chair" : "Removal not yet decided",
    summary: lines.join("\n").trimEnd(),
  };
}
