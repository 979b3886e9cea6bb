import { z } from "zod";
import { TeamSlug } from "../fields.js";

/**
 * Access follows the roster: what secwg keeps in step with `MEMBERS.yml` on every roster change and
 * in the sweep. The teams for all members are `group.teams`.
 */
export const AccessConfig = z
  .strictObject({
    trackerTeams: z
      .array(TeamSlug)
      .default([])
      .describe("GitHub teams holding exactly the Chair, the Co-Chair, the Board Liaison and the members with `tracker_access: true`."),
    trackerCollaborators: z
      .boolean({ error: "expected true or false" })
      .default(false)
      .describe(
        "Also keep the tracker repository's direct collaborators equal to the people with tracker access. Off by default: it needs the `administration: write` permission, which secwg does not ask for (grant it to the installation first). Anyone else found there is removed and recorded in the tracker's access log.",
      ),
    trackerPermission: z
      .enum(["pull", "triage", "push", "maintain"], { error: "expected one of pull, triage, push, maintain" })
      .default("push")
      .describe("Permission given to a person added as a collaborator of the tracker repository."),
    advisoryCollaborators: z
      .boolean({ error: "expected true or false" })
      .default(false)
      .describe(
        "Also make every person with tracker access a collaborator of each open draft security advisory of the organization, and remove roster members whose access ended.",
      ),
  })
  .prefault({});
export type AccessConfig = z.infer<typeof AccessConfig>;
