import { ELECTION_OPEN_LABEL, electionTarget } from "../../core/governance/election-record.js";
import { resolveRepo } from "../../core/repositories.js";
import { issueWorkKey } from "../../core/work-key.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";
import { sweepEnv } from "../env.js";
import { stepConfig } from "../policy/gather.js";
import { refreshElection } from "./lifecycle.js";

/**
 * Elections: every issue of the group repository labelled `election: open` is moved on as the
 * clock allows (nominations close, ballots are posted, a round is counted at its deadline, a
 * run-off opens, the roster pull request is proposed and merged). Reactions send no webhook, so
 * this is how a quiet election ends. A second sweep writes nothing.
 */
export const electionsStep: SweepStep = {
  name: "elections",
  async run(ctx: SweepContext): Promise<StepReport> {
    const owner = ctx.installation.account;
    const policy = await stepConfig(ctx);
    if (!policy.ok) return policy.report;
    const { config } = policy;
    const env = sweepEnv(ctx, config);
    const group = resolveRepo(config.group.repo, owner);
    const report: StepReport = { actions: [], errors: [] };
    const { data: threads } = await ctx.gateway.listOpenWithLabel(group, ELECTION_OPEN_LABEL);
    for (const thread of threads) {
      if (thread.isPull || ctx.signal?.aborted) continue;
      const issue = { ...group, issue_number: thread.number };
      const result = await onObject(ctx, issueWorkKey(group.owner, group.repo, thread.number), () => refreshElection(env, issue, thread.labels));
      if (result.kind === "tampered") report.errors.push(`election on ${electionTarget(issue)} stopped: ${result.reason}`);
      else if (result.kind === "ok") report.actions.push(...result.actions.filter((a) => !a.startsWith("unchanged")));
    }
    return report;
  },
};
