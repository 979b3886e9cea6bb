import type { Context } from "probot";
import type { Logger } from "../logger.js";
import type { AppDeps } from "../app/deps.js";
import { isoDay } from "../app/deps.js";
import { loadRepoSettings } from "../features/policy/load.js";
import { resolveRepo } from "../core/repositories.js";
import { loadRoster } from "../features/policy/load-roster.js";
import type { SecwgConfig } from "../config/schema.js";
import { isBotUser } from "../core/commands.js";
import {
  checklistMarker,
  carryTicks,
  EMPTY_RECORD,
  failClosedRecord,
  forcedBySecwg,
  readRecord,
  renderChecklist,
  reviewTarget,
  type ReadRecord,
  type ReviewRecord,
} from "../core/review/checklist.js";
import { escapeUntrusted } from "../core/markdown-escape.js";
import { reportUntrustedRecord } from "./untrusted-records.js";
import { compileRules, detect, type Detection } from "../core/review/detect.js";
import { decideGate, REVIEW_CHECK_EXTERNAL_ID, REVIEW_CHECK_NAME, type ReviewSummary } from "../core/review/review-gate.js";
import { metadataKey, renderInputsMarker, reviewsKey } from "../core/review/review-inputs.js";
import { changesOnlyTheRoster } from "../core/review/roster-changes.js";
import { countReviewLoad, openSlots, pickReviewers, type Candidate } from "../core/review/reviewer-pool.js";
import { observeHead, selfServiceIds } from "../core/review/waiver.js";
import type { Roster } from "../core/roster.js";
import { GitHubError, isPolicyError } from "../errors.js";
import type { Gateway, IssueComment, IssueRef, PullSnapshot, RepoRef } from "../github/gateway.js";
import { toReviewSummaries } from "../github/pull-snapshot.js";

/** Where the pull request lives, as the payload's `repository` tells it. */
export interface ReviewRepo extends RepoRef {
  /** `html_url` of the repository (github.com or a GitHub Enterprise host) for file links. */
  url: string;
  /** Whether the owner is an organization (the payload's `repository.owner.type`). */
  ownerIsOrg: boolean;
}

export interface ReviewRun {
  gateway: Gateway;
  deps: AppDeps;
  log: Logger;
  repo: ReviewRepo;
  pull: PullSnapshot;
  /** Already loaded by the caller (the command dispatcher), to save reads. */
  config?: SecwgConfig;
  roster?: Roster;
  /**
   * Changes to secwg's record made by this event (a command, a person labelling). `excluded` are
   * the ids who may neither approve nor waive the pull request (author, commit authors and
   * committers, pushers).
   */
  amend?: (record: ReviewRecord, facts: { excluded: ReadonlySet<number> }) => ReviewRecord;
  /** The `sender` of a `synchronize` event: whoever pushed may not approve or waive what they pushed. */
  pusherId?: number;
  /**
   * The head the webhook payload described. The files read for this delivery are shared with the
   * other handlers only when it is still the head: a redelivery keeps its delivery id, and the
   * files remembered for it may be those of an earlier head.
   */
  eventHeadSha?: string;
}

export type ReviewOutcome = "config-invalid" | "disabled" | "not-needed" | "waiting" | "approved" | "skipped" | "roster-invalid";

const REVIEW_RECORD_PROBLEMS: Record<Extract<ReadRecord, { kind: "untrusted" }>["reason"], string> = {
  removed: "the record was removed",
  several: "the comment holds more than one record",
  forged: "written or changed without secwg's key, or copied from another pull request",
  unreadable: "the record cannot be read",
};

/** Bounds the people remembered as asked, so the hidden record stays small. */
const MAX_ASKED = 20;

/**
 * Security review of one pull request: gather (configuration from the default branch, files,
 * roster, reviews, secwg's own record) → decide (detection, reviewer pool, gate) → apply (label,
 * review requests, checklist comment, check run), each write only when something differs.
 *
 * Calls for a typical event where a rule fires and one reviewer must be found, in a repository
 * with a roster of n members: reads = config (1–2) + files (1 per 100 files) + comments (1 per
 * 100) + roster (1) + reviews (1) + loads (1 + one conditional list per installed repository of
 * the owner, whatever n; 0 points when unchanged) + login of the picked reviewer (1) + check runs
 * (1); writes = label (1) + review request (1) + comment (1) + check run (1). A
 * redelivery of the same event makes the reads and no write.
 */
