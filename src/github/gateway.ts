/**
 * Everything secwg does to GitHub, as one interface. Features and the sweep depend on this, not on
 * Octokit, so tests and the simulator can stand in for GitHub. Writes are `ensure*` operations:
 * they find the existing object (by hidden marker or external id), compare, and write only when
 * something differs, returning what they did.
 *
 * The methods are grouped by the GitHub object they act on, one interface per file in
 * `./gateway/` (see docs/architecture.md); the types are re-exported here so `gateway.js` stays the
 * one import for callers.
 */

import type { AdvisoryGateway } from "./gateway/advisories.js";
import type { AppGateway } from "./gateway/identity.js";
import type { CheckGateway } from "./gateway/checks.js";
import type { CommentGateway } from "./gateway/comments.js";
import type { IssueGateway } from "./gateway/issues.js";
import type { PeopleGateway } from "./gateway/people.js";
import type { PullGateway } from "./gateway/pulls.js";
import type { ReactionGateway } from "./gateway/reactions.js";
import type { RepositoryGateway } from "./gateway/repositories.js";

export type * from "./gateway/refs.js";
export type * from "./gateway/advisories.js";
export type * from "./gateway/identity.js";
export type * from "./gateway/checks.js";
export type * from "./gateway/comments.js";
export type * from "./gateway/issues.js";
export type * from "./gateway/people.js";
export type * from "./gateway/pulls.js";
export type * from "./gateway/reactions.js";
export type * from "./gateway/repositories.js";

export interface Gateway
  extends AppGateway,
    RepositoryGateway,
    IssueGateway,
    CommentGateway,
    ReactionGateway,
    PullGateway,
    CheckGateway,
    AdvisoryGateway,
    PeopleGateway {
  // New methods belong in the group of the GitHub object they act on (./gateway/*.ts).
}
