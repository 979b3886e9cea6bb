import { VOTE_OPEN_LABEL } from "../../core/vote/close-plan.js";
import { refreshVote } from "./lifecycle.js";
import type { BaseEnv } from "../env.js";
import { voteTarget } from "../../core/vote/vote-record.js";
import { issueWorkKey } from "../../core/work-key.js";
import { onObject, type StepReport, type SweepContext, type SweepStep } from "../../sweep/types.js";

/** At most this many votes are re-counted per installation and sweep; the rest wait for the next. */
const MAX_VOTES_PER_RUN = 200;

/**
 * Re-counts every open vote of the installation and closes those that are decided or due: the
 * only way a vote whose thread stays quiet ever closes, since reactions send no webhook. Votes are
 * found by the `vote: open` label, and every read is conditional, so an unchanged vote costs no
 * rate limit.
 */
export const votesStep: SweepStep = {
  name: "votes",
  async run(context: SweepContext): Promise<StepReport> {
    const report: StepReport = { actions: [], errors: [] };
    const env: BaseEnv = { gateway: context.gateway, now: context.now, signingKey: context.signingKey, log: context.log };
    let budget = MAX_VOTES_PER_RUN;
    const repos = await context.gateway.listInstallationRepos();
    for (const repo of repos) {
      if (context.signal?.aborted || budget <= 0) break;
      try {
        const { data: threads } = await context.gateway.listOpenWithLabel(repo, VOTE_OPEN_LABEL);
        for (const thread of threads) {
          if (!thread.isPull || budget-- <= 0) continue;
          const ref = { ...repo, issue_number: thread.number };
          // In the thread's order (after any event work queued on it); every step re-reads what it acts on.
          const result = await onObject(context, issueWorkKey(repo.owner, repo.repo, thread.number), () => refreshVote(env, ref, { labels: thread.labels }));
          if (result.kind === "closed" && result.closedNow) report.actions.push(`close vote ${voteTarget(ref)}: ${result.record.state}`);
          else if (result.kind === "open" && result.updated) report.actions.push(`update tally of ${voteTarget(ref)}`);
          else if (result.kind === "reposted") report.actions.push(`re-post deleted vote comment on ${voteTarget(ref)}`);
          else if (result.kind === "tampered") report.errors.push(`vote record on ${voteTarget(ref)} failed verification: ${result.reason}`);
        }
      } catch (error) {
        report.errors.push(`${repo.owner}/${repo.repo}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return report;
  },
};
