import { startHarness, type Harness, type HarnessOptions } from "../../sim/harness.js";
import { ORG_CONFIG } from "../../sim/seed.js";
import type { Issue } from "../../sim/world.js";

/** The seeded policy plus access that follows the roster, everything kept. */
export const ACCESS_CONFIG = `${ORG_CONFIG}access:
  trackerTeams: [security-tracker]
  trackerCollaborators: true
  advisoryCollaborators: true
`;

/**
 * Erin (joined 2025-09-01, onboarding long over) is on the roster without tracker access; the rest of
 * the seeded group has it. GitHub starts out matching the roster.
 */
export async function startAccessScenario(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  const { world } = h.sim;
  const { members, groupRepo, tracker, dotGithub, org } = h.org;
  world.push(dotGithub, "main", { ".github/secwg.yml": ACCESS_CONFIG }, "Access follows the roster");
  const roster = world.filesAt(groupRepo)?.get("MEMBERS.yml") as string;
  const erinEntry = roster.indexOf("  - login: erin");
  world.push(groupRepo, "main", { "MEMBERS.yml": roster.slice(0, erinEntry) + roster.slice(erinEntry).replace("tracker_access: true", "tracker_access: false") }, "Erin is onboarding");
  tracker.collaborators.delete(members.erin.id);
  world.addTeam(org, "security-tracker", [members.alice, members.bob, members.carol, members.dave]);
  return h;
}

export function accessReplies(h: Harness, issue: Issue): string[] {
  return issue.comments.filter((c) => c.user.id === h.sim.bot.id).map((c) => c.body);
}
