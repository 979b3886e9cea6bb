import type { Effect, RepoTarget } from "../effects.js";
import { parseMarkers, renderMarker } from "../marker.js";
import type { Member } from "../roster.js";
import { removeEntry } from "./roster-edit.js";
import { lapseDay, termActions, termKey, type TermRules, type TermsState } from "./terms.js";

/**
 * The terms feature's plan: the sweep's `termActions` turned into effects on the group repository.
 * Every object is secwg's own and found by its key (member id + `term_ends`): the notice issue by
 * marker, reminders by marker, the "term ended" and renewal pull requests by branch name, and a
 * pull request is merged only when the gatherer verified it (`ProposalSeen.verified`).
 */

export const TERMS_LABEL = "secwg:term";
export const NOTICE_KIND = "term-notice";
const SENT_KIND = "term-notice-sent";
const REMINDER_KIND = "term-reminder";

export function noticeMarker(key: string): string {
  return renderMarker(NOTICE_KIND, key);
}

export function reminderMarker(key: string, day: string): string {
  return renderMarker(REMINDER_KIND, `${key}:${day}`);
}

export function lapseBranch(memberId: number, termEnds: string): string {
  return `secwg/term-ended/${memberId}-${termEnds}`;
}

export function renewBranch(memberId: number, termEnds: string): string {
  return `secwg/renew/${memberId}-${termEnds}`;
}

/** The notice key on the first line of a notice issue's body, or null. */
export function noticeKeyOf(body: string | null | undefined): { memberId: number; termEnds: string } | null {
  const first = (body ?? "").split("\n", 1)[0] ?? "";
  const marker = parseMarkers(first).find((m) => m.kind === NOTICE_KIND);
  const match = marker && /^(\d+):(\d{4}-\d{2}-\d{2})$/.exec(marker.key);
  return match ? { memberId: Number(match[1]), termEnds: match[2] as string } : null;
}

/** The day a notice was sent, from its own body. */
export function noticeSentDay(body: string): string | null {
  const marker = parseMarkers(body).find((m) => m.kind === SENT_KIND);
  return marker && /^\d{4}-\d{2}-\d{2}$/.test(marker.key) ? marker.key : null;
}

/** The days of secwg's reminders for `key`, from the markers of secwg's own comments. */
export function reminderDays(bodies: readonly string[], key: string): string[] {
  return bodies.flatMap((b) => parseMarkers(b).filter((m) => m.kind === REMINDER_KIND && m.key.startsWith(`${key}:`)).map((m) => m.key.slice(key.length + 1)));
}

/** A pull request secwg found on one of its term branches. */
export interface ProposalSeen {
  number: number;
  headSha: string;
  /** Opened by secwg's own bot account from a branch of the repository itself. */
  ours: boolean;
  /** Ours, changing only the roster, and its roster at `headSha` is exactly the planned one: safe to merge. */
  verified: boolean;
}

export interface TermsPlanInput {
  group: RepoTarget;
  rosterPath: string;
  /** The roster's text on the default branch. */
  rosterText: string;
  members: readonly Member[];
  today: string;
  rules: TermRules;
  state: TermsState;
  /** Open notice issues by key. */
  noticeIssues: ReadonlyMap<string, number>;
  /** Open "term ended" pull requests by key. */
  lapsePulls: ReadonlyMap<string, ProposalSeen>;
  /** Open renewal pull requests by key (a `/renew` whose merge did not go through yet). */
  renewPulls: ReadonlyMap<string, ProposalSeen>;
  mergeMethod: "merge" | "squash" | "rebase";
}

function mention(member: Member | undefined, id: number): string {
  return member ? `@${member.login}` : `member ${id}`;
}

export function renderNotice(member: Member, termEnds: string, rules: TermRules, today: string): string {
  return [
    noticeMarker(termKey(member.id, termEnds)),
    renderMarker(SENT_KIND, today),
    `${mention(member, member.id)}, your term in the group ends on **${termEnds}**.`,
    "",
    `To stay a member, comment \`/renew\` on this issue (you only; nobody can renew for you). Your term is then extended by ${rules.length} days from ${termEnds}.`,
    "",
    `Without a renewal, a pull request removing you from the roster opens on ${termEnds} and is merged on ${lapseDay(termEnds, rules)}, unless you renew before then.`,
  ].join("\n");
}

