import { loadPayload } from "../../helpers/fixtures.js";
import { FakeGitHub, OWNER, TRACKER } from "./fake-github.js";

/** Shared setup of the reports tests: the fixture advisory, a fake GitHub, command comments. */

export const GHSA = "GHSA-8r4v-5x2w-9q7c";
export const KEY = "test-secret";

export function reportedPayload(patch: (advisory: any) => void = () => {}): any {
  const payload = loadPayload("repository_advisory", "reported");
  patch(payload.repository_advisory);
  return payload;
}

export function setUpFake(patch: (advisory: any) => void = () => {}): FakeGitHub {
  const fake = new FakeGitHub(reportedPayload(patch).repository_advisory);
  fake.install();
  return fake;
}

let delivery = 0;
export function reportedEvent(payload = reportedPayload()) {
  return { id: `d-${++delivery}`, name: "repository_advisory" as const, payload };
}

/** An `issue_comment.created` delivery for a comment the fake already holds. */
export function commentEvent(fake: FakeGitHub, commentId: number, issueNumber = 1) {
  const payload = loadPayload("issue_comment", "created");
  const issue = fake.trackerIssue(issueNumber);
  const comment = issue.comments.find((c) => c.id === commentId);
  if (!comment) throw new Error(`no comment ${commentId}`);
  payload.repository = { ...payload.repository, name: TRACKER, full_name: `${OWNER}/${TRACKER}`, private: true, owner: { ...payload.repository.owner, login: OWNER } };
  payload.issue = { ...payload.issue, number: issueNumber, body: issue.body, title: issue.title, pull_request: undefined, labels: issue.labels, user: { login: "secwg[bot]", id: 99, type: "Bot" } };
  delete payload.issue.pull_request;
  payload.comment = { ...payload.comment, id: comment.id, body: comment.body, created_at: comment.created_at, updated_at: comment.updated_at, user: { ...payload.comment.user, login: comment.user.login, id: comment.user.id, type: "User" } };
  payload.sender = payload.comment.user;
  return { id: `c-${commentId}`, name: "issue_comment" as const, payload: payload as any };
}

export const PEOPLE = {
  alice: { login: "alice", id: 1001 }, // chair
  bob: { login: "bob", id: 1002 }, // co-chair
  carol: { login: "carol", id: 1003 }, // board liaison
  dave: { login: "dave", id: 1004 }, // member with tracker access
  mallory: { login: "mallory", id: 6666 }, // not in the roster
};