export async function reviewPullRequest(run: ReviewRun): Promise<ReviewOutcome> {
  const { gateway, repo, pull, log } = run;
  const ref: IssueRef = { owner: repo.owner, repo: repo.repo, issue_number: pull.number };
  const where = { repo: `${repo.owner}/${repo.repo}`, pull: pull.number };

  let config: SecwgConfig;
  let detection: Detection;
  try {
    config = run.config ?? (await loadRepoSettings(gateway, { owner: repo.owner, repo: repo.repo }));
    if (!config.review.enabled) {
      await writeCheck(run, { status: "completed", conclusion: "neutral", ...gateText(decideGate({ ...gateBase(run, false), enabled: false, approvers: [] })) }, pull.labels, null);
      return "disabled";
    }
    const rules = compileRules(config.review);
    const { files, capped } = await gateway.listPullFiles(ref, { fresh: run.eventHeadSha !== pull.headSha });
    const group = resolveRepo(config.group.repo, repo.owner);
    detection = changesOnlyTheRoster({ repo, group, rosterPath: config.group.roster, files, filesCapped: capped })
      ? { needsReview: false, fired: [] }
      : detect({ title: pull.title, body: pull.body, labels: pull.labels, files, filesCapped: capped }, rules);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    log.warn({ ...where, code: error.code }, "security review: configuration unusable");
    await writeCheck(run, { status: "completed", conclusion: "action_required", title: "secwg configuration is invalid", summary: error.toUserMessage() }, pull.labels, null);
    return "config-invalid";
  }

  const label = config.review.label;
  const existing = await gateway.findComment(ref, checklistMarker(pull.number));
  const target = reviewTarget(ref);
  const read = readRecord(existing?.body, run.deps.signingKey, target);
  let stored: ReviewRecord;
  if (read.kind === "ok") stored = read.record;
  else if (read.kind === "missing") stored = EMPTY_RECORD;
  else {
    // Someone with write access edited secwg's comment: what was decided cannot be known, so fail
    // closed (review needed, no waiver) and tell the signers once. The next write re-signs the record.
    stored = failClosedRecord(run.deps.now().toISOString());
    log.warn({ ...where, reason: read.reason }, "security review: checklist record failed verification; review required again");
    await reportUntrustedRecord(
      { gateway, config, owner: repo.owner, now: run.deps.now(), log },
      {
        commentId: (existing as IssueComment).id,
        url: (existing as IssueComment).html_url,
        what: `holds a security review record for ${escapeUntrusted(target)} that does not verify (${REVIEW_RECORD_PROBLEMS[read.reason]})`,
        consequence: "secwg ignores it and requires security review of that pull request again: any earlier `/security-review` or waiver has to be given anew.",
      },
    );
  }
  // The head as first seen, at GitHub's time of this snapshot (no earlier than the push), and who pushed.
  const pushers = run.pusherId !== undefined && !(stored.pushers ?? []).includes(run.pusherId) ? [...(stored.pushers ?? []), run.pusherId] : stored.pushers;
  const observed: ReviewRecord = {
    ...stored,
    head: observeHead(stored.head, pull.headSha, pull.updatedAt ?? run.deps.now().toISOString()),
    ...(pushers ? { pushers } : {}),
  };
  let excluded: Set<number> | null = null;
  const contributors = async (): Promise<Set<number>> => {
    if (!excluded) {
      const { commits } = await gateway.listPullCommits(ref);
      excluded = selfServiceIds({ authorId: pull.author.id, commits, pushers: observed.pushers ?? [] });
    }
    return excluded;
  };
  let record = run.amend ? run.amend(observed, { excluded: await contributors() }) : observed;

  const labelPresent = pull.labels.includes(label);
  const labelledByPerson = labelPresent && !record.labelAdded;
  const needsReview = detection.needsReview || record.forced !== null || labelledByPerson;
  const requestedBy = record.forced
    ? forcedBySecwg(record)
      ? "secwg itself, because its record in this comment did not verify (a fresh approval or waiver is needed)"
      : `${escapeUntrusted(record.forced.login)} with \`/security-review\``
    : labelledByPerson
      ? `the \`${label}\` label`
      : null;

  if (!needsReview && !existing) {
    await writeCheck(run, { status: "completed", conclusion: "neutral", ...gateText(decideGate({ ...gateBase(run, false), approvers: [] })) }, pull.labels, null);
    return "not-needed";
  }

  // Label: on while review is needed; off again only if secwg put it on.
  const labelsNow = { current: pull.labels };
  let labelsAfter = pull.labels;
  if (needsReview && !labelPresent) {
    const outcome = await gateway.ensureLabels(ref, { add: [label], ...labelsNow });
    labelsAfter = [...pull.labels, label];
    // Already on when looked at now: secwg claims it only if its record says it put it there, so a
    // label a person added meanwhile is never taken off later.
    if (outcome !== "unchanged") record = { ...record, labelAdded: true };
  } else if (!needsReview && labelPresent && record.labelAdded) {
    await gateway.ensureLabels(ref, { remove: [label], ...labelsNow });
    labelsAfter = pull.labels.filter((l) => l !== label);
    record = { ...record, labelAdded: false };
  }

  let approvers: Candidate[] = [];
  let reviewers: string[] = [];
  let reviews: Awaited<ReturnType<Gateway["listReviews"]>> = [];
  let gateReviews: ReviewSummary[] | null = null;
  if (needsReview) {
    let roster: Roster;
    try {
      roster = run.roster ?? (await loadRoster(gateway, config, repo.owner));
    } catch (error) {
      if (!isPolicyError(error)) throw error;
      log.warn({ ...where, code: error.code }, "security review: roster unusable");
      await writeCheck(
        run,
        {
          status: "completed",
          conclusion: "action_required",
          title: "secwg cannot tell who may approve",
          summary: `This pull request needs security review, but the roster cannot be read:\n\n${error.toUserMessage()}`,
        },
        labelsAfter,
        null,
      );
      return "roster-invalid";
    }
    approvers = await gatherPool(gateway, config, roster, repo.owner, isoDay(run.deps.now()));
    reviews = await gateway.listReviews(ref);
    gateReviews = toReviewSummaries(reviews);
    const routed = await routeReviewers(run, ref, config, approvers, reviews, record, await contributors());
    record = routed.record;
    reviewers = routed.reviewers;
  }

  const body = carryTicks(
    existing?.body,
    renderChecklist({
      repoUrl: repo.url,
      prNumber: pull.number,
      headSha: pull.headSha,
      baseSha: pull.baseSha,
      needsReview,
      fired: detection.fired,
      requestedBy,
      reviewers,
      draft: pull.draft,
      skip: record.skip,
      record,
      signingKey: run.deps.signingKey,
      target,
    }),
  );
  if (existing?.body !== body) await gateway.ensureComment(ref, checklistMarker(pull.number), body);

  const verdict = decideGate({
    ...gateBase(run, needsReview),
    fired: detection.fired,
    requestedBy,
    approvers,
    reviews: gateReviews ?? [],
    skip: record.skip,
    excluded: needsReview ? [...(await contributors())] : [],
  });
  await writeCheck(
    run,
    { status: verdict.status, ...(verdict.conclusion ? { conclusion: verdict.conclusion } : {}), title: verdict.title, summary: verdict.summary },
    labelsAfter,
    gateReviews,
  );
  log.info({ ...where, outcome: verdict.state, fired: detection.fired.map((r) => r.id) }, "security review evaluated");
  return verdict.state;
}

