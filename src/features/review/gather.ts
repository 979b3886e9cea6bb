import type { BaseEnv } from "../env.js";
import { isoDay } from "../../core/dates.js";
import { loadRepoSettings } from "../policy/load.js";
import { gatherRoster, readPolicy } from "../policy/gather.js";
import type { SecwgConfig } from "../../config/schema.js";
import { resolveRepo } from "../../core/repositories.js";
import { EMPTY_RECORD, checklistMarker, failClosedRecord, readRecord, reviewTarget, type ReviewRecord } from "../../core/review/checklist.js";
import { compileRules, detect, type Detection, type ReviewInput, type RuleSet } from "../../core/review/detect.js";
import { headsToRead, MAX_HEAD_BYTES } from "../../core/review/file-heads.js";
import { demandOf, type ApprovalFacts, type ReviewFacts } from "../../core/review/plan.js";
import { changesOnlyTheRoster } from "../../core/review/roster-changes.js";
import { countReviewLoad, type Candidate } from "../../core/review/reviewer-pool.js";
import { needsLoad, pickToAsk, routingSlots } from "../../core/review/routing.js";
import { observeHead, selfServiceIds } from "../../core/review/waiver.js";
import type { Roster } from "../../core/roster.js";
import { GitHubError, type SecwgError } from "../../errors.js";
import type { Gateway, IssueComment, IssueRef, PullFile, PullSnapshot, RepoRef } from "../../github/gateway.js";
import { toReviewSummaries } from "../../github/pull-snapshot.js";

/** Where the pull request lives, as the payload's `repository` tells it. */
export interface ReviewRepo extends RepoRef {
  /** `html_url` of the repository (github.com or a GitHub Enterprise host) for file links. */
  url: string;
  /** Whether the owner is an organization (the payload's `repository.owner.type`). */
  ownerIsOrg: boolean;
}

/**
 * The review of one pull request: the event's environment, the pull request as GitHub has it now,
 * and what the event itself adds (a command's change to the record, the pusher, the payload's head).
 */
