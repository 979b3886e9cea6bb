import type { EnsureOutcome, IssueRef, RepoRef, UserRef } from "./refs.js";

export interface IssueComment {
  id: number;
  body: string;
  user: UserRef | null;
  html_url: string;
  created_at: string;
  updated_at: string;
}

/**
 * Comments on issues and pull requests. secwg's own comments are found by hidden marker and count
 * only when its bot account wrote them (`isOurs`), so pasting a marker redirects nothing.
 * @see https://docs.github.com/en/rest/issues/comments
 */
export interface CommentGateway {
  /**
   * secwg's comment carrying `marker`, or null. `conditional` reads the whole thread with
   * conditional requests (an unchanged thread is a 304 and costs no rate-limit point), for polling
   * a thread that rarely changes; otherwise pages are read until the comment is found.
   */
  findComment(issue: IssueRef, marker: string, options?: { conditional?: boolean }): Promise<IssueComment | null>;
  /**
   * The one comment carrying `marker` says `body`: created, edited only on a difference. A comment
   * carrying one of `formerMarkers` (a key it was written under before the key changed) counts as
   * that comment; an edit writes it under `marker`.
   */
  ensureComment(issue: IssueRef, marker: string, body: string, options?: { formerMarkers?: readonly string[] }): Promise<{ outcome: EnsureOutcome; comment: IssueComment }>;
  /** Posts a reply that is not tracked by marker (answers to commands). */
  createComment(issue: IssueRef, body: string): Promise<IssueComment>;
  updateComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;
  /** Deletes one of secwg's comments; a comment already gone is the state wanted. */
  deleteComment(issue: IssueRef, commentId: number): Promise<void>;
  /** Every comment of an issue, oldest first (the report log is read whole). */
  listAllComments(issue: IssueRef): Promise<IssueComment[]>;
}
