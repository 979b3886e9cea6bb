import type { VoteKindRules } from "../vote/kinds.js";

/**
 * A removal vote: every member active when it opens votes, except the member being removed (the
 * subject is never an elector, whatever role they hold). Passed, the removal's own step takes over
 * (`merge-removal`): it re-reads the pull request, shows the `secwg / removal` check and merges at
 * the head it verified. Failed, nothing follows here: the other path (the Chair and the Co-Chair in
 * consultation with the Board Liaison) may still decide, and the check says the vote failed.
 */
export const REMOVAL_VOTE: VoteKindRules = {
  kind: "removal",
  electorate(roster, { subject, today }) {
    return roster
      .activeOn(today)
      .filter((m) => m.id !== subject.id)
      .map((m) => ({ id: m.id, login: m.login }));
  },
  outcome({ record, pull }) {
    if (record.state === "passed" && pull.state === "open") return { effects: [], followUp: { kind: "merge-removal" } };
    return { effects: [], followUp: null };
  },
};
