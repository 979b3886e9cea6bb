/**
 * Detection of security-sensitive pull requests: the contract between the rule engine and the
 * review handler. Pure: works on the data `pulls.listFiles` returns.
 */

/** A file of a pull request, as `pulls.listFiles` returns it (`patch` missing for very large diffs). */
export interface ChangedFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
  previous_filename?: string;
}

export interface ReviewInput {
  title: string;
  body: string;
  labels: string[];
  files: ChangedFile[];
  /** True when GitHub's 3,000-file cap was reached: the list is incomplete. */
  filesCapped: boolean;
}

/** Where a rule matched. `line` is the line number in the new file (added lines) when known. */
export interface RuleHit {
  file?: string;
  line?: number;
  /** `added` or `removed` line, `path`, `metadata` (title/body/labels), `missing-patch`, `capped`. */
  where: "added" | "removed" | "path" | "metadata" | "missing-patch" | "capped";
}

export interface FiredRule {
  id: string;
  /** Plain words: why this matters. Shown in the checklist comment. */
  message: string;
  checklist: string[];
  hits: RuleHit[];
}

export interface Detection {
  needsReview: boolean;
  /** Sorted by rule id; hits sorted by file then line. Deterministic for identical input. */
  fired: FiredRule[];
}
