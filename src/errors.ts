/**
 * Typed failures. Expected outcomes (a refused command, a failed vote) are values returned by
 * `src/core`; these classes are for things that stop an operation and must be explained to a user
 * or an operator. `toUserMessage()` is the only way their text reaches GitHub.
 */

/** One problem found in a YAML file, located by a dotted key path (`review.reviewers.count`). */
export interface ValidationProblem {
  path: string;
  message: string;
}

export abstract class SecwgError extends Error {
  abstract readonly code: string;
  /** Markdown for a check run or comment; never includes stack traces or private text. */
  abstract toUserMessage(): string;
}

/** `.github/secwg.yml` (or the org default it extends) is not valid YAML or breaks the schema. */
export class ConfigError extends SecwgError {
  readonly code = "config-invalid";
  constructor(
    readonly file: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${file} is invalid: ${problems.map(formatProblem).join("; ")}`);
    this.name = "ConfigError";
  }
  toUserMessage(): string {
    return [
      `secwg could not use \`${this.file}\`, so it took no action that depends on it in this repository.`,
      "",
      ...this.problems.map((p) => `- ${formatProblem(p)}`),
      "",
      "Fix the file on the default branch; the next event or sweep picks up the change.",
    ].join("\n");
  }
}

/** The roster (`MEMBERS.yml`) is not valid YAML or breaks its rules. */
export class RosterError extends SecwgError {
  readonly code = "roster-invalid";
  constructor(
    readonly file: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${file} is invalid: ${problems.map(formatProblem).join("; ")}`);
    this.name = "RosterError";
  }
  toUserMessage(): string {
    return [
      `The roster \`${this.file}\` is invalid:`,
      "",
      ...this.problems.map((p) => `- ${formatProblem(p)}`),
    ].join("\n");
  }
}

/** A GitHub API call failed. Keeps status and route, drops the request body (it may hold private text). */
export class GitHubError extends SecwgError {
  readonly code = "github-request-failed";
  constructor(
    readonly status: number,
    readonly route: string,
    readonly githubMessage: string,
  ) {
    super(`GitHub answered ${status} to ${route}: ${githubMessage}`);
    this.name = "GitHubError";
  }
  toUserMessage(): string {
    return `GitHub refused a request from secwg (${this.status} on \`${this.route}\`). An administrator can find details in the app's logs.`;
  }
}

/**
 * Two runs (a webhook and the sweep, two replicas) wrote the same thing at once and this one gave
 * way. Nothing is wrong with the input: running again, on what GitHub holds now, succeeds.
 */
export class ConcurrentWriteError extends SecwgError {
  readonly code = "concurrent-write";
  constructor(readonly what: string) {
    super(`another run wrote ${what} at the same time`);
    this.name = "ConcurrentWriteError";
  }
  toUserMessage(): string {
    return `Another secwg run wrote ${this.what} at the same moment; secwg applies this change again on top of it.`;
  }
}

/**
 * Failures a person fixes by editing a file (configuration, roster): explained on GitHub and not
 * retried. A `GitHubError` while reading those files is not one of them: it propagates, so the
 * event is retried instead of being answered with a wrong diagnosis.
 */
export function isPolicyError(error: unknown): error is ConfigError | RosterError {
  return error instanceof ConfigError || error instanceof RosterError;
}

export function formatProblem(problem: ValidationProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** Turns any thrown value into text safe to show on GitHub. */
export function toUserMessage(error: unknown): string {
  if (error instanceof SecwgError) return error.toUserMessage();
  return "secwg hit an unexpected error while handling this event. It has been logged; the next sweep retries.";
}
