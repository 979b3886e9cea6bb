import type { Advisory } from "../core/reports/advisory.js";
import type { Gateway, IssueComment, IssueRef, RepoRef } from "./gateway.js";

/**
 * The number a recorded (not made) write answers with: GitHub numbers issues, pull requests and
 * comments from 1, so 0 is never a real object. A flow that would read back what it just wrote
 * checks it with `wasWritten` and stops there.
 */
export const NOT_WRITTEN = 0;

/** False for the stub a dry run's gateway answers a write with (see `NOT_WRITTEN`). */
export function wasWritten(created: { number: number } | { id: number }): boolean {
  return ("number" in created ? created.number : created.id) !== NOT_WRITTEN;
}

const RECORDS_WRITES = Symbol("secwg.recordsWrites");

/**
 * True for a dry run's gateway. For the one flow that repeats "write, then read what GitHub now
 * has" with no created number to check (an election's roster change: propose, merge, read the
 * roster again), so that it stops after its first pass instead of planning the same write again.
 * Everything else needs no such check: it writes through the gateway and is recorded.
 */
export function writesAreRecorded(gateway: Gateway): boolean {
  return (gateway as unknown as Record<symbol, unknown>)[RECORDS_WRITES] === true;
}

/** The gateway methods a dry run records instead of sending (every write), for a test that keeps the list whole. */
export function recordedMethods(): string[] {
  return Object.keys(writersOf(() => undefined, {} as Gateway)).sort();
}

/** A gateway for a dry run and the writes it did not make, one line each ("would …"). */
export interface RecordedRun {
  gateway: Gateway;
  writes: string[];
}

const at = (repo: RepoRef) => `${repo.owner}/${repo.repo}`;
/** An issue by number; one the dry run would have opened has none yet. */
const on = (issue: IssueRef) => (issue.issue_number === NOT_WRITTEN ? `the new issue in ${at(issue)}` : `${at(issue)}#${issue.issue_number}`);
const list = (names: readonly string[] | undefined) => (names && names.length > 0 ? names.join(", ") : "");

/** What secwg calls the object its marker finds (`<!-- secwg:KIND:key -->`, `<!-- secwg:KIND -->`): its own word, never the key. */
const kindOf = (marker: string) => /^<!-- secwg:([a-z][a-z0-9-]*)[: ]/.exec(marker)?.[1] ?? "secwg";

function stubComment(body: string): IssueComment {
  return { id: NOT_WRITTEN, body, user: null, html_url: "", created_at: "", updated_at: "" };
}

/**
 * The gateway of a dry run (`secwg sweep --dry-run`, `secwg hygiene --dry-run`,
 * `secwg report --dry-run`): every read goes to `real`; every write is not sent but recorded as one
 * line saying what would be written where, and answered with a stub that is plainly not a GitHub
 * object (number or id `NOT_WRITTEN`, empty URL). So features run the same code in a dry run as in
 * a real one, with no flag: what they would write is what the gateway recorded. Lines name the
 * object, the kind of change and secwg's own name for it (its marker's kind, its labels), never a
 * title or a body (they may hold embargoed text or words a stranger wrote).
 *
 * Each `ensure*` is recorded as an ensure: the recording cannot tell whether GitHub already
 * matches, which only the real write's own read would show.
 */
