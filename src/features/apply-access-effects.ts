import { ACCESS_LOG_ENTRY_KIND, ACCESS_LOG_KIND, ACCESS_LOG_LABEL } from "../core/governance/access-plan.js";
import type { Effect } from "../core/effects.js";
import { renderMarker } from "../core/marker.js";
import type { EnsureOutcome, Gateway } from "../github/gateway.js";
import type { AppliedEffect } from "./apply-effects.js";

type AccessEffect = Extract<Effect, { kind: "ensure-team-membership" | "ensure-collaborator" | "ensure-advisory-collaborators" | "access-log-entry" }>;

/**
 * The access effects of the one executor (`apply-effects.ts`): teams, the tracker's collaborators,
 * draft advisories' collaborators and the access log. An addition resolves the account's current
 * login from its id when applied, so a renamed or re-registered login never gets access.
 */
export async function applyAccessEffect(gateway: Gateway, effect: AccessEffect): Promise<AppliedEffect> {
  switch (effect.kind) {
  case "ensure-team-membership": {
    if (effect.present) {
      // The roster's login is display only: the account's login now comes from its id.
      const login = await gateway.getUserLogin(effect.user.id);
      if (login === null) return { effect, outcome: "unchanged" };
      // An invitation still pending keeps them off the team's list: it is not sent again.
      const added = await gateway.addTeamMember(effect.org, effect.team, login);
      return { effect, outcome: added === "already" ? "unchanged" : "created" };
    }
    await gateway.removeTeamMember(effect.org, effect.team, effect.user.login);
    return { effect, outcome: "updated" };
  }
  case "ensure-collaborator": {
    if (effect.present) {
      const login = await gateway.getUserLogin(effect.user.id);
      if (login === null) return { effect, outcome: "unchanged" };
      await gateway.addCollaborator(effect.repo, login, effect.permission);
      return { effect, outcome: "created" };
    }
    await gateway.removeCollaborator(effect.repo, effect.user.login);
    return { effect, outcome: "updated" };
  }
  case "ensure-advisory-collaborators":
    return { effect, outcome: await ensureAdvisoryCollaborators(gateway, effect) };
  case "access-log-entry": {
    const log = await gateway.ensureIssue(effect.repo, renderMarker(ACCESS_LOG_KIND, "tracker"), {
      title: "Access log",
      body: "secwg records here every change it makes to who has access (teams, the tracker's collaborators, draft advisories) to make GitHub match the roster, and every difference it found that it did not cause.",
      labels: [ACCESS_LOG_LABEL],
    });
    const body = ["Access changes to match the roster on the default branch:", "", ...effect.lines.map((l) => `- ${l}`)].join("\n");
    const result = await gateway.ensureComment({ ...effect.repo, issue_number: log.number }, renderMarker(ACCESS_LOG_ENTRY_KIND, effect.key), body);
    return { effect, outcome: result.outcome, url: result.comment.html_url };
  }
  }
}

/** The advisory's collaborators as GitHub has them now, with the roster's changes applied. */
async function ensureAdvisoryCollaborators(gateway: Gateway, effect: Extract<Effect, { kind: "ensure-advisory-collaborators" }>): Promise<EnsureOutcome> {
  const advisory = await gateway.getAdvisory(effect.repo, effect.ghsaId);
  const removed = new Set(effect.remove.map((u) => u.id));
  const kept = advisory.collaboratingUsers.filter((u) => !removed.has(u.id));
  const added: string[] = [];
  for (const user of effect.add) {
    if (kept.some((u) => u.id === user.id)) continue;
    const login = await gateway.getUserLogin(user.id);
    if (login !== null) added.push(login);
  }
  if (added.length === 0 && kept.length === advisory.collaboratingUsers.length) return "unchanged";
  await gateway.updateAdvisory(effect.repo, effect.ghsaId, { collaborating_users: [...kept.map((u) => u.login), ...added] });
  return "updated";
}