function gateBase(run: ReviewRun, needsReview: boolean) {
  return {
    enabled: true,
    needsReview,
    fired: [],
    requestedBy: null,
    headSha: run.pull.headSha,
    authorId: run.pull.author.id,
    draft: run.pull.draft,
    reviews: [],
    skip: null,
  };
}

function gateText(verdict: { title: string; summary: string }): { title: string; summary: string } {
  return { title: verdict.title, summary: verdict.summary };
}

/**
 * The check run ends every review. Its summary remembers, hidden, what the review was decided on
 * (`labels` as they are after secwg's own label write, the reviews it read), so the sweep can find
 * pull requests whose events were lost.
 */
async function writeCheck(
  run: ReviewRun,
  result: { status: "in_progress" | "completed"; conclusion?: "success" | "neutral" | "action_required"; title: string; summary: string },
  labels: readonly string[],
  reviews: readonly ReviewSummary[] | null,
): Promise<void> {
  const inputs = renderInputsMarker({ meta: metadataKey({ ...run.pull, labels }), reviews: reviews ? reviewsKey(reviews) : null });
  // Only owner and name: the gateway spreads the reference into the request parameters.
  await run.gateway.ensureCheckRun({ owner: run.repo.owner, repo: run.repo.repo }, {
    name: REVIEW_CHECK_NAME,
    head_sha: run.pull.headSha,
    external_id: REVIEW_CHECK_EXTERNAL_ID,
    ...result,
    summary: `${result.summary}\n\n${inputs}`,
  });
}