export function renderReminder(member: Member | undefined, id: number, termEnds: string, rules: TermRules, today: string): string {
  const key = termKey(id, termEnds);
  return [
    reminderMarker(key, today),
    `${mention(member, id)}, a reminder: your term ends on ${termEnds}. Comment \`/renew\` here to stay; renewal is possible until ${lapseDay(termEnds, rules)}.`,
  ].join("\n");
}

export function lapseProposal(group: RepoTarget, path: string, content: string, id: number, termEnds: string, rules: TermRules): Extract<Effect, { kind: "propose-file" }> {
  return {
    kind: "propose-file",
    repo: group,
    branch: lapseBranch(id, termEnds),
    path,
    content,
    commitMessage: `Term ended: remove member ${id}`,
    title: `Term ended: removal of member ${id}`,
    body: `${renderMarker("term-lapse", termKey(id, termEnds))}\nThe member's term ended on ${termEnds} without a renewal. secwg merges this removal on ${lapseDay(termEnds, rules)} unless the member renews before then.`,
    why: `term of member ${id} ended on ${termEnds}`,
  };
}

export function planTerms(input: TermsPlanInput): Effect[] {
  const effects: Effect[] = [];
  const byId = new Map(input.members.map((m) => [m.id, m]));
  for (const [key, pull] of input.renewPulls) {
    if (pull.verified) effects.push({ kind: "merge-pull", issue: { ...input.group, issue_number: pull.number }, sha: pull.headSha, method: input.mergeMethod, commitTitle: `Renew term (${key})`, why: `renewal ${key}` });
  }
  for (const action of termActions(input.members, input.today, input.rules, input.state)) {
    const key = termKey(action.memberId, action.termEnds);
    const member = byId.get(action.memberId);
    switch (action.kind) {
      case "notify":
        if (!member) break;
        effects.push({
          kind: "ensure-issue",
          repo: input.group,
          marker: noticeMarker(key),
          title: `Term renewal: ${member.login}'s term ends on ${action.termEnds}`,
          body: renderNotice(member, action.termEnds, input.rules, input.today),
          labels: [TERMS_LABEL],
          findByLabel: TERMS_LABEL,
          why: `renewal notice for member ${action.memberId} (term ends ${action.termEnds})`,
        });
        break;
      case "remind": {
        const number = input.noticeIssues.get(key);
        if (number !== undefined) {
          effects.push({ kind: "ensure-comment", issue: { ...input.group, issue_number: number }, marker: reminderMarker(key, input.today), body: renderReminder(member, action.memberId, action.termEnds, input.rules, input.today), why: `renewal reminder for member ${action.memberId}` });
        }
        break;
      }
      case "propose-lapse":
      case "merge-lapse": {
        const pull = input.lapsePulls.get(key);
        if (action.kind === "merge-lapse" && pull?.verified) {
          effects.push({ kind: "merge-pull", issue: { ...input.group, issue_number: pull.number }, sha: pull.headSha, method: input.mergeMethod, commitTitle: `Term ended: remove member ${action.memberId}`, why: `grace for member ${action.memberId} ended on ${lapseDay(action.termEnds, input.rules)}` });
          const notice = input.noticeIssues.get(key);
          if (notice !== undefined) effects.push({ kind: "close-issue", repo: input.group, number: notice, reason: "completed", why: `term of member ${action.memberId} ended` });
          break;
        }
        const content = removeEntry(input.rosterText, action.memberId);
        if (content === null) {
          effects.push({ kind: "log", level: "warn", repo: input.group, message: `terms: the roster entry of member ${action.memberId} cannot be removed automatically`, why: "roster entry not editable" });
          break;
        }
        // Proposed, or re-proposed when the open pull request is not exactly the planned change.
        effects.push(lapseProposal(input.group, input.rosterPath, content, action.memberId, action.termEnds, input.rules));
        break;
      }
      case "withdraw-lapse": {
        const pull = input.lapsePulls.get(key);
        if (pull?.ours) effects.push({ kind: "close-pull", issue: { ...input.group, issue_number: pull.number }, why: `member ${action.memberId} renewed or left` });
        break;
      }
    }
  }
  return effects;
}
