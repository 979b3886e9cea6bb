import type { SecwgConfig } from "../../config/schema.js";
import type { Roster } from "../../core/roster.js";
import { isPolicyError, type ConfigError, type RosterError } from "../../errors.js";
import type { Gateway, RepoRef } from "../../github/gateway.js";
import { loadPolicy, loadRepoSettings } from "./load.js";
import { loadRoster } from "./load-roster.js";

/**
 * A problem with the organisation's policy or roster that a person fixes by editing a file: its
 * `toUserMessage()` names the file and key path, never a value, so it may be posted.
 */
export type PolicyProblem = ConfigError | RosterError;

/** A policy read's result: the value, or the problem a person can fix. */
export type PolicyRead<T> = { ok: true; value: T } | { ok: false; problem: PolicyProblem };

/** Whose policy: the organisation's (`owner`), or a repository's settings (the policy with its `review` tuning). */
export type PolicyScope = { owner: string } | { repo: RepoRef };

/** The policy and roster of one event, or the first problem met (with the configuration when only the roster failed). */
export type PolicyGathered =
  | { ok: true; config: SecwgConfig; roster: Roster }
  | { ok: false; problem: PolicyProblem; config: SecwgConfig | null };

/**
 * The one place where a policy read's failure becomes data: a `ConfigError` or `RosterError` is
 * returned as the problem, anything else (GitHub failing, a bug) is thrown for the queue to retry.
 */
export async function readPolicy<T>(read: () => Promise<T>): Promise<PolicyRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    return { ok: false, problem: error };
  }
}

/** The configuration that governs `scope` (see `loadPolicy`, `loadRepoSettings`), or its problem. */
export function gatherConfig(gateway: Gateway, scope: PolicyScope): Promise<PolicyRead<SecwgConfig>> {
  return readPolicy(() => ("repo" in scope ? loadRepoSettings(gateway, scope.repo) : loadPolicy(gateway, scope.owner)));
}

/** The roster on the group repository's default branch (see `loadRoster`), or its problem. */
export function gatherRoster(gateway: Gateway, config: SecwgConfig, owner: string): Promise<PolicyRead<Roster>> {
  return readPolicy(() => loadRoster(gateway, config, owner));
}

/** The configuration of `scope` and the roster, read in that order; stops at the first problem. */
export async function gatherPolicy(gateway: Gateway, scope: PolicyScope): Promise<PolicyGathered> {
  const config = await gatherConfig(gateway, scope);
  if (!config.ok) return { ok: false, problem: config.problem, config: null };
  const owner = "repo" in scope ? scope.repo.owner : scope.owner;
  const roster = await gatherRoster(gateway, config.value, owner);
  return roster.ok ? { ok: true, config: config.value, roster: roster.value } : { ok: false, problem: roster.problem, config: config.value };
}

/**
 * The organisation's configuration for a sweep step, or the step's report that it is unusable (a
 * person's file to fix: reported, not thrown; a GitHub failure still throws).
 */
export async function stepConfig(ctx: { gateway: Gateway; installation: { account: string } }): Promise<{ ok: true; config: SecwgConfig } | { ok: false; report: { actions: string[]; errors: string[] } }> {
  const owner = ctx.installation.account;
  const read = await gatherConfig(ctx.gateway, { owner });
  return read.ok ? { ok: true, config: read.value } : { ok: false, report: { actions: [], errors: [`${owner}: configuration unusable`] } };
}
