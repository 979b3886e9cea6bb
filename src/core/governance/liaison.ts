import type { Member } from "../roster.js";
import { plusDays } from "./calendar.js";

/**
 * The Board Liaison must be an active Board member. Their roster entry records `board_term_ends`
 * (the first day they are no longer on the Board); the roster check refuses the roster from that
 * day (`checkDatedRosterRules` in `src/core/roster.ts`), and the sweep warns the signers
 * `LIAISON_WARNING_DAYS` before, once per liaison and board term.
 */

export const LIAISON_WARNING_DAYS = 30;

/** The key of one warning: the liaison's id and the board term it is about. */
export function liaisonWarningKey(memberId: number, boardTermEnds: string): string {
  return `${memberId}:${boardTermEnds}`;
}

export type LiaisonAction =
  | { kind: "warn-liaison-lapsing"; memberId: number; boardTermEnds: string; due: string; key: string }
  | { kind: "warn-liaison-unrecorded"; memberId: number; key: string };

/**
 * The sweep's liaison warning for `today`, or nothing. `warned` holds the keys of warnings already
 * posted (read back from secwg's own marked comments), so each is posted once. A liaison whose
 * entry records no board term gets one warning too (keyed `id:unrecorded`): the roster check
 * will refuse the next change to the roster until it is recorded.
 */
export function liaisonActions(members: readonly Member[], today: string, warned: ReadonlySet<string>, days = LIAISON_WARNING_DAYS): LiaisonAction[] {
  const actions: LiaisonAction[] = [];
  for (const member of members) {
    if (!member.roles.includes("board-liaison")) continue;
    if (member.board_term_ends === undefined) {
      const key = liaisonWarningKey(member.id, "unrecorded");
      if (!warned.has(key)) actions.push({ kind: "warn-liaison-unrecorded", memberId: member.id, key });
      continue;
    }
    const due = plusDays(member.board_term_ends, -days);
    const key = liaisonWarningKey(member.id, member.board_term_ends);
    if (today >= due && !warned.has(key)) actions.push({ kind: "warn-liaison-lapsing", memberId: member.id, boardTermEnds: member.board_term_ends, due, key });
  }
  return actions;
}
