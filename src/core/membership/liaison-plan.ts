import type { Effect, RepoTarget } from "../effects.js";
import { liaisonActions, type LiaisonAction } from "../governance/liaison.js";
import { renderMarker } from "../marker.js";
import { escapeUntrusted } from "../markdown-escape.js";
import { SIGNER_ROLES, type Member } from "../roster.js";

/**
 * The sweep's warning to the signers that the Board Liaison's Board term lapses (30 days before
 * `board_term_ends`), or that their entry records none. One issue in the group repository per
 * liaison and Board term, found again by its marker (`secwg:liaison:<id>:<board_term_ends>`) among
 * secwg's own issues with the label: its text depends on the roster only, so a second sweep finds
 * it unchanged and writes nothing.
 */

export const LIAISON_LABEL = "secwg:liaison";
const MARKER_KIND = "liaison";

/** A login written in the roster, mentioned only when it has the shape of a GitHub login. */
function mention(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? `@${login}` : escapeUntrusted(login, 100);
}

export function liaisonWarningTitle(action: LiaisonAction): string {
  return action.kind === "warn-liaison-lapsing"
    ? `Board Liaison: the Board term ends on ${action.boardTermEnds}`
    : "Board Liaison: the roster records no Board term";
}

export function renderLiaisonWarning(action: LiaisonAction, liaison: Member, signers: readonly Member[], rosterPath: string): string {
  const who = `${mention(liaison.login)} (id ${liaison.id})`;
  const what =
    action.kind === "warn-liaison-lapsing"
      ? `The Board Liaison, ${who}, is on the Board until **${action.boardTermEnds}** (\`board_term_ends\` in \`${rosterPath}\`). The Board Liaison must be an active Board member: from that day the \`secwg / config\` check refuses every change to the roster until the entry records a new Board term or another member takes the role.`
      : `The Board Liaison, ${who}, has no \`board_term_ends\` in \`${rosterPath}\`. The Board Liaison must be an active Board member, and the \`secwg / config\` check refuses every change to the roster until their entry records the day their Board term ends.`;
  return [
    what,
    "",
    `${signers.map((s) => mention(s.login)).join(", ")}: please update the roster by pull request (\`board_term_ends: YYYY-MM-DD\`, the first day they are no longer on the Board).`,
    "",
    "secwg opens this issue once per liaison and Board term.",
  ].join("\n");
}

export interface LiaisonPlanInput {
  group: RepoTarget;
  rosterPath: string;
  members: readonly Member[];
  /** Today in the group's time zone (`YYYY-MM-DD`). */
  today: string;
}

export function planLiaisonWarnings(input: LiaisonPlanInput): Effect[] {
  const signers = input.members.filter((m) => m.roles.some((r) => SIGNER_ROLES.includes(r)));
  return liaisonActions(input.members, input.today, new Set()).map((action) => {
    const liaison = input.members.find((m) => m.id === action.memberId) as Member;
    return {
      kind: "ensure-issue",
      repo: input.group,
      marker: renderMarker(MARKER_KIND, action.key),
      title: liaisonWarningTitle(action),
      body: renderLiaisonWarning(action, liaison, signers, input.rosterPath),
      labels: [LIAISON_LABEL],
      findByLabel: LIAISON_LABEL,
      why: action.kind === "warn-liaison-lapsing" ? "the Board Liaison's Board term ends within 30 days" : "the Board Liaison's entry records no Board term",
    } satisfies Effect;
  });
}
