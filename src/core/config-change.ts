import { ConfigError, RosterError, SecwgError, formatProblem, type ValidationProblem } from "../errors.js";
import { parseConfigYaml, parseRepoConfigYaml } from "../config/validate.js";
import { parseRosterYaml, type RosterCheckOptions } from "./roster.js";

export type PolicyFileKind = "config" | "roster";

export interface PolicyFileChange {
  kind: PolicyFileKind;
  path: string;
  /** The file's text at the pull request's head, or null when the PR deletes it. */
  text: string | null;
  /**
   * For `config`: the owner whose organisation policy governs the file when it is a repository's
   * own file (org-only keys are refused); absent for the organisation's `.github` file.
   */
  repoOwner?: string;
}

export interface PolicyFileVerdict {
  path: string;
  kind: PolicyFileKind;
  problems: ValidationProblem[];
}

/**
 * Validates the policy files a pull request changes, so bad config never reaches the default branch.
 * `options.today` (the day in the group's time zone) adds the roster's dated rules (the Board
 * Liaison's board term); callers that pass nothing get the date-free rules only.
 */
export function checkPolicyFiles(changes: readonly PolicyFileChange[], options: RosterCheckOptions = {}): PolicyFileVerdict[] {
  return changes.map((change) => {
    if (change.text === null) {
      return change.kind === "roster"
        ? { ...change, problems: [{ path: "", message: "deleting the roster would leave the group without members" }] }
        : { ...change, problems: [] };
    }
    try {
      if (change.kind === "config") {
        if (change.repoOwner === undefined) parseConfigYaml(change.text, change.path);
        else parseRepoConfigYaml(change.text, change.path, change.repoOwner);
      }
      else parseRosterYaml(change.text, change.path, options);
      return { path: change.path, kind: change.kind, problems: [] };
    } catch (error) {
      if (error instanceof ConfigError || error instanceof RosterError) {
        return { path: change.path, kind: change.kind, problems: error.problems };
      }
      throw error;
    }
  });
}

export interface CheckOutcome {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
}

export function renderPolicyCheck(verdicts: readonly PolicyFileVerdict[]): CheckOutcome {
  const failing = verdicts.filter((v) => v.problems.length > 0);
  if (failing.length === 0) {
    return {
      conclusion: "success",
      title: "Configuration is valid",
      summary: verdicts.map((v) => `- \`${v.path}\`: valid`).join("\n"),
    };
  }
  const count = failing.reduce((n, v) => n + v.problems.length, 0);
  return {
    conclusion: "failure",
    title: `${count} problem${count === 1 ? "" : "s"} in ${failing.map((v) => v.path).join(", ")}`,
    summary: [
      ...failing.flatMap((v) => [`### \`${v.path}\``, "", ...v.problems.map((p) => `- ${formatProblem(p)}`), ""]),
      "See docs/configuration.md for every key, its type and its default.",
    ].join("\n"),
  };
}

/** The check-run text for configuration on the default branch that cannot be used. */
export function renderUnusableConfig(error: SecwgError): CheckOutcome {
  return { conclusion: "failure", title: "secwg configuration is invalid", summary: error.toUserMessage() };
}
