import type { ProbotOctokit } from "probot";
import type { AppIdentity } from "../../core/identity.js";
import type { ReadMemo } from "../delivery-reads.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** What every call to GitHub needs: the installation's Octokit and the reads shared within one delivery. */
export interface GitHubContext {
  readonly octokit: Octokit;
  /** Shares reads between the handlers of one delivery (see `DeliveryReads`). */
  readonly reads: ReadMemo;
  /** The app's own bot account (learned once per process): only its comments and issues are secwg's. */
  self(): Promise<AppIdentity>;
}
