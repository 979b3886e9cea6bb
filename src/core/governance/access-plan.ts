import { createHash } from "node:crypto";
import type { AccessUser, Effect, RepoTarget } from "../effects.js";
import { SIGNER_ROLES, type Member, type Roster } from "../roster.js";

/**
 * Access follows the roster: the plan that makes GitHub match `MEMBERS.yml` on the default branch,
 * after Kubernetes' peribolos and safe-settings. Pure: the caller gathers GitHub's state, this
 * decides the fewest changes, the one executor applies them. Every comparison is by numeric id.
 *
 * - `group.teams`: exactly the active members.
 * - `access.trackerTeams` and the tracker repository's direct collaborators: exactly the active
 *   people with tracker access (the Chair, the Co-Chair and the Board Liaison always; members with
 *   `tracker_access: true`).
 * - Open draft advisories: every person with tracker access is a collaborator; a roster member
 *   without it is removed. People who are not on the roster at all are left alone there (the
 *   maintainers of the affected repository, the reporter's helpers are added on purpose).
 *
 * Any change is recorded first in the tracker's access log (one entry per distinct set of changes);
 * a person with access who is not on the roster at all was added outside secwg, and the entry says
 * so: nothing is overwritten without a record.
 */

/** The tracker issue holding the access log (`<!-- secwg:access-log:tracker -->`), one comment per entry. */
export const ACCESS_LOG_KIND = "access-log";
export const ACCESS_LOG_ENTRY_KIND = "access-log-entry";
export const ACCESS_LOG_LABEL = "secwg: access log";

export interface TeamState {
  org: string;
  slug: string;
  /** Every member secwg may keep: `members` for the group's teams, `tracker` for the tracker's. */
  audience: "members" | "tracker";
  members: readonly AccessUser[];
}

export interface AdvisoryState {
  repo: RepoTarget;
  ghsaId: string;
  collaborators: readonly AccessUser[];
}

export interface AccessState {
  teams: readonly TeamState[];
  /** The tracker's direct collaborators; null when secwg does not keep them (`access.trackerCollaborators`). */
  trackerCollaborators: readonly AccessUser[] | null;
  /** Open draft advisories; empty when secwg does not keep them (`access.advisoryCollaborators`). */
  advisories: readonly AdvisoryState[];
}

export interface AccessPlanInput {
  roster: Roster;
  state: AccessState;
  tracker: RepoTarget;
  /** `YYYY-MM-DD`: members whose term has not begun or has ended have no access. */
  today: string;
  trackerPermission: "pull" | "triage" | "push" | "maintain";
}

/** Whether a roster entry gives access to security reports on `today`. */
export function hasTrackerAccess(member: Member): boolean {
  return member.tracker_access || member.roles.some((r) => SIGNER_ROLES.includes(r));
}

/** Login text safe in the tracker's log and the dry run: GitHub logins are letters, digits and hyphens. */
function shown(user: AccessUser): string {
  return `\`${user.login.replace(/[^A-Za-z0-9\-[\]]/g, "")}\` (id ${user.id})`;
}

/** Who should have access, by numeric id, and why someone who has it should not. */
interface Wanted {
  everyone: Map<number, Member>;
  tracker: Map<number, Member>;
  whyRemoved(user: AccessUser, place: string): string;
}

/** Changes to one place: the effects that make them and the access log's lines that record them. */
interface Changes {
  effects: Effect[];
  lines: string[];
}

const asUser = (m: Member): AccessUser => ({ id: m.id, login: m.login });

/** Teams, then the tracker's collaborators, then draft advisories; one log entry first if anything changes. */
export function planAccess(input: AccessPlanInput): Effect[] {
  const wanted = wantedAccess(input.roster, input.today);
  const changes = [
    ...input.state.teams.map((team) => teamChanges(team, wanted)),
    trackerCollaboratorChanges(input, wanted),
    ...input.state.advisories.map((advisory) => advisoryChanges(advisory, input.roster, wanted)),
  ];
  const effects = changes.flatMap((c) => c.effects);
  if (effects.length === 0) return [];
  return [accessLogEntry(input.tracker, changes.flatMap((c) => c.lines)), ...effects];
}

