import type { SecwgConfig } from "../../config/schema.js";
import type { VoteFollowUp } from "../../core/vote/kinds.js";
import type { VoteRecord } from "../../core/vote/vote-record.js";
import type { IssueRef, PullState } from "../../github/gateway.js";
import { mergeMembership, welcomeMember } from "../membership/merge.js";
import { evaluateRemoval } from "../removals/evaluate.js";
import type { BaseEnv } from "../env.js";

/** What a follow-up runs with: the closed record and the thread and policy the close gathered. */
export interface FollowUpInput {
  record: VoteRecord;
  pull: PullState;
  config: SecwgConfig;
}

/**
 * The feature that carries out each follow-up a kind's outcome can ask for (`VoteFollowUp`). A new
 * kind that needs one adds its tag to the union and its row here.
 */
export const FOLLOW_UPS: { [K in VoteFollowUp["kind"]]: (env: BaseEnv, ref: IssueRef, input: FollowUpInput) => Promise<void> } = {
  "merge-membership": (env, ref, { record, pull, config }) => mergeMembership(env, ref, record, pull, config),
  "welcome-member": (env, ref, { record, config }) => welcomeMember(env, ref, record, config),
  // --- removals ---
  "merge-removal": async (env, ref, { config }) => void (await evaluateRemoval(env, ref, { config })),
};
