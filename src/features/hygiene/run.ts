import type { Logger } from "pino";
import { HYGIENE_CHECKS, planHygiene, skipReason, skipText, type CheckResult, type HygieneCheck, type HygieneRepo } from "../../core/hygiene/checks.js";
import type { Effect } from "../../core/effects.js";
import { GitHubError } from "../../errors.js";
import type { Gateway } from "../../github/gateway.js";
import { applyPlan } from "../apply-effects.js";
import { checkRepository, gatherHygieneInputs, type HygieneInputs } from "./gather.js";

/** One row of `secwg hygiene`'s table. */
export interface HygieneRow {
  repo: string;
  /** Why the repository was not checked (archived, fork, opted out with its reason). */
  skipped: string | null;
  results: Record<HygieneCheck, CheckResult> | null;
}

export interface HygieneRun {
  rows: HygieneRow[];
  actions: string[];
  errors: string[];
}

export interface HygieneOptions {
  log: Logger;
  signal?: AbortSignal | undefined;
  /** Only these repositories (events); all the installation can access when omitted (sweep, CLI). */
  only?: HygieneRepo[];
  /** Effects applied at most per run; the rest waits for the next run. */
  maxEffects?: number;
}

/**
 * Checks the installation's repositories of `owner` and applies each one's plan: the one entry
 * point of hygiene, shared by the events, the sweep step and `secwg hygiene`. One repository
 * failing does not stop the others.
 */
export async function runHygiene(gateway: Gateway, owner: string, options: HygieneOptions): Promise<HygieneRun> {
  const run: HygieneRun = { rows: [], actions: [], errors: [] };
  const gathered = await gatherHygieneInputs(gateway, owner);
  if (gathered.kind === "skip") {
    run.errors.push(`${owner}: ${gathered.reason}`);
    return run;
  }
  const { inputs } = gathered;
  if (inputs.trackerProblem) options.log.info({ owner }, `hygiene: ${inputs.trackerProblem}`);
  const repos = options.only ?? (await gateway.listInstalledRepositories()).data.filter((r) => r.owner.toLowerCase() === owner.toLowerCase());
  let budget = options.maxEffects ?? Number.POSITIVE_INFINITY;
  let deferred = 0;
  for (const repo of [...repos].sort((a, b) => a.repo.localeCompare(b.repo))) {
    if (options.signal?.aborted) break;
    try {
      const { row, plan } = await decide(gateway, inputs, repo);
      run.rows.push(row);
      const writes = plan.filter((e) => e.kind !== "log");
      if (writes.length > budget) {
        deferred++;
        continue;
      }
      budget -= writes.length;
      // Log lines go to the log only; the actions report what was written.
      for (const effect of plan.filter((e) => e.kind === "log")) options.log[effect.level]({ repo: name(effect.repo) }, effect.message);
      run.actions.push(...(await applyPlan(writes, { gateway, log: options.log })));
    } catch (error) {
      run.errors.push(`${repo.owner}/${repo.repo}: ${error instanceof Error ? error.message : String(error)}`);
      // GitHub asks to slow down: every further request would be refused too, and count against us.
      if (error instanceof GitHubError && (error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message)))) {
        run.errors.push(`${owner}: rate limited; the remaining repositories wait for the next run`);
        break;
      }
    }
  }
  if (deferred > 0) run.actions.push(`${deferred} repositories left for the next run`);
  return run;
}

function name(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}`;
}

async function decide(gateway: Gateway, inputs: HygieneInputs, repo: HygieneRepo): Promise<{ row: HygieneRow; plan: Effect[] }> {
  const name = `${repo.owner}/${repo.repo}`;
  const existing = inputs.issues.get(repo.id);
  const skip = skipReason(repo, inputs.policy);
  if (skip) return { row: { repo: name, skipped: skipText(skip), results: null }, plan: planHygiene({ repo, results: null, skip, policy: inputs.policy, existing }) };
  const results = await checkRepository(gateway, inputs, repo);
  return { row: { repo: name, skipped: null, results }, plan: planHygiene({ repo, results, skip: null, policy: inputs.policy, existing }) };
}

/** The findings as a plain-text table (one row per repository, one column per check). */
export function renderHygieneTable(rows: readonly HygieneRow[]): string {
  const header = ["repository", ...HYGIENE_CHECKS];
  const cells = rows.map((r) => [r.repo, ...HYGIENE_CHECKS.map((c) => (r.results ? `${r.results[c].state}${r.results[c].detail ? ` (${r.results[c].detail})` : ""}` : r.skipped ?? ""))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