function wantedAccess(roster: Roster, today: string): Wanted {
  const active = roster.activeOn(today);
  const everyone = new Map(active.map((m) => [m.id, m]));
  const tracker = new Map(active.filter(hasTrackerAccess).map((m) => [m.id, m]));
  const whyRemoved = (user: AccessUser, place: string) => {
    if (!roster.byId(user.id)) return `not on the roster: access to ${place} was given outside secwg`;
    if (!everyone.has(user.id)) return "no longer an active member";
    return "tracker access not granted on the roster";
  };
  return { everyone, tracker, whyRemoved };
}

function teamChanges(team: TeamState, wanted: Wanted): Changes {
  const members = team.audience === "members" ? wanted.everyone : wanted.tracker;
  const place = `team ${team.org}/${team.slug}`;
  const present = new Set(team.members.map((u) => u.id));
  const changes: Changes = { effects: [], lines: [] };
  for (const member of members.values()) {
    if (present.has(member.id)) continue;
    const why = team.audience === "members" ? "a member on the roster" : "tracker access on the roster";
    changes.effects.push({ kind: "ensure-team-membership", org: team.org, team: team.slug, user: asUser(member), present: true, why });
    changes.lines.push(`added ${shown(asUser(member))} to ${place}: ${why}`);
  }
  for (const user of team.members) {
    if (members.has(user.id)) continue;
    const why = wanted.whyRemoved(user, place);
    changes.effects.push({ kind: "ensure-team-membership", org: team.org, team: team.slug, user, present: false, why });
    changes.lines.push(`removed ${shown(user)} from ${place}: ${why}`);
  }
  return changes;
}

/** Nothing when secwg does not keep the tracker's direct collaborators. */
function trackerCollaboratorChanges(input: AccessPlanInput, wanted: Wanted): Changes {
  const changes: Changes = { effects: [], lines: [] };
  const collaborators = input.state.trackerCollaborators;
  if (collaborators === null) return changes;
  const repo = input.tracker;
  const permission = input.trackerPermission;
  const place = `the collaborators of ${repo.owner}/${repo.repo}`;
  const present = new Set(collaborators.map((u) => u.id));
  for (const member of wanted.tracker.values()) {
    if (present.has(member.id)) continue;
    const why = "tracker access on the roster";
    changes.effects.push({ kind: "ensure-collaborator", repo, user: asUser(member), present: true, permission, why });
    changes.lines.push(`added ${shown(asUser(member))} to ${place}: ${why}`);
  }
  for (const user of collaborators) {
    if (wanted.tracker.has(user.id)) continue;
    const why = wanted.whyRemoved(user, place);
    changes.effects.push({ kind: "ensure-collaborator", repo, user, present: false, permission, why });
    changes.lines.push(`removed ${shown(user)} from ${place}: ${why}`);
  }
  return changes;
}

function advisoryChanges(advisory: AdvisoryState, roster: Roster, wanted: Wanted): Changes {
  const present = new Set(advisory.collaborators.map((u) => u.id));
  const add = [...wanted.tracker.values()].filter((m) => !present.has(m.id)).map(asUser);
  // Only roster members lose their place: others on a draft were added there on purpose.
  const remove = advisory.collaborators.filter((u) => roster.byId(u.id) !== undefined && !wanted.tracker.has(u.id));
  if (add.length === 0 && remove.length === 0) return { effects: [], lines: [] };
  const place = `the collaborators of ${advisory.ghsaId} (${advisory.repo.owner}/${advisory.repo.repo})`;
  return {
    effects: [{ kind: "ensure-advisory-collaborators", repo: advisory.repo, ghsaId: advisory.ghsaId, add, remove, why: "draft advisories follow tracker access on the roster" }],
    lines: [
      ...add.map((user) => `added ${shown(user)} to ${place}: tracker access on the roster`),
      ...remove.map((user) => `removed ${shown(user)} from ${place}: ${wanted.whyRemoved(user, place)}`),
    ],
  };
}

/** One entry per distinct set of changes (its key hashes the lines), saying when secwg did not cause some. */
function accessLogEntry(tracker: RepoTarget, lines: string[]): Effect {
  const key = createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
  const outside = lines.filter((l) => l.includes("outside secwg")).length;
  return {
    kind: "access-log-entry",
    repo: tracker,
    key,
    lines,
    why: outside > 0 ? `${outside} difference(s) secwg did not cause` : "access follows the roster",
  };
}
