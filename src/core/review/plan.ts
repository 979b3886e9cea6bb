/**
 * The security review of one pull request as a plan: from what gather read (the pull request as
 * GitHub has it now, its files' detection, secwg's record, the approvers, reviews and whom to ask)
 * to the effects that make GitHub match — label, review request, checklist comment, and the check
 * run bound to the head commit — each an `ensure`, so a plan that GitHub already matches writes
 * nothing. Pure.
 */
import type { Effect, RepoTarget } from "../effects.js";
import { escapeUntrusted } from "../markdown-escape.js";
import { carryTicks, checklistMarker, forcedBySecwg, renderChecklist, type ReviewRecord } from "./checklist.js";
import type { Detection } from "./detect.js";
import { CONFIG_INVALID_TITLE, REQUESTED_BY_SECWG, requestedByCommand, requestedByLabel, ROSTER_INVALID_TITLE, rosterInvalidSummary } from "./messages.js";
import { decideGate, REVIEW_CHECK_EXTERNAL_ID, REVIEW_CHECK_NAME, type ReviewSummary } from "./review-gate.js";
import { metadataKey, renderInputsMarker, reviewsKey } from "./review-inputs.js";
import type { Candidate } from "./reviewer-pool.js";
import { afterAsking } from "./routing.js";

/** The parts of a pull request the review reads (structurally the gateway's `PullSnapshot`). */
export interface ReviewPull {
  number: number;
  title: string;
  body: string;
  draft: boolean;
  state: "open" | "closed";
  author: { id: number; login: string };
  headSha: string;
  baseSha: string;
  labels: string[];
  updatedAt?: string;
}

export type ReviewOutcome = "config-invalid" | "disabled" | "not-needed" | "waiting" | "approved" | "skipped" | "roster-invalid";

export interface ReviewTarget extends RepoTarget {
  /** `html_url` of the repository, for file links. */
  url: string;
}

/** Who asks for review besides the rules, and whether review is needed at all. */
export interface Demand {
  needsReview: boolean;
  requestedBy: string | null;
}

export function demandOf(detection: Detection, record: ReviewRecord, labels: readonly string[], label: string): Demand {
  const labelledByPerson = labels.includes(label) && !record.labelAdded;
  const needsReview = detection.needsReview || record.forced !== null || labelledByPerson;
  const requestedBy = record.forced
    ? forcedBySecwg(record)
      ? REQUESTED_BY_SECWG
      : requestedByCommand(escapeUntrusted(record.forced.login))
    : labelledByPerson
      ? requestedByLabel(label)
      : null;
  return { needsReview, requestedBy };
}

/** What review needs, read only when review is needed. */
export interface ApprovalFacts {
  approvers: Candidate[];
  reviews: ReviewSummary[];
  excluded: number[];
  /** Everyone engaged (shown in the comment) and whom to ask now, by current login. */
  engagedLogins: string[];
  ask: { id: number; login: string }[];
}

export interface ReviewFacts {
  repo: ReviewTarget;
  pull: ReviewPull;
  label: string;
  detection: Detection;
  /** The body of secwg's checklist comment, when there is one. */
  existingBody: string | null;
  /** secwg's record after this event's changes (observed head, pushers, a command). */
  record: ReviewRecord;
  signingKey: string;
  /** `owner/repo#n`, the record's binding. */
  target: string;
  approval: ApprovalFacts | null;
}

export interface ReviewPlan {
  outcome: ReviewOutcome;
  effects: Effect[];
  /** The record the checklist carries after the plan. */
  record: ReviewRecord;
}

interface CheckResult {
  status: "in_progress" | "completed";
  conclusion?: "success" | "neutral" | "action_required";
  title: string;
  summary: string;
}

/**
 * The check run every review ends with, on the head commit. Its summary remembers, hidden, what the
 * review was decided on (labels after secwg's own label write, the reviews it read), so the sweep
 * can find pull requests whose events were lost.
 */
export function checkEffect(repo: RepoTarget, pull: ReviewPull, result: CheckResult, labels: readonly string[], reviews: readonly ReviewSummary[] | null): Effect {
  const inputs = renderInputsMarker({ meta: metadataKey({ ...pull, labels }), reviews: reviews ? reviewsKey(reviews) : null });
  return {
    kind: "ensure-check-run",
    repo: { owner: repo.owner, repo: repo.repo },
    check: { name: REVIEW_CHECK_NAME, head_sha: pull.headSha, external_id: REVIEW_CHECK_EXTERNAL_ID, ...result, summary: `${result.summary}\n\n${inputs}` },
    why: `security review of #${pull.number} on ${pull.headSha.slice(0, 7)}`,
  };
}

function gateBase(pull: ReviewPull, needsReview: boolean) {
  return { enabled: true, needsReview, fired: [], requestedBy: null, headSha: pull.headSha, authorId: pull.author.id, draft: pull.draft, reviews: [], skip: null, approvers: [] };
}