/**
 * Everyone whose approval counts: the configured team's members, or the roster's active members.
 * `away` comes from the roster either way (it only affects routing, not approval).
 */
async function gatherPool(gateway: Gateway, config: SecwgConfig, roster: Roster, owner: string, today: string): Promise<Candidate[]> {
  const team = config.review.reviewers.team;
  if (team) {
    const [org, slug] = splitTeam(team, owner);
    const members = await gateway.listTeamMembers(org, slug);
    return members.map((m) => ({ id: m.id, login: m.login, away: roster.byId(m.id)?.away ?? false }));
  }
  return roster.activeOn(today).map((m) => ({ id: m.id, login: m.login, away: m.away }));
}

/** `security`, `my-org/security` or `@my-org/security` → [org, slug]. */
export function splitTeam(team: string, owner: string): [string, string] {
  const [first, second] = team.replace(/^@/, "").split("/");
  return second === undefined ? [owner, first as string] : [first as string, second];
}

/**
 * Requests reviews from the least-loaded eligible candidates. Drafts wait for ready_for_review.
 * People secwg already asked stay "engaged" even if someone removed the request, so a push never
 * re-rolls or re-notifies; people GitHub refused (not collaborators) are not tried again.
 */
async function routeReviewers(
  run: ReviewRun,
  ref: IssueRef,
  config: SecwgConfig,
  pool: readonly Candidate[],
  reviews: Awaited<ReturnType<Gateway["listReviews"]>>,
  record: ReviewRecord,
  excluded: ReadonlySet<number>,
): Promise<{ record: ReviewRecord; reviewers: string[] }> {
  const { pull, gateway, log } = run;
  const unreachable = new Set(record.unreachable ?? []);
  // Nobody is asked to review what they wrote or pushed: their approval would not count.
  const candidates = pool.filter((c) => !unreachable.has(c.id) && !excluded.has(c.id));
  const engage = (requested: PullSnapshot["requestedReviewers"]) => {
    const engaged = [...requested.map((u) => u.id), ...reviews.flatMap((r) => (r.user ? [r.user.id] : [])), ...(record.asked ?? [])];
    const base = { candidates, authorId: pull.author.id, alreadyRequested: engaged, count: config.review.reviewers.count };
    // Shown in the comment: everyone engaged, so the text does not change when a reviewer submits.
    // Named by the login GitHub gives the id now (request or review), the roster's only as a fallback.
    const current = new Map<number, string>();
    for (const r of reviews) if (r.user) current.set(r.user.id, r.user.login);
    for (const u of requested) current.set(u.id, u.login);
    return { pickBase: base, engagedLogins: pickReviewers({ ...base, openLoad: new Map() }).keep.map((c) => current.get(c.id) ?? c.login) };
  };
  const { pickBase, engagedLogins } = engage(pull.requestedReviewers);

  if (pull.draft || pull.state !== "open") return { record, reviewers: engagedLogins };
  const { needed, contenders } = openSlots(pickBase);
  if (needed === 0 || contenders.length === 0) return { record, reviewers: engagedLogins };

  let openLoad = new Map<number, number>();
  if (contenders.length > needed) {
    try {
      // One listing of the organisation's open pull requests counts every contender exactly.
      const open = await gateway.listOpenReviewRequests(ref.owner);
      openLoad = countReviewLoad(open, config.review.label, contenders.map((c) => c.id));
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      // Fairness is best effort: without loads the deterministic tie-break still spreads requests.
      log.warn({ repo: `${ref.owner}/${ref.repo}`, pull: pull.number, status: error.status }, "security review: load query failed");
      openLoad.clear();
    }
  }
  const { add } = pickReviewers({ ...pickBase, openLoad, seed: `${ref.owner}/${ref.repo}#${pull.number}` });

  // Roster logins are display only (logins can be renamed and reused): ask by the id's current login.
  const logins: { id: number; login: string }[] = [];
  for (const person of add) {
    const login = config.review.reviewers.team ? person.login : await gateway.getUserLogin(person.id);
    if (login) logins.push({ id: person.id, login });
  }
  if (logins.length === 0) return { record, reviewers: engagedLogins };
  try {
    await gateway.requestReviewers(ref, logins.map((l) => l.login));
  } catch (error) {
    if (!(error instanceof GitHubError) || error.status !== 422) throw error;
    log.warn({ repo: `${ref.owner}/${ref.repo}`, pull: pull.number, reviewers: logins.map((l) => l.id) }, "security review: GitHub refused the review request");
    return { record: { ...record, unreachable: [...unreachable, ...logins.map((l) => l.id)].slice(-MAX_ASKED) }, reviewers: engagedLogins };
  }
  log.info({ repo: `${ref.owner}/${ref.repo}`, pull: pull.number, reviewers: logins.map((l) => l.id) }, "security review requested");
  return {
    record: { ...record, asked: [...(record.asked ?? []), ...logins.map((l) => l.id)].slice(-MAX_ASKED) },
    reviewers: [...engagedLogins, ...logins.map((l) => l.login)],
  };
}

