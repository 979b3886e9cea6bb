import type { Effect, IssueTarget } from "../effects.js";
import { SEVERITY_TO_GITHUB, type Advisory, type AdvisoryPatch } from "./advisory.js";
import { contentHash, evaluateApprovals, hashMatches, shortHash, type ApprovalStatus } from "./approval.js";
import type { ReportArgs } from "./command-specs.js";
import { planEmbargo } from "./embargo.js";
import type { LogActor, ReportEvent } from "./report-log.js";
import { describeApprovalGap, renderStatus } from "./report-messages.js";
import { checkCommand, phaseOf, type ReportFacts } from "./report-state.js";

/**
 * Decides what an authorised command does to a report: refuse (with the reason shown to the
 * user), reply without changing anything (`/status`), or accept — a log entry plus the GitHub
 * effects to apply. Pure: the handler gathered the facts, the live advisory and the clock.
 */
export interface ReportRules {
  requiredApprovals: number;
  preNotificationDays: number;
  noReleaseWeekdays: readonly string[];
  timeZone: string;
  cna: "github" | "self";
}

export type { AdvisoryPatch } from "./advisory.js";

/**
 * An accepted command: the advisory changes on GitHub the log entry records (`effects`, applied
 * before it, so a failure leaves no entry claiming a change that did not happen), the entry, then
 * `then` (closing the tracker issue). A `published` entry is followed by the publication's own
 * steps (closing the tracker and proposing the archive entry, from the advisory as published).
 */
export type AcceptedPlan = { kind: "accept"; event: ReportEvent; data: Record<string, unknown>; effects: Effect[]; then: Effect[] };

export type CommandPlan = { kind: "refuse"; reason: string } | { kind: "reply"; body: string } | AcceptedPlan;

export interface PlanInput {
  args: ReportArgs;
  facts: ReportFacts;
  advisory: Advisory;
  actor: LogActor;
  now: Date;
  rules: ReportRules;
  isSigner(id: number): boolean;
  /**
   * When the command's comment was written (GitHub's `created_at`). An `/approve` covers the
   * advisory as it was then: a change made after it refuses the approval.
   */
  commentAt?: string;
  /** Visibility of the advisory's repository (GitHub grants CVEs only for public ones); needed by `/cve`. */
  repoPrivate?: boolean;
  /** The report's tracker issue (closed when triage finds the report not valid). */
  tracker: IssueTarget;
}

export function approvalStatusOf(input: Pick<PlanInput, "facts" | "advisory" | "rules" | "isSigner">): { status: ApprovalStatus; hash: string } {
  const hash = contentHash(input.advisory, input.facts.embargo?.releaseAt ?? null);
  return { status: evaluateApprovals(input.facts.approvals, hash, input.rules.requiredApprovals, input.isSigner), hash };
}

const refuse = (reason: string): CommandPlan => ({ kind: "refuse", reason });
const accept = (event: ReportEvent, data: Record<string, unknown>, effects: Effect[] = [], then: Effect[] = []): AcceptedPlan => ({ kind: "accept", event, data, effects, then });

/** The advisory changes of a command, as effects on the advisory's repository. */
function onAdvisory(advisory: Advisory, why: string) {
  const target = { repo: { owner: advisory.owner, repo: advisory.repo }, ghsaId: advisory.ghsaId, why };
  return {
    update: (patch: AdvisoryPatch): Effect => ({ kind: "update-advisory", ...target, patch }),
    requestCve: (): Effect => ({ kind: "request-advisory-cve", ...target }),
    fork: (): Effect => ({ kind: "create-advisory-fork", ...target }),
  };
}

export function planReportCommand(input: PlanInput): CommandPlan {
  const { args, facts, advisory, now, rules } = input;
  const { status, hash } = approvalStatusOf(input);
  const phase = phaseOf(facts, status.satisfied);
  const check = checkCommand(args.command, phase);
  if (!check.allowed) {
    // A refused publication says exactly which approvals are missing or out of date.
    const gap = args.command === "publish" && facts.triage?.outcome === "valid" ? ["", ...describeApprovalGap(status)] : [];
    return refuse([check.reason, ...gap].join("\n"));
  }
  if (advisory.state === "withdrawn" && args.command !== "status") return refuse("the advisory was withdrawn on GitHub");

  switch (args.command) {
    case "status":
      return { kind: "reply", body: renderStatus({ facts, phase, approvals: status, advisory, now, hash }) };
    case "ack":
      return accept("acknowledged", {});
    case "triage":
      return planTriage(args, advisory, input.tracker);
    case "severity": {
      const severity = SEVERITY_TO_GITHUB[args.severity];
      const same = advisory.severity === severity && !advisory.cvssVector;
      return accept("severity-set", { severity: args.severity }, same ? [] : [onAdvisory(advisory, "/severity").update({ severity })]);
    }
    case "cvss":
      return accept("severity-set", { cvss: args.vector }, advisory.cvssVector === args.vector ? [] : [onAdvisory(advisory, "/cvss").update({ cvss_vector_string: args.vector })]);
    case "cwe": {
      const merged = [...new Set([...advisory.cweIds, ...args.cweIds])];
      const changed = merged.length !== advisory.cweIds.length;
      return accept("cwe-set", { cweIds: merged }, changed ? [onAdvisory(advisory, "/cwe").update({ cwe_ids: merged })] : []);
    }
    case "credit": {
      const present = advisory.credits.some((c) => c.login.toLowerCase() === args.login.toLowerCase() && c.type === args.type);
      const credits = [...advisory.credits, { login: args.login, type: args.type }];
      return accept("credit-added", { login: args.login, type: args.type }, present ? [] : [onAdvisory(advisory, "/credit").update({ credits })]);
    }
    case "cve":
      return planCve(input, args);
    case "fork":
      if (advisory.privateForkUrl || facts.forkUrl) return refuse(`the temporary private fork already exists: ${advisory.privateForkUrl ?? facts.forkUrl}`);
      return accept("fork-created", {}, [onAdvisory(advisory, "/fork").fork()]);
    case "embargo": {
      const decision = planEmbargo(args.text, now, rules);
      if (!decision.ok) return refuse(decision.reason);
      return accept("embargo-set", { ...decision.embargo, ...(decision.shortNotice ? { shortNotice: true } : {}) });
    }
    case "approve":
      return planApproval(input, args, status, hash);
    case "publish":
      return planPublication(advisory, status, "command");
  }
}

