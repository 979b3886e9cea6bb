import type { Context } from "probot";
import type { AppDeps } from "../../app/deps.js";
import type { HygieneRepo } from "../../core/hygiene/checks.js";
import { runHygiene } from "./run.js";

type RepositoryEvent = Context<"repository.created" | "repository.publicized" | "repository.unarchived" | "repository.transferred">;

/** The repository as the payload describes it; null when a field hygiene needs is malformed. */
export function repositoryFromPayload(raw: unknown): HygieneRepo | null {
  const r = raw as { id?: unknown; name?: unknown; owner?: { login?: unknown }; private?: unknown; archived?: unknown; fork?: unknown; default_branch?: unknown } | null;
  if (!r || typeof r.id !== "number" || typeof r.name !== "string" || typeof r.owner?.login !== "string") return null;
  return {
    id: r.id,
    owner: r.owner.login,
    repo: r.name,
    private: r.private !== false,
    archived: r.archived === true,
    fork: r.fork === true,
    defaultBranch: typeof r.default_branch === "string" && r.default_branch !== "" ? r.default_branch : "main",
  };
}

/**
 * A repository appeared or changed in a way that matters: created, made public, unarchived or
 * transferred into the organization. Checks that one repository against the org-level policy.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository
 */
export async function onRepository(context: RepositoryEvent, deps: AppDeps): Promise<void> {
  const repo = repositoryFromPayload(context.payload.repository);
  if (!repo) {
    context.log.warn({ event: context.name }, "repository event ignored: malformed repository");
    return;
  }
  const run = await runHygiene(deps.gatewayFor(context), repo.owner, { log: context.log, only: [repo] });
  for (const error of run.errors) context.log.warn({ event: context.name }, `hygiene: ${error}`);
}

/**
 * Repositories were added to the installation. The payload lists only ids and names, so the
 * flags (archived, fork, default branch) come from the installation's repository list, which
 * also confirms that the installation can really access them.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation_repositories
 */
export async function onInstallationRepositoriesAdded(context: Context<"installation_repositories.added">, deps: AppDeps): Promise<void> {
  const added = new Set(context.payload.repositories_added.map((r) => r.id));
  if (added.size === 0) return;
  const gateway = deps.gatewayFor(context);
  const { data } = await gateway.listInstalledRepositories();
  const byOwner = new Map<string, HygieneRepo[]>();
  for (const repo of data.filter((r) => added.has(r.id))) byOwner.set(repo.owner, [...(byOwner.get(repo.owner) ?? []), repo]);
  for (const [owner, only] of byOwner) {
    const run = await runHygiene(gateway, owner, { log: context.log, only });
    for (const error of run.errors) context.log.warn({ event: context.name }, `hygiene: ${error}`);
  }
}
