/**
 * Detection of security-sensitive pull requests: the contract between the rule engine and the
 * review handler. Pure: works on the data `pulls.listFiles` returns.
 */

import { capPatchLines, importLines, parseDiffLines, type DiffLine } from "./diff-lines.js";
import { MAX_HITS_PER_RULE, type CompiledRule, type RuleSet } from "./rule-model.js";

export { compileRules } from "./compile-rules.js";
export type { RuleSet, RuleSpec } from "./rule-model.js";

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
  /**
   * The head (first `MAX_HEAD_BYTES`) of some changed files at the pull request's head commit, by
   * file name: read only for the files `headsToRead` names. Their import lines feed the rules
   * marked `fileHead`. Absent in a corpus (diff only).
   */
  heads?: ReadonlyMap<string, string>;
}

/** Where a rule matched. `line` is the line number in the new file (added lines) when known. */
export interface RuleHit {
  file?: string;
  line?: number;
  /**
   * `added` or `removed` line, `context` (the class or function a hunk is in), `head` (an import
   * line at the top of the file, not changed by the pull request), `path`, `metadata`
   * (title/body/labels), `missing-patch`, `capped`.
   */
  where: "added" | "removed" | "context" | "head" | "path" | "metadata" | "missing-patch" | "capped";
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

/**
 * The score and the rules that matched, whether or not they reached the threshold. `detect` is the
 * decision; this is what `secwg rules evaluate` and the benchmark measure.
 */
export interface Evaluation {
  score: number;
  threshold: number;
  matched: FiredRule[];
}

/**
 * Decides whether a pull request needs security review. Pure and deterministic (rules sorted by
 * id, hits by file then line); never throws on any patch text; work is bounded by the number of
 * changed lines (each cut at 2,000 characters, in the pre-screen too) times the rules in scope;
 * custom patterns run on the linear-time engine and the built-in ones are reviewed code.
 */
export function detect(input: ReviewInput, rules: RuleSet): Detection {
  const evaluation = evaluateRules(input, rules);
  const needsReview = evaluation.matched.length > 0 && evaluation.score >= evaluation.threshold;
  return { needsReview, fired: needsReview ? evaluation.matched : [] };
}

/** Line rules over the changed lines of one patch, each hit reported to `add`. */
function matchLines(filename: string, patch: string, candidates: readonly CompiledRule[], add: (rule: CompiledRule, hit: RuleHit) => void): void {
  const lines = parseDiffLines(patch);
  const moved = movedLines(lines);
  // Only a patch that both removes and adds lines can keep a construct while rewording around it.
  const twoSided = lines.some((l) => l.side === "removed") && lines.some((l) => l.side === "added");
  const pending: { rule: CompiledRule; hit: RuleHit; constructs: string[] | undefined }[] = [];
  const seen = new Map<CompiledRule, Map<string, number>>();
  for (const line of lines) {
    if (line.side === "context") {
      for (const rule of candidates) if (rule.lines === "context" && rule.pattern?.test(line.text) && !rule.unless?.test(line.text)) add(rule, { file: filename, line: line.line, where: "context" });
      continue;
    }
    // A line removed here and added there (moved, re-indented) changes nothing it says.
    if (moved?.has(normalise(line.text))) continue;
    for (const rule of candidates) {
      if (rule.lines === "context") continue;
      const counts = rule.lines === "both" || rule.lines === line.side;
      if (!counts && !twoSided) continue;
      if (!rule.pattern?.test(line.text)) continue;
      if (rule.unless?.test(line.text)) continue;
      const hit: RuleHit = { file: filename, line: line.line, where: line.side };
      if (!twoSided) {
        add(rule, hit);
        continue;
      }
      const constructs = calls(rule.pattern.find(line.text, MAX_CONSTRUCTS_PER_LINE), line.text);
      let tally = seen.get(rule);
      if (!tally) seen.set(rule, (tally = new Map()));
      for (const c of constructs ?? []) tally.set(`${line.side} ${c}`, (tally.get(`${line.side} ${c}`) ?? 0) + 1);
      if (counts) pending.push({ rule, hit, constructs });
    }
  }
  // A construct the patch removes and adds as often (a call with the same arguments, the same
  // word in a reworded comment) is unchanged: the edit was around it, so it is not evidence.
  for (const { rule, hit, constructs } of pending) {
    const tally = seen.get(rule);
    const other = hit.where === "added" ? "removed" : "added";
    const changed = constructs === undefined || constructs.some((c) => (tally?.get(`${hit.where} ${c}`) ?? 0) > (tally?.get(`${other} ${c}`) ?? 0));
    if (changed) add(rule, hit);
  }
}

/** Matches looked at per line and rule when telling a changed construct from an unchanged one. */
const MAX_CONSTRUCTS_PER_LINE = 8;

/**
 * The calls a line's matches stand for, or `undefined` when a match is not a call (a word, a name,
 * a condition: too little to tell a kept construct from a changed one, so the line counts). A call
 * is a match ending in `(` taken with its argument list up to the balancing `)` on the line,
 * whitespace-normalised: `re.escape(prefix)` kept while the line around it changes is the same
 * call, `re.compile(r"a+")` → `re.compile(r"a")` is a changed one. Linear in the (capped) line.
 */
function calls(matches: string[], text: string): string[] | undefined {
  const found: string[] = [];
  let from = 0;
  for (const match of matches) {
    const start = text.indexOf(match, from);
    if (!match.endsWith("(") || start < 0) return undefined;
    let depth = 0;
    let end = text.length;
    for (let i = start + match.length - 1; i < text.length; i++) {
      const ch = text.charAt(i);
      if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    found.push(normalise(text.slice(start, end)));
    from = start + match.length;
  }
  return found.length > 0 ? found : undefined;
}

/** What a file imports, from its head, for the files whose head was read (never in a corpus). */
function matchHeads(files: readonly ChangedFile[], heads: ReadonlyMap<string, string>, lineRules: readonly CompiledRule[], add: (rule: CompiledRule, hit: RuleHit) => void): void {
  for (const file of files) {
    const head = heads.get(file.filename);
    if (head === undefined) continue;
    const headRules = lineRules.filter((rule) => rule.fileHead && rule.inScope(file.filename));
    for (const { line, text } of headRules.length > 0 ? importLines(head) : []) {
      for (const rule of headRules) if (rule.pattern?.test(text) && !rule.unless?.test(text)) add(rule, { file: file.filename, line, where: "head" });
    }
  }
}

export function evaluateRules(input: ReviewInput, ruleSet: RuleSet): Evaluation {
  const hits = new Map<CompiledRule, RuleHit[]>();
  const add = (rule: CompiledRule, hit: RuleHit) => {
    const list = hits.get(rule);
    if (!list) hits.set(rule, [hit]);
    else if (list.length < MAX_HITS_PER_RULE) list.push(hit);
  };

  const ignored = new Set(ruleSet.ignoredLabels.map((l) => l.toLowerCase()));
  const labels = input.labels.filter((l) => !ignored.has(l.toLowerCase()));
  const metadata = [input.title, input.body, ...labels].map((t) => t.slice(0, 65_536));
  const lineRules: CompiledRule[] = [];
  const pathRules: CompiledRule[] = [];
  for (const rule of ruleSet.rules) {
    if (rule.kind === "capped" && input.filesCapped) add(rule, { where: "capped" });
    else if (rule.kind === "metadata" && rule.keywords && metadata.some((t) => rule.keywords?.test(t))) add(rule, { where: "metadata" });
    else if (rule.kind === "line") lineRules.push(rule);
    else if (rule.kind === "path") pathRules.push(rule);
  }

  const files = [...input.files].sort((a, b) => compare(a.filename, b.filename));
  for (const file of files) {
    const names = file.previous_filename ? [file.filename, file.previous_filename] : [file.filename];
    const inScope = (rule: CompiledRule) => names.some((n) => rule.inScope(n));
    // GitHub omits `patch` for very large diffs (and binary files, which have no line counts).
    const patchMissing = file.patch === undefined && file.additions + file.deletions > 0;
    for (const rule of pathRules) {
      if (inScope(rule)) add(rule, { file: file.filename, where: patchMissing ? "missing-patch" : "path" });
    }
    const scoped = lineRules.filter(inScope);
    if (scoped.length === 0) continue;
    if (patchMissing) {
      for (const rule of scoped) if (rule.pathScoped) add(rule, { file: file.filename, where: "missing-patch" });
      continue;
    }
    const patch = file.patch ?? "";
    // One scan of the whole patch rules out most rules for most files; it sees lines cut like the
    // per-line match does, so a pattern never reads more than 2,000 characters of a line.
    const screened = scoped.some((rule) => rule.screen) ? capPatchLines(patch) : patch;
    const candidates = scoped.filter((rule) => !rule.screen || rule.screen.test(screened));
    if (candidates.length === 0) continue;
    matchLines(file.filename, patch, candidates, add);
  }

  if (input.heads) matchHeads(files, input.heads, lineRules, add);

  // Supporting rules (where a change is) count only with a rule about what it does.
  let corroborated = false;
  for (const rule of ruleSet.rules) if (!rule.supporting && rule.weight > 0 && hits.has(rule)) corroborated = true;
  const matched: FiredRule[] = [];
  let score = 0;
  for (const rule of ruleSet.rules) {
    const ruleHits = hits.get(rule);
    if (!ruleHits) continue;
    if (corroborated || !rule.supporting) score += rule.weight;
    ruleHits.sort(compareHits);
    matched.push({ id: rule.id, message: rule.message, checklist: [...rule.checklist], hits: ruleHits });
  }
  return { score, threshold: ruleSet.threshold, matched };
}

/** Whitespace-insensitive text of a line: indentation and spacing changes do not make it new. */
function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The (normalised) non-blank lines a patch both removes and adds: code moved within the file or
 * re-indented. `undefined` when the patch only adds or only removes, the common case.
 */
function movedLines(lines: DiffLine[]): Set<string> | undefined {
  const removed = new Set<string>();
  let added = false;
  for (const line of lines) {
    if (line.side === "removed") removed.add(normalise(line.text));
    else if (line.side === "added") added = true;
  }
  if (removed.size === 0 || !added) return undefined;
  const moved = new Set<string>();
  for (const line of lines) {
    if (line.side !== "added") continue;
    const text = normalise(line.text);
    if (text !== "" && removed.has(text)) moved.add(text);
  }
  return moved.size > 0 ? moved : undefined;
}

const WHERE_ORDER: Record<RuleHit["where"], number> = { capped: 0, metadata: 1, path: 2, "missing-patch": 3, head: 4, context: 5, added: 6, removed: 7 };

function compareHits(a: RuleHit, b: RuleHit): number {
  return (
    compare(a.file ?? "", b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || WHERE_ORDER[a.where] - WHERE_ORDER[b.where]
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
