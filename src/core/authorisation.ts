import { type Role, type Roster, SIGNER_ROLES } from "./roster.js";

/** Who may run a command. */
export type Permission =
  | { kind: "anyone" }
  | { kind: "roles"; roles: readonly Role[]; orAuthor?: boolean };

export const ANYONE: Permission = { kind: "anyone" };
export const MEMBERS: Permission = { kind: "roles", roles: ["member", "chair", "co-chair", "board-liaison"] };
export const SIGNERS: Permission = { kind: "roles", roles: SIGNER_ROLES };
export const CHAIRS: Permission = { kind: "roles", roles: ["chair", "co-chair"] };

export interface Actor {
  id: number;
  login: string;
}

export type AuthorisationDecision =
  | { allowed: true }
  | { allowed: false; reason: "not-a-member" | "role-required"; needed: string };

export function describePermission(permission: Permission): string {
  if (permission.kind === "anyone") return "anyone";
  const roles = permission.roles;
  const names =
    roles.length === 4 ? "a member of the group" : roles.map((r) => ROLE_NAMES[r]).join(", ").replace(/, ([^,]*)$/, " or $1");
  return permission.orAuthor ? `${names}, or the author` : names;
}

const ROLE_NAMES: Record<Role, string> = {
  chair: "the Chair",
  "co-chair": "the Co-Chair",
  "board-liaison": "the Board Liaison",
  member: "a member",
};

/**
 * Decides whether `actor` may run a command needing `permission`, by numeric id against the roster
 * of the default branch, on `today` (YYYY-MM-DD): expired terms no longer count.
 */
export function authorise(
  permission: Permission,
  actor: Actor,
  roster: Roster,
  today: string,
  context: { authorId?: number } = {},
): AuthorisationDecision {
  if (permission.kind === "anyone") return { allowed: true };
  if (permission.orAuthor && context.authorId === actor.id) return { allowed: true };
  if (roster.hasRole(actor.id, permission.roles, today)) return { allowed: true };
  const needed = describePermission(permission);
  return roster.byId(actor.id) ? { allowed: false, reason: "role-required", needed } : { allowed: false, reason: "not-a-member", needed };
}

/** The reply to a refused command, naming the role it needs. */
export function renderRefusal(command: string, actor: Actor, decision: Extract<AuthorisationDecision, { allowed: false }>): string {
  return `@${actor.login} \`/${command}\` can only be used by ${decision.needed} (as listed in the group's roster). Nothing was changed.`;
}
