import { compare as comparePep440, valid as validPep440 } from "@renovatebot/pep440";
import semver from "semver";

/**
 * Version ranges as GitHub's advisory database writes them, matched per ecosystem.
 *
 * A range is a comma-separated list of constraints that must all hold, each an operator
 * (`<`, `<=`, `>`, `>=`, `=`) and a version: `>= 4.0, < 4.2.17`, `< 1.2.3`, `= 2.0.0`.
 * @see https://docs.github.com/en/code-security/security-advisories/working-with-global-security-advisories-from-the-github-advisory-database/about-the-github-advisory-database#about-version-ranges
 *
 * Ordering is the ecosystem's own, from a maintained library: PEP 440 (`@renovatebot/pep440`) for
 * `pip`, SemVer (`semver`) for `npm`. Ordering alone decides, so a pre-release or post-release
 * inside a range counts as affected (`5.0rc1` is below `5.0` and above `4.2`), which is what a
 * vulnerability range means; the libraries' "pre-releases are excluded unless asked for" rule is
 * about choosing what to install, not about what is vulnerable. Every other ecosystem (`maven`,
 * `rubygems`, `go`, `composer`, `nuget`, `rust`, …) has ordering rules secwg does not implement:
 * its versions are reported as `unknown`, and the tracker issue lists the ranges for a person to
 * judge. An unparsable version or range is `unknown` too, never a guess.
 */

export type Ecosystem = string;
export type Affected = "affected" | "not-affected" | "unknown";

type Compare = (a: string, b: string) => number;

const ORDERINGS: Record<string, { valid(v: string): boolean; compare: Compare }> = {
  pip: { valid: (v) => validPep440(v) !== null, compare: comparePep440 },
  npm: {
    valid: (v) => semver.valid(v, { loose: true }) !== null,
    compare: (a, b) => semver.compare(a, b, { loose: true }),
  },
};

/** Ecosystems whose ranges secwg evaluates; the others are listed but reported `unknown`. */
export const EVALUATED_ECOSYSTEMS = Object.keys(ORDERINGS);

interface Constraint {
  op: "<" | "<=" | ">" | ">=" | "=";
  version: string;
}

const CONSTRAINT = /^(<=|>=|<|>|=)\s*(\S+)$/;

/** The constraints of a GitHub range, or null when any part is not of GitHub's form. */
export function parseRange(range: string): Constraint[] | null {
  const parts = range.split(",").map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const constraints: Constraint[] = [];
  for (const part of parts) {
    const m = CONSTRAINT.exec(part);
    if (!m) return null;
    constraints.push({ op: m[1] as Constraint["op"], version: m[2] as string });
  }
  return constraints;
}

function holds(c: Constraint, version: string, compare: Compare): boolean {
  const d = compare(version, c.version);
  switch (c.op) {
    case "<": return d < 0;
    case "<=": return d <= 0;
    case ">": return d > 0;
    case ">=": return d >= 0;
    case "=": return d === 0;
  }
}

/** Whether `version` of a package in `ecosystem` lies in GitHub's `range`. */
export function inRange(ecosystem: Ecosystem, version: string, range: string): Affected {
  const ordering = ORDERINGS[ecosystem.toLowerCase()];
  const constraints = parseRange(range);
  if (!ordering || !constraints || !ordering.valid(version)) return "unknown";
  if (!constraints.every((c) => ordering.valid(c.version))) return "unknown";
  return constraints.every((c) => holds(c, version, ordering.compare)) ? "affected" : "not-affected";
}

/** A version against several ranges (one advisory lists one range per affected line): affected if any holds. */
export function inAnyRange(ecosystem: Ecosystem, version: string, ranges: string[]): Affected {
  const results = ranges.map((r) => inRange(ecosystem, version, r));
  if (results.includes("affected")) return "affected";
  if (results.length > 0 && results.every((r) => r === "not-affected")) return "not-affected";
  return "unknown";
}
