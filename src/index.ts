import type { ApplicationFunction, Probot } from "probot";
import { defaultDeps, type AppDeps } from "./app/deps.js";
import { onIssueComment, type CommandFeature } from "./features/commands/dispatcher.js";
import { onPullRequestPolicyFiles } from "./features/policy/files-check.js";
import { onPullRequestReviewSecurityReview, onPullRequestSecurityReview } from "./features/review/events.js";
import { securityReviewCommands } from "./features/review/commands.js";
import { onMembershipPullRequest } from "./features/membership/events.js";
import { onVoteActivity } from "./features/votes/activity.js";
import { VOTE_COMMANDS } from "./features/votes/commands.js";
import { reportCommands } from "./features/reports/commands.js";
import { boardReportCommands } from "./features/board-report/commands.js";
import { onRepositoryAdvisoryPublished, onRepositoryAdvisoryReported } from "./features/reports/advisory-events.js";
import { setUpOperations, type AppOperations } from "./app/operations.js";
import { registerMonitoringHandlers } from "./features/monitoring/register.js";
import { registerHygieneHandlers } from "./features/hygiene/register.js";
import { joiningCommands } from "./features/membership/commands.js";
import { termsCommands } from "./features/terms/commands.js";
import { registerAccessHandlers } from "./features/access/register.js";
import { accessCommands } from "./features/access/commands.js";
import { electionCommands } from "./features/elections/commands.js";
import { consultedCommands, removalCommands } from "./features/removals/commands.js";
import { onRemovalPullEvent } from "./features/removals/events.js";
import { DASHBOARD_EVENTS, dashboardGate, dashboardKeyFor, onDashboardEvent } from "./features/dashboard/events.js";
import { coalescedUnder } from "./app/event-routing.js";

/** Slash-command families, one per feature; the dispatcher routes each command to its owner. */
export const COMMAND_FEATURES: CommandFeature[] = [
  securityReviewCommands,
  VOTE_COMMANDS,
  reportCommands,
  boardReportCommands,
  termsCommands,
  accessCommands,
  electionCommands,
  joiningCommands,
  removalCommands,
  consultedCommands,
];

/**
 * The events secwg subscribes to, with the handlers for each. `app.yml`'s `default_events` must
 * list exactly the event names used here (a test holds them together).
 */
export function registerHandlers(app: Probot, deps: AppDeps): void {
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
  app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize"], (context) =>
    onPullRequestPolicyFiles(context, deps),
  );
  // Membership requests and their votes, before the security review, which reads the labels a vote puts on: https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
  app.on(
    ["pull_request.opened", "pull_request.edited", "pull_request.synchronize", "pull_request.reopened", "pull_request.closed"],
    (context) => onMembershipPullRequest(context, deps),
  );
  // Security review: https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
  app.on(
    [
      "pull_request.opened",
      "pull_request.reopened",
      "pull_request.synchronize",
      "pull_request.ready_for_review",
      "pull_request.edited",
      "pull_request.labeled",
    ],
    (context) => onPullRequestSecurityReview(context, deps),
  );
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
  app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], (context) =>
    onPullRequestReviewSecurityReview(context, deps),
  );
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
  app.on("issue_comment.created", (context) => onIssueComment(context, deps, COMMAND_FEATURES));
  // https://docs.github.com/en/webhooks/webhook-events-and-payloads#repository_advisory
  app.on("repository_advisory.reported", (context) => onRepositoryAdvisoryReported(context, deps));
  app.on("repository_advisory.published", (context) => onRepositoryAdvisoryPublished(context, deps));
  // No webhook exists for reactions: comments and reviews on a thread with an open vote re-count it.
  app.on(
    [
      "issue_comment.created",
      "issue_comment.edited",
      "issue_comment.deleted",
      "pull_request_review.submitted",
      "pull_request_review.edited",
      "pull_request_review.dismissed",
    ],
    (context) => onVoteActivity(context, deps),
  );
  // The dashboard, after an event whose handling wrote a record it shows; bounded per organisation in time.
  const gate = deps.dashboardGate ?? dashboardGate(app.log);
  app.on([...DASHBOARD_EVENTS], coalescedUnder(dashboardKeyFor, (context) => onDashboardEvent(context, deps, gate)));
  registerMonitoringHandlers(app, deps);
  registerHygieneHandlers(app, deps);
  registerAccessHandlers(app, deps);
  // Removals: the `secwg / removal` check follows reviews, pushes and merges of a removal pull request.
  app.on(
    ["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.closed", "pull_request_review.submitted", "pull_request_review.dismissed"],
    (context) => onRemovalPullEvent(context, deps),
  );
}

/**
 * The Probot application: wiring only. Handlers register on a routed `app` that queues each event
 * per object and lets Probot reply at once (`deps.inline` runs them before the reply instead).
 */
export function createApp(overrides: Partial<AppDeps> = {}, operations: AppOperations = {}): ApplicationFunction {
  return (app, options) => {
    const deps = defaultDeps(overrides);
    registerHandlers(setUpOperations(app, options, deps, operations), deps);
  };
}

export default createApp();
