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
  /** Key for verifying signed records (see AppDeps.signingKey). */
  signingKey: string;
  /** Aborted when the step's time budget runs out; long steps check it between repositories. */
  signal?: AbortSignal;
  /**
   * Runs work on one object (key from `src/core/work-key.ts`) in that object's order: in a process
   * that also serves webhooks, through the same per-object queue as webhook work, so the sweep
   * never acts on a vote or pull request while an event's work on it is running. Absent (the
   * `secwg sweep` CronJob): the work runs at once.
   */
  serialize?: Serialize;
}

export type Serialize = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** `work` in the object's order when the context has one, else at once. */
export function onObject<T>(context: { serialize?: Serialize | undefined }, key: string, work: () => Promise<T>): Promise<T> {
  return context.serialize ? context.serialize(key, work) : work();
}

export interface StepReport {
  /** One line per thing the step did (in a dry run, the runner's "would …" lines), for the CLI and logs. */
  actions: string[];
  /** Problems the step met but survived (one repo failing does not stop the others). */
  errors: string[];
}

export interface SweepStep {
  name: string;
  run(context: SweepContext): Promise<StepReport>;
}

/**
 * What an app-level step receives: one run per sweep (not per installation), authenticated as the
 * GitHub App itself (JWT), for endpoints such as `GET /app/hook/deliveries` that belong to the app.
 */
export interface AppSweepContext {
  /** Authenticated with the app's JWT; only `/app/...` endpoints accept it. */
  appOctokit: Octokit;
  now: Date;
  log: Logger;
  dryRun: boolean;
  signal?: AbortSignal;
}

/** A step that runs once per sweep as the app, e.g. redelivering failed webhook deliveries. */
export interface AppSweepStep {
  name: string;
  scope: "app";
  run(context: AppSweepContext): Promise<StepReport>;
}

/** Anything `SWEEP_STEPS` may hold: per-installation steps (the usual kind) and app-level steps. */
export type AnySweepStep = SweepStep | AppSweepStep;

export function isAppStep(step: AnySweepStep): step is AppSweepStep {
  return (step as AppSweepStep).scope === "app";
}
