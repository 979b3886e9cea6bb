import type { Context } from "probot";
import type { Gateway } from "../github/gateway.js";
import { OctokitGateway, PROCESS_IDENTITY, type AppIdentitySource } from "../github/octokit-gateway.js";
import { DeliveryReads } from "../github/delivery-reads.js";
import { requireSigningKey } from "./secrets.js";
import type { IntervalGate } from "./interval-gate.js";

/** What handlers need beyond the event: a clock and a way to reach GitHub. Tests substitute both. */
export interface AppDeps {
  now(): Date;
  gatewayFor(context: Context): Gateway;
  /** Key for signing records stored in comments (`SECWG_SIGNING_KEY`, else the webhook secret; see `requireSigningKey`). */
  signingKey: string;
  /** How the app's own bot account is learned (once per process; tests may fix it). */
  identity?: AppIdentitySource;
  /**
   * Run handlers before Probot replies instead of queueing them (tests await the whole handling).
   * Production queues: GitHub gets its reply within milliseconds and the work follows.
   */
  inline?: boolean;
  /** Bounds the dashboard's event-driven rebuilds per organisation (default: one a minute plus one trailing). */
  dashboardGate?: IntervalGate;
}

/** Throws `SettingsError` when no signing key is given and none is configured: there is no fallback key. */
export function defaultDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  const reads = new DeliveryReads();
  const identity = overrides.identity ?? PROCESS_IDENTITY;
  return {
    now: () => new Date(),
    gatewayFor: (context) => new OctokitGateway(context.octokit, reads.forDelivery(context.id), identity),
    ...overrides,
    signingKey: overrides.signingKey ?? requireSigningKey(),
  };
}
