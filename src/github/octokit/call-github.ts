import { GitHubError } from "../../errors.js";

/** The HTTP status of a failed Octokit call, or undefined for an error that is not a response. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Rethrows a failed call as a `GitHubError` that keeps the status and route but not the request
 * (Octokit's errors carry the request body, which may hold private text).
 */
export async function callGitHub<T>(route: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined) throw error;
    const message = error instanceof Error ? error.message.split(" - ")[0] ?? "" : "";
    throw new GitHubError(status, route, message.slice(0, 200));
  }
}
