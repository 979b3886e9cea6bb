import type { ProbotOctokit } from "probot";
import type { ReadMemo } from "../delivery-reads.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** What every call to GitHub needs: the installation's Octokit and the reads shared within one delivery. */
export interface GitHubContext {
  readonly octokit: Octokit;
  /** Shares reads between the handlers of one delivery (see `DeliveryReads`). */
  readonly reads: ReadMemo;
}
