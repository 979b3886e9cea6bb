/**
 * Who is asked to review a security-sensitive pull request. Pure: the handler gathers the pool
 * (roster members or a team), who is already engaged and each candidate's open review load.
 */

export interface Candidate {
  /** Numeric GitHub user id: the identity. */
  id: number;
  /** For display and for the review request; may be stale in a roster (see the handler). */
  login: string;
  /** Marked `away` in the roster: never picked, but still allowed to approve. */
  away?: boolean;
}

export interface PickInput {
  candidates: readonly Candidate[];
  authorId: number;
  /**
   * Ids of people already engaged with the pull request: pending review requests and people who
   * already reviewed it (GitHub drops a reviewer from the request list once they submit a review,
   * and re-rolling them away on the next push would throw their context away).
   */
  alreadyRequested: readonly number[];
  /** Open security review requests per candidate id (`countReviewLoad`); a missing id counts as 0. */
  openLoad: ReadonlyMap<number, number>;
  count: number;
  /**
   * Spreads ties: among equally loaded candidates the order is a hash of `seed` and the id, so
   * quiet repositories do not all send their first request to the member with the lowest id.
   * Same seed (e.g. `owner/repo#12`), same choice: re-running never changes the pick.
   */
  seed?: string;
}

export interface PickResult {
  /** Engaged eligible reviewers, kept as they are. */
  keep: Candidate[];
  /** New reviewers to request, least loaded first. */
  add: Candidate[];
}

/** Whether a candidate may be routed a review at all (not the author, not away). */
export function isRoutable(candidate: Candidate, authorId: number): boolean {
  return candidate.id !== authorId && !candidate.away;
}

/** Eligible candidates that are not yet engaged: the only ones whose load the handler needs. */
export function openSlots(input: Omit<PickInput, "openLoad" | "seed">): { needed: number; contenders: Candidate[] } {
  const { keep, rest } = partition(input);
  return { needed: Math.max(0, input.count - keep.length), contenders: keep.length >= input.count ? [] : rest };
}

/**
 * Keeps every engaged eligible reviewer and fills up to `count` with the least-loaded eligible
 * candidates. Never the author, never someone `away`; duplicates in the pool count once.
 */
export function pickReviewers(input: PickInput): PickResult {
  const { keep, rest } = partition(input);
  const needed = Math.max(0, input.count - keep.length);
  const seed = input.seed ?? "";
  const ranked = rest
    .map((c) => ({ c, load: input.openLoad.get(c.id) ?? 0, tie: tieBreak(seed, c.id) }))
    .sort((a, b) => a.load - b.load || a.tie - b.tie || a.c.id - b.c.id)
    .map((r) => r.c);
  return { keep, add: ranked.slice(0, needed) };
}

function partition(input: Omit<PickInput, "openLoad" | "seed">): { keep: Candidate[]; rest: Candidate[] } {
  const engaged = new Set(input.alreadyRequested);
  const seen = new Set<number>();
  const keep: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const candidate of input.candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    if (!isRoutable(candidate, input.authorId)) continue;
    (engaged.has(candidate.id) ? keep : rest).push(candidate);
  }
  keep.sort((a, b) => a.id - b.id);
  return { keep, rest };
}

/** FNV-1a over `seed:id`: cheap, stable across runs and platforms. */
function tieBreak(seed: string, id: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${id}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** An open pull request as the load count reads it: its labels and who is asked to review it. */
export interface OpenReviewRequests {
  labels: readonly string[];
  /** Numeric ids of the users whose review is requested (teams are not people and are not counted). */
  requestedReviewerIds: readonly number[];
}

/**
 * Open security review requests per candidate id, counted from one listing of the organisation's
 * open pull requests: every candidate gets an exact count (0 only when nobody asked them), whatever
 * the roster size. A pull request counts when it carries `label` (compared as GitHub does, without
 * case); a reviewer listed twice on one pull request counts once.
 */
export function countReviewLoad(pulls: readonly OpenReviewRequests[], label: string, candidateIds: readonly number[]): Map<number, number> {
  const wanted = label.toLowerCase();
  const load = new Map<number, number>(candidateIds.map((id) => [id, 0]));
  for (const pull of pulls) {
    if (!pull.labels.some((l) => l.toLowerCase() === wanted)) continue;
    for (const id of new Set(pull.requestedReviewerIds)) {
      const current = load.get(id);
      if (current !== undefined) load.set(id, current + 1);
    }
  }
  return load;
}
