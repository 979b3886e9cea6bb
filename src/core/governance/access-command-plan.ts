import { isActiveOn, SIGNER_ROLES, type Member, type Roster } from "../roster.js";
import { hasTrackerAccess } from "./access-plan.js";
import type { AccessRecord, GrantDecision } from "./access-record.js";
import { onboardingStatus } from "./onboarding.js";

/**
 * The decisions of `/grant-access @member` and `/revoke-access @member`, pure: whether the command
 * can be recorded at all, the signed record it writes, and what secwg replies and does once it is
 * recorded. The feature gathers (the roster, earlier records in the issue) and applies.
 */

export type AccessAction = "grant" | "revoke";
export type ChairRole = "chair" | "co-chair";

export const ROLE_NAME: Record<ChairRole, string> = { chair: "the Chair", "co-chair": "the Co-Chair" };

export interface AccessCommandInput {
  action: AccessAction;
  /** The login as written in the command: resolved through the roster only, never through GitHub. */
  login: string;
  roster: Roster;
  /** The commenter, already authorised as the Chair or the Co-Chair by the dispatcher. */
  actor: { id: number; login: string };
  /** `YYYY-MM-DD`. */
  today: string;
  onboardingMonths: number;
}

export type AccessCommandCheck =
  | { kind: "refuse"; reply: string }
  /** `role` is the one the actor records the command as. */
  | { kind: "record"; subject: Member; role: ChairRole };

/**
 * Refused, with nothing recorded: a login that is not exactly one active member; a member whose
 * role always has tracker access; a grant to someone who already has it, or whose onboarding has
 * not ended (or whose joining date the roster does not give).
 */
export function checkAccessCommand(input: AccessCommandInput): AccessCommandCheck {
  const { roster, actor, today } = input;
  const named = roster.members.filter((m) => m.login.toLowerCase() === input.login.toLowerCase());
  const subject = named.length === 1 ? (named[0] as Member) : undefined;
  if (!subject || !isActiveOn(subject, today)) {
    return refuse(`\`/${input.action}-access\`: no active member with that login is on the roster. Nothing was recorded.`);
  }
  if (subject.roles.some((r) => SIGNER_ROLES.includes(r))) {
    return refuse(`@${subject.login} holds a role that always has tracker access (${subject.roles.join(", ")}); it follows the role on the roster, not these commands. Nothing was recorded.`);
  }
  if (input.action === "grant") {
    const refusal = grantRefusal(subject, input);
    if (refusal) return refuse(refusal);
  }
  const role: ChairRole = roster.byId(actor.id)?.roles.includes("chair") ? "chair" : "co-chair";
  return { kind: "record", subject, role };
}

function refuse(reply: string): AccessCommandCheck {
  return { kind: "refuse", reply };
}

function grantRefusal(subject: Member, input: AccessCommandInput): string | null {
  if (hasTrackerAccess(subject)) return `@${subject.login} already has tracker access on the roster. Nothing was recorded.`;
  const status = onboardingStatus(subject, input.onboardingMonths, input.today);
  if (status.kind === "unknown") {
    return `@${input.actor.login} the roster has no \`joined\` date for @${subject.login}, so the end of onboarding is unknown. Nothing was recorded.`;
  }
  if (status.kind === "onboarding") {
    return `@${input.actor.login} @${subject.login} is onboarding until ${status.until} (${input.onboardingMonths} months from joining). Tracker access can be granted from ${status.until}. Nothing was recorded.`;
  }
  return null;
}

/** The record of an accepted command, bound to the issue (`target`), the member's id and the triggering comment. */
export function accessRecordFor(
  action: AccessAction,
  target: string,
  subject: Pick<Member, "id" | "login">,
  actor: { id: number; login: string },
  role: ChairRole,
  comment: { id: number; created_at: string },
): AccessRecord {
  return {
    v: 1,
    action,
    target,
    subject: { id: subject.id, login: subject.login },
    by: { id: actor.id, login: actor.login },
    role,
    comment: comment.id,
    at: new Date(comment.created_at).toISOString(),
  };
}

/**
 * What follows a recorded command: the text under the signed record, and whether the roster and
 * access change now. A revoke takes effect at once; a grant once the Chair and the Co-Chair have
 * both granted (`decision`, from every record in the issue).
 */
export function accessOutcome(record: AccessRecord, decision: GrantDecision | null): { reply: string; apply: boolean } {
  const subject = record.subject.login;
  if (record.action === "revoke") {
    return { reply: `@${record.by.login} (${ROLE_NAME[record.role]}) revoked tracker access for @${subject}. secwg changes the roster and removes the access now.`, apply: true };
  }
  if (decision === null || decision.kind === "waiting") {
    const missing = (decision?.missing ?? []).map((r) => ROLE_NAME[r]).join(" and ");
    return {
      reply: `Recorded: ${ROLE_NAME[record.role]} (@${record.by.login}) granted tracker access to @${subject}. Still missing: ${missing}'s \`/grant-access @${subject}\` in this issue. Nothing changes until both the Chair and the Co-Chair have granted it.`,
      apply: false,
    };
  }
  return { reply: `The Chair and the Co-Chair have both granted tracker access to @${subject}. secwg changes the roster by pull request and applies it now.`, apply: true };
}