export interface ReviewEnv extends BaseEnv {
  repo: ReviewRepo;
  /** The pull request as GitHub has it now (`gateway.getPull`), never a webhook payload's. */
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

/** secwg's checklist comment whose record did not verify: reported to the signers once. */
export interface UntrustedChecklist {
  comment: IssueComment;
  reason: Extract<ReturnType<typeof readRecord>, { kind: "untrusted" }>["reason"];
}

export type Gathered =
  | { kind: "config-invalid"; error: SecwgError }
  | { kind: "disabled" }
  | { kind: "roster-invalid"; facts: ReviewFacts; config: SecwgConfig; untrusted: UntrustedChecklist | null; error: SecwgError }
  | { kind: "ready"; facts: ReviewFacts; config: SecwgConfig; untrusted: UntrustedChecklist | null };

/**
 * Every read a review needs, each once: configuration, files (detection), secwg's checklist and
 * record, then — only when review is needed — the commits (who may not approve), the roster or
 * team, the reviews, and for whom to ask the reviewer load and current logins. Which later reads
 * are needed is decided by the pure steps of `core/review` on what was read before.
 */
export async function gatherReview(run: ReviewEnv): Promise<Gathered> {
  const { gateway, repo, pull } = run;
  const ref: IssueRef = { owner: repo.owner, repo: repo.repo, issue_number: pull.number };
  // The rules are part of the configuration: a rule that does not compile is the configuration's problem.
  const decided = await readPolicy(async () => {
    const config = run.config ?? (await loadRepoSettings(gateway, { owner: repo.owner, repo: repo.repo }));
    return config.review.enabled ? { config, detection: await detectOn(run, ref, config) } : null;
  });
  if (!decided.ok) return { kind: "config-invalid", error: decided.problem };
  if (!decided.value) return { kind: "disabled" };
  const { config, detection } = decided.value;
  const existing = await gateway.findComment(ref, checklistMarker(pull.number));
  const target = reviewTarget(ref);
  const read = readRecord(existing?.body, run.signingKey, target);
  const stored = read.kind === "ok" ? read.record : read.kind === "missing" ? EMPTY_RECORD : failClosedRecord(run.now.toISOString());
  const untrusted = read.kind === "untrusted" ? { comment: existing as IssueComment, reason: read.reason } : null;
  // The head as first seen, at GitHub's time of this snapshot (no earlier than the push), and who pushed.
  const pushers = run.pusherId !== undefined && !(stored.pushers ?? []).includes(run.pusherId) ? [...(stored.pushers ?? []), run.pusherId] : stored.pushers;
  const observed: ReviewRecord = { ...stored, head: observeHead(stored.head, pull.headSha, pull.updatedAt ?? run.now.toISOString()), ...(pushers ? { pushers } : {}) };
  let excluded: Set<number> | null = null;
  const contributors = async (): Promise<Set<number>> => {
    excluded ??= selfServiceIds({ authorId: pull.author.id, commits: (await gateway.listPullCommits(ref)).commits, pushers: observed.pushers ?? [] });
    return excluded;
  };
  const record = run.amend ? run.amend(observed, { excluded: await contributors() }) : observed;
  const facts: ReviewFacts = { repo, pull, label: config.review.label, detection, existingBody: existing?.body ?? null, record, signingKey: run.signingKey, target, approval: null };
  if (!demandOf(detection, record, pull.labels, config.review.label).needsReview) return { kind: "ready", facts, config, untrusted };
  const roster = run.roster ? { ok: true as const, value: run.roster } : await gatherRoster(gateway, config, repo.owner);
  if (!roster.ok) return { kind: "roster-invalid", facts, config, untrusted, error: roster.problem };
  return { kind: "ready", facts: { ...facts, approval: await gatherApproval(run, ref, config, roster.value, record, await contributors()) }, config, untrusted };
}

async function detectOn(run: ReviewEnv, ref: IssueRef, config: SecwgConfig): Promise<Detection> {
  const rules = compileRules(config.review);
  const { files, capped } = await run.gateway.listPullFiles(ref, { fresh: run.eventHeadSha !== run.pull.headSha });
  const group = resolveRepo(config.group.repo, run.repo.owner);
  if (changesOnlyTheRoster({ repo: run.repo, group, rosterPath: config.group.roster, files, filesCapped: capped })) return { needsReview: false, fired: [] };
  const input: ReviewInput = { title: run.pull.title, body: run.pull.body, labels: run.pull.labels, files, filesCapped: capped };
  return detect({ ...input, heads: await readHeads(run, input, rules, files) }, rules);
}

/**
 * What some changed modules import, from their first lines at the head commit: only the few files
 * `headsToRead` names (a signal already points at the pull request, the patch gives the file no
 * role), each read bounded and cached by blob sha. A file that cannot be read gives no role.
 */
async function readHeads(run: ReviewEnv, input: ReviewInput, rules: RuleSet, files: PullFile[]): Promise<Map<string, string> | undefined> {
  const wanted = headsToRead(input, rules);
  if (wanted.length === 0) return undefined;
  const heads = new Map<string, string>();
  for (const path of wanted) {
    const blobSha = files.find((f) => f.filename === path)?.sha;
    const head = await run.gateway.readFileHead({ owner: run.repo.owner, repo: run.repo.repo }, { path, ...(blobSha ? { blobSha } : {}) }, run.pull.headSha, MAX_HEAD_BYTES);
    if (head !== null) heads.set(path, head);
  }
  return heads;
}

async function gatherApproval(run: ReviewEnv, ref: IssueRef, config: SecwgConfig, roster: Roster, record: ReviewRecord, excluded: Set<number>): Promise<ApprovalFacts> {
  const { gateway, pull } = run;
  const approvers = await gatherPool(gateway, config, roster, ref.owner, isoDay(run.now));
  const reviews = await gateway.listReviews(ref);
  const slots = routingSlots({
    pool: approvers,
    reviewers: reviews.flatMap((r) => (r.user ? [r.user] : [])),
    requested: pull.requestedReviewers,
    record,
    excluded,
    authorId: pull.author.id,
    count: config.review.reviewers.count,
    mayAsk: !pull.draft && pull.state === "open",
  });
  let openLoad = new Map<number, number>();
  if (needsLoad(slots)) {
    try {
      // One listing of the organisation's open pull requests counts every contender exactly.
      openLoad = countReviewLoad(await gateway.listOpenReviewRequests(ref.owner), config.review.label, slots.contenders.map((c) => c.id));
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      // Fairness is best effort: without loads the deterministic tie-break still spreads requests.
      run.log.warn({ repo: `${ref.owner}/${ref.repo}`, pull: pull.number, status: error.status }, "security review: load query failed");
    }
  }
  // Roster logins are display only (logins can be renamed and reused): ask by the id's current login.
  const ask: { id: number; login: string }[] = [];
  for (const person of pickToAsk(slots, openLoad, `${ref.owner}/${ref.repo}#${pull.number}`)) {
    const login = config.review.reviewers.team ? person.login : await gateway.getUserLogin(person.id);
    if (login) ask.push({ id: person.id, login });
  }
  return { approvers, reviews: toReviewSummaries(reviews), excluded: [...excluded], engagedLogins: slots.engagedLogins, ask };
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