function verdictResult(verdict: ReturnType<typeof decideGate>): CheckResult {
  return { status: verdict.status, ...(verdict.conclusion ? { conclusion: verdict.conclusion } : {}), title: verdict.title, summary: verdict.summary };
}

/** Review switched off for this repository: a neutral check saying so. */
export function planDisabled(repo: RepoTarget, pull: ReviewPull): ReviewPlan {
  const verdict = decideGate({ ...gateBase(pull, false), enabled: false });
  return { outcome: "disabled", effects: [checkEffect(repo, pull, { status: "completed", conclusion: "neutral", title: verdict.title, summary: verdict.summary }, pull.labels, null)], record: { v: 1, labelAdded: false, forced: null, skip: null } };
}

/** The configuration cannot be used: the check explains it (`problem` is secwg's own message). */
export function planConfigInvalid(repo: RepoTarget, pull: ReviewPull, problem: string): Effect[] {
  return [checkEffect(repo, pull, { status: "completed", conclusion: "action_required", title: CONFIG_INVALID_TITLE, summary: problem }, pull.labels, null)];
}

/** Review is needed but the roster cannot be read: the label first, then a check that explains. */
export function planRosterInvalid(facts: ReviewFacts, problem: string): Effect[] {
  const label = labelStep(facts, demandOf(facts.detection, facts.record, facts.pull.labels, facts.label));
  const check = checkEffect(facts.repo, facts.pull, { status: "completed", conclusion: "action_required", title: ROSTER_INVALID_TITLE, summary: rosterInvalidSummary(problem) }, label.labelsAfter, null);
  return [...(label.effect ? [label.effect] : []), check];
}

/** Label: on while review is needed; off again only if secwg put it on (its record says so). */
function labelStep(facts: ReviewFacts, demand: Demand): { effect: Effect | null; labelsAfter: string[]; record: ReviewRecord } {
  const { pull, label, record } = facts;
  const issue = { owner: facts.repo.owner, repo: facts.repo.repo, issue_number: pull.number };
  const present = pull.labels.includes(label);
  if (demand.needsReview && !present) {
    return { effect: { kind: "ensure-labels", issue, add: [label], current: pull.labels, why: "security review is needed" }, labelsAfter: [...pull.labels, label], record: { ...record, labelAdded: true } };
  }
  if (!demand.needsReview && present && record.labelAdded) {
    return { effect: { kind: "ensure-labels", issue, remove: [label], current: pull.labels, why: "no security review is needed any more" }, labelsAfter: pull.labels.filter((l) => l !== label), record: { ...record, labelAdded: false } };
  }
  return { effect: null, labelsAfter: pull.labels, record };
}

/**
 * The whole review. `refused`: GitHub refused the review request (422, not collaborators): the
 * plan then records them as unreachable instead of asked, and asks nobody.
 */
export function planReview(facts: ReviewFacts, options: { refused?: boolean } = {}): ReviewPlan {
  const { pull, repo, detection } = facts;
  const demand = demandOf(detection, facts.record, pull.labels, facts.label);
  if (!demand.needsReview && facts.existingBody === null) {
    const verdict = decideGate(gateBase(pull, false));
    return { outcome: "not-needed", effects: [checkEffect(repo, pull, { status: "completed", conclusion: "neutral", title: verdict.title, summary: verdict.summary }, pull.labels, null)], record: facts.record };
  }
  const label = labelStep(facts, demand);
  const approval = demand.needsReview ? facts.approval : null;
  const ask = approval && !options.refused ? approval.ask : [];
  const routed = approval ? afterAsking(label.record, approval.engagedLogins, approval.ask, options.refused === true) : { record: label.record, reviewers: [] };
  const issue = { owner: repo.owner, repo: repo.repo, issue_number: pull.number };
  const effects: Effect[] = label.effect ? [label.effect] : [];
  if (ask.length > 0) effects.push({ kind: "request-reviewers", issue, logins: ask.map((a) => a.login), ids: ask.map((a) => a.id), why: "security review needs a reviewer" });
  const record = routed.record;
  const body = carryTicks(
    facts.existingBody,
    renderChecklist({
      repoUrl: repo.url, prNumber: pull.number, headSha: pull.headSha, baseSha: pull.baseSha, needsReview: demand.needsReview, fired: detection.fired,
      requestedBy: demand.requestedBy, reviewers: routed.reviewers, draft: pull.draft, skip: record.skip, record, signingKey: facts.signingKey, target: facts.target,
    }),
  );
  if (facts.existingBody !== body) effects.push({ kind: "ensure-comment", issue, marker: checklistMarker(pull.number), body, why: "the security review checklist" });
  const verdict = decideGate({
    ...gateBase(pull, demand.needsReview), fired: detection.fired, requestedBy: demand.requestedBy, approvers: approval?.approvers ?? [],
    reviews: approval?.reviews ?? [], skip: record.skip, excluded: approval?.excluded ?? [],
  });
  effects.push(checkEffect(repo, pull, verdictResult(verdict), label.labelsAfter, approval ? approval.reviews : null));
  return { outcome: verdict.state, effects, record };
}