// --- event entry points ---

type PullRequestEvent =
  | "pull_request.opened"
  | "pull_request.reopened"
  | "pull_request.synchronize"
  | "pull_request.ready_for_review"
  | "pull_request.edited"
  | "pull_request.labeled";

export function reviewRepoFromPayload(repository: { name: string; html_url: string; owner: { login: string; type?: string } }): ReviewRepo {
  return { owner: repository.owner.login, repo: repository.name, url: repository.html_url, ownerIsOrg: repository.owner.type === "Organization" };
}

/**
 * `pull_request`: opened, reopened, synchronize (new head), ready_for_review (drafts get their
 * reviewers now), edited (title/body keywords, base branch) and labeled (a person putting the
 * review label on forces review).
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
export async function onPullRequestSecurityReview(context: Context<PullRequestEvent>, deps: AppDeps): Promise<void> {
  const { payload } = context;
  if (payload.pull_request.state !== "open") return;
  let amend: ReviewRun["amend"];
  if (payload.action === "edited") {
    const changes = (payload as { changes?: Record<string, unknown> }).changes ?? {};
    if (!("title" in changes) && !("body" in changes) && !("base" in changes)) return;
  }
  if (payload.action === "labeled") {
    // secwg's own labelling comes back as an event from the bot: nothing to do.
    if (isBotUser(payload.sender)) return;
    const labelName = (payload as { label?: { name: string } }).label?.name;
    if (!labelName) return;
    const gateway = deps.gatewayFor(context);
    const repo = reviewRepoFromPayload(payload.repository);
    let config: SecwgConfig | undefined;
    try {
      config = await loadRepoSettings(gateway, { owner: repo.owner, repo: repo.repo });
    } catch (error) {
      if (!isPolicyError(error)) throw error;
    }
    if (config && labelName !== config.review.label) return;
    // A person put the label on: from now on it is theirs, and secwg never takes it off.
    amend = (record) => ({ ...record, labelAdded: false });
    const pull = await currentPull(gateway, repo, payload.pull_request.number);
    const eventHeadSha = payload.pull_request.head.sha;
    await reviewPullRequest({ gateway, deps, log: context.log as unknown as Logger, repo, pull, amend, eventHeadSha, ...(config ? { config } : {}) });
    return;
  }
  const run = await runForEvent(context, deps);
  await reviewPullRequest(payload.action === "synchronize" ? { ...run, pusherId: payload.sender.id } : run);
}

/**
 * The pull request as GitHub has it now. A payload describes the pull request as it was when the
 * event happened: redelivered or late, its head, title, description and labels may be stale, so
 * the payload only says which pull request to look at.
 * @see https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
function currentPull(gateway: Gateway, repo: RepoRef, number: number): Promise<PullSnapshot> {
  return gateway.getPull({ owner: repo.owner, repo: repo.repo, issue_number: number });
}

/**
 * A review run for a webhook event, on the pull request as GitHub has it now. An event about an
 * open pull request is still reviewed when it has been closed meanwhile (its head keeps the check,
 * and nobody is asked to review a closed pull request).
 */
async function runForEvent(
  context: Context<PullRequestEvent | "pull_request_review.submitted" | "pull_request_review.dismissed">,
  deps: AppDeps,
): Promise<ReviewRun> {
  const gateway = deps.gatewayFor(context);
  const repo = reviewRepoFromPayload(context.payload.repository);
  const pull = await currentPull(gateway, repo, context.payload.pull_request.number);
  return { gateway, deps, log: context.log as unknown as Logger, repo, pull, eventHeadSha: context.payload.pull_request.head.sha };
}

/**
 * `pull_request_review`: an approval may pass the gate; a dismissal or request for changes may
 * take it back.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
export async function onPullRequestReviewSecurityReview(
  context: Context<"pull_request_review.submitted" | "pull_request_review.dismissed">,
  deps: AppDeps,
): Promise<void> {
  if (context.payload.pull_request.state !== "open") return;
  await reviewPullRequest(await runForEvent(context, deps));
}
