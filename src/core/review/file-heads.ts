/**
 * What a changed module imports tells what it does (`hmac`, `subprocess`, `xml.sax` …) when its
 * patch does not: no class or function named in a hunk header, no changed import line. Reading a
 * file costs a request, so the read is conditional and bounded; this module decides which files to
 * read and reads their import lines. Pure: the reads themselves are the review feature's.
 */

import type { ReviewInput } from "./detect.js";
import { evaluateRules } from "./detect.js";
import type { RuleSet } from "./rule-model.js";

export { importLines, MAX_HEAD_BYTES } from "./diff-lines.js";

/** Files whose head is read per pull request, at most. */
export const MAX_HEAD_READS = 5;
/**
 * The changed files whose head is worth reading, sorted by name, at most `MAX_HEAD_READS`: none
 * unless the read could change the decision — a rule about what the change does already fired (so
 * location counts), the pull request does not yet need review, and the head-reading rules' weight
 * would reach the threshold. Then the files in scope of a head-reading rule, still present at the
 * head, with a patch that gave them no role (no hunk context and no import line matched).
 */
export function headsToRead(input: ReviewInput, rules: RuleSet): string[] {
  const headRules = rules.rules.filter((r) => r.fileHead);
  if (headRules.length === 0 || input.filesCapped) return [];
  const evaluation = evaluateRules(input, rules);
  if (evaluation.score >= evaluation.threshold) return [];
  const byId = new Map(rules.rules.map((r) => [r.id, r]));
  const corroborated = evaluation.matched.some((m) => {
    const rule = byId.get(m.id);
    return rule !== undefined && rule.weight > 0 && !rule.supporting;
  });
  // Supporting weight counts only with a rule about what the change does: without one, no read can matter.
  if (!corroborated) return [];
  const fired = new Set(evaluation.matched.map((m) => m.id));
  const gain = headRules.filter((r) => !fired.has(r.id)).reduce((sum, r) => sum + r.weight, 0);
  if (evaluation.score + gain < evaluation.threshold) return [];
  const roleRules = new Set(rules.rules.filter((r) => r.lines === "context" || r.fileHead).map((r) => r.id));
  const withRole = new Set(evaluation.matched.filter((m) => roleRules.has(m.id)).flatMap((m) => m.hits.map((h) => h.file)));
  return input.files
    .filter((f) => f.status !== "removed" && f.patch !== undefined && !withRole.has(f.filename) && headRules.some((r) => r.inScope(f.filename)))
    .map((f) => f.filename)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_HEAD_READS);
}
