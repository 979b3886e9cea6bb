import type { IssueComment } from "../gateway.js";

/** A comment as GitHub's issue-comment endpoints answer it, reduced to the fields secwg reads. */
export interface GitHubComment {
  id: number;
  body?: string | null;
  user: { id: number; login: string; type?: string } | null;
  html_url: string;
  created_at: string;
  updated_at: string;
}

export function toComment(c: GitHubComment): IssueComment {
  return {
    id: c.id,
    body: c.body ?? "",
    user: c.user ? { id: c.user.id, login: c.user.login, type: c.user.type } : null,
    html_url: c.html_url,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

