import { renderMarker } from "../marker.js";
import type { VoteKindRules } from "../vote/kinds.js";
import { renderFailedRequest } from "./messages.js";

/**
 * A membership vote: every member active when it opens votes, except the applicant. Passed, the
 * request is merged (bound to the commit checked) and the member welcomed; failed, the applicant is
 * thanked with the tally and the request closed.
 */
export const MEMBERSHIP_VOTE: VoteKindRules = {
  kind: "membership",
  electorate(roster, { subject, today }) {
    return roster
      .activeOn(today)
      .filter((m) => m.id !== subject.id)
      .map((m) => ({ id: m.id, login: m.login }));
  },
  outcome({ thread, record, tally, decision, pull, carryOut }) {
    if (record.state === "passed" && carryOut) {
      // Merged already: by an earlier run of this close that failed after the merge, or by hand.
      if (pull.state === "open") return { effects: [], followUp: { kind: "merge-membership" } };
      if (pull.merged && pull.authorId === record.subject.id) return { effects: [], followUp: { kind: "welcome-member" } };
    }
    if (record.state === "failed" && pull.state === "open") {
      const impossible = decision?.status === "failed" && decision.reason === "majority-impossible";
      return {
        effects: [
          {
            kind: "ensure-comment",
            issue: thread,
            marker: renderMarker("vote-result", record.target),
            body: renderFailedRequest(record.subject, tally, record.electorate.length, impossible),
            why: "tell the applicant the vote failed",
          },
          { kind: "close-pull", issue: thread, why: "the membership vote failed" },
        ],
        followUp: null,
      };
    }
    return { effects: [], followUp: null };
  },
};