export function recordWrites(real: Gateway): RecordedRun {
  const writes: string[] = [];
  const would: Would = (line) => writes.push(`would ${line}`);
  const writers = writersOf(would, real);
  const gateway = new Proxy(real, {
    get(target, property, receiver) {
      if (property === RECORDS_WRITES) return true;
      if (typeof property === "string" && property in writers) return writers[property as keyof Gateway];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { gateway, writes };
}

type Would = (line: string) => void;

function writersOf(would: Would, real: Gateway): Partial<Gateway> {
  return {
    ...issueWriters(would),
    ...commentWriters(would),
    ...pullAndCheckWriters(would),
    ...peopleWriters(would),
    ...repositoryWriters(would),
    ...advisoryWriters(would, real),
  };
}

function issueWriters(would: Would): Partial<Gateway> {
  return {
    async ensureIssue(repo, marker, spec) {
      would(`ensure the ${kindOf(marker)} issue in ${at(repo)}${spec.state ? ` (${spec.state})` : ""}${spec.labels?.length ? ` [${list(spec.labels)}]` : ""}`);
      return { outcome: "created", number: NOT_WRITTEN, html_url: "" };
    },
    async ensureIssueClosed(issue, reason) {
      would(`close ${on(issue)} (${reason})`);
      return "updated";
    },
    async ensureLabels(issue, change) {
      const parts = [change.add?.length ? `+${list(change.add)}` : "", change.remove?.length ? `-${list(change.remove)}` : ""].filter(Boolean);
      would(`ensure labels on ${on(issue)}${parts.length ? ` (${parts.join(" ")})` : ""}`);
      return "updated";
    },
  };
}

function commentWriters(would: Would): Partial<Gateway> {
  return {
    async ensureComment(issue, marker, body) {
      would(`ensure the ${kindOf(marker)} comment on ${on(issue)}`);
      return { outcome: "created", comment: stubComment(body) };
    },
    async createComment(issue, body) {
      would(`comment on ${on(issue)}`);
      return stubComment(body);
    },
    async updateComment(repo, commentId, body) {
      would(`edit comment ${commentId} in ${at(repo)}`);
      return { ...stubComment(body), id: commentId };
    },
    async deleteComment(issue, commentId) {
      would(`delete comment ${commentId} on ${on(issue)}`);
    },
  };
}

function pullAndCheckWriters(would: Would): Partial<Gateway> {
  return {
    async ensureCheckRun(repo, spec) {
      would(`ensure check "${spec.name}" on ${at(repo)}@${spec.head_sha.slice(0, 7)}: ${spec.conclusion ?? spec.status}`);
      return "created";
    },
    async requestReviewers(pr, logins) {
      would(`request review of ${on(pr)} from ${list(logins)}`);
    },
    async mergePull(pr, options) {
      would(`merge ${on(pr)} at ${options.sha.slice(0, 7)} (${options.merge_method})`);
    },
    async closePull(pr) {
      would(`close pull request ${on(pr)}`);
    },
  };
}

function peopleWriters(would: Would): Partial<Gateway> {
  return {
    async addTeamMember(org, slug, username) {
      would(`add ${username} to team ${org}/${slug}`);
      return "added";
    },
    async removeTeamMember(org, slug, username) {
      would(`remove ${username} from team ${org}/${slug}`);
    },
    async addCollaborator(repo, username, permission) {
      would(`add ${username} as a collaborator of ${at(repo)} (${permission})`);
    },
    async removeCollaborator(repo, username) {
      would(`remove ${username} from the collaborators of ${at(repo)}`);
    },
  };
}

function repositoryWriters(would: Would): Partial<Gateway> {
  return {
    async createOrUpdateFile(repo, file) {
      would(`write ${file.path} on branch ${file.branch} of ${at(repo)}`);
      return "";
    },
    async proposeFile(repo, proposal) {
      would(`open pull request in ${at(repo)} adding ${proposal.path}`);
      return { outcome: "created", pull: null };
    },
    async enablePrivateVulnerabilityReporting(repo) {
      would(`enable private vulnerability reporting in ${at(repo)}`);
    },
  };
}

function advisoryWriters(would: Would, real: Gateway): Partial<Gateway> {
  return {
    async updateAdvisory(repo, ghsaId, patch) {
      would(`update advisory ${ghsaId} in ${at(repo)} (${Object.keys(patch).sort().join(", ")})`);
      // The answer as far as a read can tell: the advisory as it is now (a dry run changed nothing).
      const current: Advisory = await real.getAdvisory(repo, ghsaId);
      return current;
    },
    async requestAdvisoryCve(repo, ghsaId) {
      would(`request a CVE for ${ghsaId} in ${at(repo)}`);
    },
    async createAdvisoryFork(repo, ghsaId) {
      would(`create the private fork of ${ghsaId} in ${at(repo)}`);
      return { html_url: "" };
    },
    async createAdvisoryComment(repo, ghsaId) {
      would(`comment on advisory ${ghsaId} in ${at(repo)}`);
      return "created";
    },
  };
}
