/**
 * The object an event is about, as a queue key: events with the same key are handled in order.
 * Repository + issue/pull request number, or repository + advisory id; events about a repository
 * as a whole share the repository's key; events with no repository share the installation's.
 */
type LooseObject = Record<string, unknown>;

/** Reads `value[key]` from anything (payload fields may be missing or of the wrong type). */
function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as LooseObject)[key] : undefined;
}

/** The key of an issue or pull request (the same as its events'). */
export function issueWorkKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`;
}

/** The key of a repository security advisory (the same as its events'). */
export function advisoryWorkKey(owner: string, repo: string, ghsaId: string): string {
  return `${owner}/${repo}@${ghsaId}`;
}

/** The key of an organisation's dashboard: every refresh after an event coalesces under it. */
export function dashboardWorkKey(owner: string): string {
  return `dashboard:${owner.toLowerCase()}`;
}

export function workKeyFor(payload: unknown): string {
  const p = (payload ?? {}) as LooseObject;
  const repository = field(p, "repository");
  const repo = field(repository, "full_name") ?? (field(repository, "id") !== undefined ? `repo-${String(field(repository, "id"))}` : undefined);
  const firstPull = (field(field(p, "check_run"), "pull_requests") as unknown[] | undefined)?.[0];
  const number = [field(field(p, "issue"), "number"), field(field(p, "pull_request"), "number"), field(p, "number"), field(firstPull, "number")].find((n) => typeof n === "number");
  const advisory = field(field(p, "repository_advisory"), "ghsa_id") ?? field(field(p, "security_advisory"), "ghsa_id");
  const installation = field(field(p, "installation"), "id");
  const base = typeof repo === "string" ? repo : `installation-${typeof installation === "number" ? installation : "none"}`;
  if (typeof number === "number") return `${base}#${number}`;
  if (typeof advisory === "string") return `${base}@${advisory}`;
  return base;
}
