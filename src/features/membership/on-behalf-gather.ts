import { isOurs } from "../../core/identity.js";
import { isConfirmation, parseOnBehalfRecord, targetKey } from "../../core/membership/on-behalf.js";
import type { Person } from "../../core/vote/vote-record.js";
import type { Gateway, IssueRef, PullState } from "../../github/gateway.js";

/**
 * Whether a pull request is a membership request secwg opened on someone's behalf, from its
 * signed records (`src/core/membership/on-behalf.ts`), verified on every read:
 * - `null`: not secwg's pull request, or secwg's without a proposal record (e.g. a term renewal);
 * - `untrusted`: secwg's pull request whose proposal record does not verify, or is bound to another
 *   repository or branch, or that comes from another repository: never acted on;
 * - `ok`: the subject (by id, with the login GitHub gives that id now when it still resolves), the
 *   proposer, and whether secwg's own comment records the subject's `/confirm`.
 */
export type OnBehalf = null | { kind: "untrusted" } | { kind: "ok"; subject: Person; proposer: Person; confirmed: boolean };

export async function gatherOnBehalf(env: { gateway: Gateway; signingKey: string }, ref: IssueRef, pull: Pick<PullState, "author" | "body" | "head">): Promise<OnBehalf> {
  const self = await env.gateway.self();
  if (!isOurs(pull.author, self)) return null;
  const parsed = parseOnBehalfRecord(pull.body, env.signingKey, { repo: ref, branch: pull.head.ref });
  if (parsed.kind === "missing") return null;
  if (parsed.kind === "tampered" || pull.head.repo?.toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase()) return { kind: "untrusted" };
  const { record } = parsed;
  const target = targetKey(ref);
  const comments = await env.gateway.listAllComments(ref);
  const confirmed = comments.some((c) => isOurs(c.user, self) && isConfirmation(c.body, env.signingKey, target, record.subject.id));
  const login = (await env.gateway.getUserLogin(record.subject.id)) ?? record.subject.login;
  return { kind: "ok", subject: { id: record.subject.id, login }, proposer: record.proposer, confirmed };
}
