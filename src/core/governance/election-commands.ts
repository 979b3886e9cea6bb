import type { Roster } from "../roster.js";
import { formatInstant } from "../vote/vote-comment.js";
import type { Person } from "../vote/vote-record.js";
import { checkAnswer, checkDecide, checkNomination } from "./election.js";
import { scheduleOf } from "./election-plan.js";
import type { ElectionRecord } from "./election-record.js";

/**
 * What `/nominate`, `/accept`, `/decline` and `/decide` do to a verified election record, pure:
 * either a refusal (the reply, and for an answer the reason logged) or the record with the command
 * written into it and the reply. The feature saves the record and replies; every check is by
 * numeric id, logins being resolved through the roster or the tie here.
 */

export type ElectionCommandPlan =
  | { kind: "refuse"; reply: string; reason?: string }
  | { kind: "record"; record: ElectionRecord; reply: string };

const CLOSED = "nominations for this election are closed.";

export function person(p: { id: number; login: string }): Person {
  return { id: p.id, login: p.login };
}

/** The roster member with this login (compared without regard to case, as GitHub does), if any. */
export function byLogin(roster: Roster, login: string): Person | undefined {
  const member = roster.members.find((m) => m.login.toLowerCase() === login.toLowerCase());
  return member ? person(member) : undefined;
}

/** `/nominate @login`: an active member names an active member, before nominations close. `at`: the comment's time. */
export function planNomination(input: { record: ElectionRecord; by: Person; login: string; roster: Roster; at: Date; timeZone: string }): ElectionCommandPlan {
  const { record, by, at } = input;
  const nominee = byLogin(input.roster, input.login);
  const check = checkNomination({ by, nominee, roster: input.roster, now: at, schedule: scheduleOf(record), timeZone: input.timeZone, nominations: record.nominations });
  if (record.state !== "nomination" || !check.ok) return { kind: "refuse", reply: check.ok ? CLOSED : check.message };
  const named = nominee as Person;
  return {
    kind: "record",
    record: { ...record, nominations: [...record.nominations, { nominee: named, by, at: at.toISOString() }] },
    reply: `@${named.login} is nominated; they answer with \`/accept\` or \`/decline\` before ${formatInstant(record.nominationCloses)}.`,
  };
}

/** `/accept` or `/decline`: only the nominee, before nominations close; the latest answer stands. */
export function planAnswer(input: { record: ElectionRecord; by: Person; accepted: boolean; at: Date }): ElectionCommandPlan {
  const { record, by, accepted, at } = input;
  const check = checkAnswer({ by, nominations: record.nominations, now: at, schedule: scheduleOf(record) });
  if (record.state !== "nomination" || !check.ok) return { kind: "refuse", reply: check.ok ? CLOSED : check.message, reason: check.ok ? "closed" : check.reason };
  const answer = { accepted, at: at.toISOString() };
  return {
    kind: "record",
    record: { ...record, nominations: record.nominations.map((n) => (n.nominee.id === by.id ? { ...n, answer } : n)) },
    reply: accepted ? "you are a candidate." : "you declined the nomination.",
  };
}

/** `/decide @login…` on a tie: a signer not in contention names the tied candidates (resolved within the tie). */
export function planDecision(input: { record: ElectionRecord; by: Person; logins: readonly string[]; signers: readonly Person[]; at: Date }): ElectionCommandPlan {
  const { record, by, at } = input;
  const tie = record.tie;
  if (record.state !== "tie" || !tie) return { kind: "refuse", reply: "this election has no tie to decide." };
  const choice = input.logins.map((login) => tie.tied.find((p) => p.login.toLowerCase() === login.toLowerCase()));
  const check = checkDecide(tie, by, choice, input.signers);
  if (!check.ok) return { kind: "refuse", reply: check.message };
  return {
    kind: "record",
    record: { ...record, tie: { ...tie, decisions: [...tie.decisions, { by, choice: choice as Person[], at: at.toISOString() }] } },
    reply: "your decision is recorded.",
  };
}
