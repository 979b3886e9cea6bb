import type { Gateway } from "../../github/gateway.js";
import { RosterError } from "../../errors.js";
import { parseRosterYaml, type Roster } from "../../core/roster.js";
import { resolveRepo } from "../../core/repositories.js";
import type { SecwgConfig } from "../../config/schema.js";

/**
 * The roster from the default branch of the group repository (never from a pull request), so a PR
 * cannot grant its author a role. Throws `RosterError` when missing or invalid.
 */
export async function loadRoster(gateway: Gateway, config: SecwgConfig, owner: string): Promise<Roster> {
  const groupRepo = resolveRepo(config.group.repo, owner);
  const file = `${groupRepo.owner}/${groupRepo.repo}:${config.group.roster}`;
  const text = await gateway.readFile(groupRepo, config.group.roster);
  if (text === null) {
    throw new RosterError(file, [{ path: "", message: "not found on the default branch of the group repository (see group.repo and group.roster)" }]);
  }
  return parseRosterYaml(text, file);
}