/**
 * The latest moment the approved content may have changed: the advisory's `updated_at` on GitHub
 * (edits by hand and secwg's own `/cwe`, `/credit`, … updates) or the log's last release-time entry.
 */
export function lastContentChange(facts: ReportFacts, advisory: Pick<Advisory, "updatedAt">): string | null {
  const times = [advisory.updatedAt ?? null, facts.embargoSetAt].filter((t): t is string => !!t && !Number.isNaN(Date.parse(t)));
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/**
 * GitHub's timestamps have whole seconds; the log's have milliseconds. Compared at GitHub's
 * precision, a change within the second the comment was written counts as seen (the hash form
 * `/approve <hash>` leaves no such window).
 */
function wholeSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * Publication is allowed only when the approvals match the advisory's current content. An
 * advisory someone already published on GitHub only needs the follow-up steps.
 */
export function planPublication(advisory: Advisory, status: ApprovalStatus, by: "command" | "sweep"): CommandPlan {
  if (advisory.state === "published") return accept("published", { publishedAt: advisory.publishedAt, by: "on GitHub" });
  if (!status.satisfied) return refuse(["the advisory cannot be published yet:", ...describeApprovalGap(status)].join("\n"));
  if (advisory.state !== "draft") return refuse(`GitHub can only publish a draft advisory; this one is \`${advisory.state}\``);
  return accept("published", { by }, [onAdvisory(advisory, by === "command" ? "/publish" : "the release time has come").update({ state: "published" })]);
}

type ArgsOf<C extends ReportArgs["command"]> = Extract<ReportArgs, { command: C }>;

/** `/triage`: a valid report moves the advisory to draft; any other outcome closes it and the tracker issue. */
function planTriage(args: ArgsOf<"triage">, advisory: Advisory, tracker: IssueTarget): CommandPlan {
  const on = onAdvisory(advisory, `/triage ${args.outcome}`);
  if (args.outcome === "valid") return accept("triaged", { outcome: "valid" }, advisory.state === "triage" ? [on.update({ state: "draft" })] : []);
  const effects = advisory.state !== "closed" ? [on.update({ state: "closed" })] : [];
  const close: Effect = { kind: "close-issue", repo: { owner: tracker.owner, repo: tracker.repo }, number: tracker.issue_number, reason: "not_planned", why: `/triage ${args.outcome}` };
  return accept("triaged", { outcome: args.outcome, ...(args.duplicateOf ? { duplicateOf: args.duplicateOf } : {}) }, effects, [close]);
}

/** `/cve`: record the project's own id (`cna: self`) or ask GitHub for one, once, for a public repository. */
function planCve(input: PlanInput, args: ArgsOf<"cve">): CommandPlan {
  const { advisory, facts, rules } = input;
  if (advisory.cveId) return refuse(`the advisory already has ${advisory.cveId}`);
  if (rules.cna === "self") {
    if (!args.cveId) return refuse("this project assigns its own CVE ids (`reports.cna: self`): write `/cve CVE-2026-12345`");
    return accept("cve-recorded", { cveId: args.cveId }, [onAdvisory(advisory, "/cve").update({ cve_id: args.cveId })]);
  }
  if (args.cveId) return refuse("GitHub assigns CVE ids for this project (`reports.cna: github`): write `/cve` without an id");
  if (facts.cveRequested) return refuse("a CVE was already requested from GitHub; it appears on the advisory once assigned");
  if (input.repoPrivate !== false) return refuse("GitHub only grants CVE requests for advisories of public repositories");
  return accept("cve-requested", {}, [onAdvisory(advisory, "/cve").requestCve()]);
}

/**
 * `/approve`: binds to the advisory's content hash as the approver read it; refused when the hash
 * differs, the advisory changed after the comment was written, or this signer already approved it.
 */
function planApproval(input: PlanInput, args: ArgsOf<"approve">, status: ApprovalStatus, hash: string): CommandPlan {
  const { facts, advisory, actor } = input;
  if (args.hash !== undefined && !hashMatches(args.hash, hash)) {
    return refuse(
      `you approved \`${args.hash}\`, but the advisory now reads as \`${shortHash(hash)}\` (it changed since you read it). Read it again (\`/status\` shows the current hash) and approve that version.`,
    );
  }
  const changedAt = lastContentChange(facts, advisory);
  if (input.commentAt && changedAt && wholeSeconds(changedAt) > wholeSeconds(input.commentAt)) {
    return refuse(
      `the advisory changed at ${changedAt}, after this command was written (${input.commentAt}), so it may not be what you read. Read it again and write a new \`/approve ${shortHash(hash)}\`.`,
    );
  }
  if (status.valid.some((a) => a.id === actor.id)) return refuse(`you have already approved this version of the advisory (\`${shortHash(hash)}\`)`);
  return accept("approved", { hash, validCount: status.valid.length + 1 });
}
