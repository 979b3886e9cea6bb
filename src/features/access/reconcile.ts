import { isoDay } from "../../core/dates.js";
import type { SecwgConfig } from "../../config/schema.js";
import { planAccess, type AccessState, type TeamState } from "../../core/governance/access-plan.js";
import type { Effect } from "../../core/effects.js";
import type { Roster } from "../../core/roster.js";
import { resolveRepo } from "../../core/repositories.js";
import type { Gateway } from "../../github/gateway.js";
import { applyPlan, type EffectLog } from "../apply-effects.js";
import { loadPolicy } from "../policy/load.js";
import { loadRoster } from "../policy/load-roster.js";

/** `security-team`, `acme/security-team` or `@acme/security-team` → the org and the slug. */
function teamOf(name: string, owner: string): { org: string; slug: string } {
  const [first, second] = name.replace(/^@/, "").split("/");
  return second === undefined ? { org: owner, slug: first as string } : { org: first as string, slug: second };
}

/**
 * What GitHub has now, for the access plan: the members of every configured team, the tracker's
 * direct collaborators, the collaborators of the organization's open draft advisories.
 */
export async function gatherAccessState(gateway: Gateway, config: SecwgConfig, owner: string): Promise<AccessState> {
  const audiences = new Map<string, TeamState["audience"]>();
  for (const name of config.access.trackerTeams) audiences.set(JSON.stringify(teamOf(name, owner)), "tracker");
  // A team in both lists holds every member.
  for (const name of config.group.teams) audiences.set(JSON.stringify(teamOf(name, owner)), "members");
  const teams: TeamState[] = [];
  for (const [key, audience] of audiences) {
    const { org, slug } = JSON.parse(key) as { org: string; slug: string };
    const members = await gateway.listTeamMembers(org, slug);
    teams.push({ org, slug, audience, members: members.map((m) => ({ id: m.id, login: m.login })) });
  }
  const tracker = resolveRepo(config.group.tracker, owner);
  const trackerCollaborators = config.access.trackerCollaborators
    ? (await gateway.listDirectCollaborators(tracker)).map((u) => ({ id: u.id, login: u.login }))
    : null;
  const advisories = config.access.advisoryCollaborators
    ? (await gateway.listOrgAdvisories(owner, "draft")).map((a) => ({
        repo: { owner: a.owner, repo: a.repo },
        ghsaId: a.ghsaId,
        collaborators: a.collaboratingUsers,
      }))
    : [];
  return { teams, trackerCollaborators, advisories };
}

export interface AccessRun {
  plan: Effect[];
  /** One line per effect applied (or, in a dry run, that would be). */
  actions: string[];
}

/**
 * Makes GitHub's access match the roster on the group repository's default branch: gather, plan,
 * apply. A second run with nothing changed plans nothing and writes nothing. Policy and roster
 * errors propagate (`isPolicyError`), to be explained where the caller can.
 */
export async function reconcileAccess(
  gateway: Gateway,
  owner: string,
  options: { now: Date; log: EffectLog; config?: SecwgConfig; roster?: Roster },
): Promise<AccessRun> {
  const config = options.config ?? (await loadPolicy(gateway, owner));
  const roster = options.roster ?? (await loadRoster(gateway, config, owner));
  const state = await gatherAccessState(gateway, config, owner);
  const plan = planAccess({
    roster,
    state,
    tracker: resolveRepo(config.group.tracker, owner),
    today: isoDay(options.now),
    trackerPermission: config.access.trackerPermission,
  });
  const actions = await applyPlan(plan, { gateway, log: options.log });
  return { plan, actions };
}
