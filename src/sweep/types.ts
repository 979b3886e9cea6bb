import type { Logger } from "pino";
import type { Gateway } from "../github/gateway.js";
import type { Octokit } from "../github/octokit-gateway.js";

/**
 * The sweep reconciles what webhooks cannot tell: time passing, reactions, drafts edited on GitHub,
 * failed deliveries. Features contribute steps; the runner calls each step once per installation.
 */
export interface SweepContext {
  installation: { id: number; account: string };
  /** Authenticated as the installation. */
  gateway: Gateway;
  octokit: Octokit;
  now: Date;
  log: Logger;
  /** Report what would be written, write nothing. */
  dryRun: boolean;
  /** Key for verifying signed records (see AppDeps.signingKey). */
  signingKey: string;
}

export interface StepReport {
  /** One line per thing the step did or would do (dry run), for the CLI and logs. */
  actions: string[];
  /** Problems the step met but survived (one repo failing does not stop the others). */
  errors: string[];
}

export interface SweepStep {
  name: string;
  run(context: SweepContext): Promise<StepReport>;
}
