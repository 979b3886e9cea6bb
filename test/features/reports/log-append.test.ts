import { appendEntry } from "../../../src/features/reports/log.js";
import type { FeatureEnv } from "../../../src/features/env.js";
import { chainEntry, collectRecords, verifyLog, type LogEntryDraft, type LogRecord } from "../../../src/core/reports/report-log.js";
import { defaultConfig } from "../../../src/config/schema.js";
import { ConcurrentWriteError } from "../../../src/errors.js";
import { isTransientFailure } from "../../../src/core/retry-policy.js";
import type { Gateway, IssueComment, IssueRef } from "../../../src/github/gateway.js";
import { captureLogger } from "../../helpers/probot.js";

const GHSA = "GHSA-2c4m-59x8-3pjx";
const ISSUE: IssueRef = { owner: "acme", repo: "security-tracker", issue_number: 1 };
const KEY = "signing-key";

/** A tracker issue's comments as GitHub keeps them: ids grow in the order comments are created. */
function trackerIssue() {
  const comments: IssueComment[] = [];
  let nextId = 100;
  const calls: string[] = [];
  const gateway = {
    async createComment(_issue: IssueRef, body: string) {
      calls.push("POST comment");
      const comment = { id: nextId++, body, user: { id: 99, login: "secwg[bot]", type: "Bot" } } as IssueComment;
      comments.push(comment);
      return comment;
    },
    async self() {
      return { id: 99, login: "secwg[bot]" };
    },
    async listAllComments() {
      calls.push("GET comments");
      return [...comments];
    },
    async deleteComment(_issue: IssueRef, id: number) {
      calls.push(`DELETE comment ${id}`);
      comments.splice(comments.findIndex((c) => c.id === id), 1);
    },
  } as unknown as Gateway;
  return { gateway, comments, calls };
}

function draft(event: LogEntryDraft["event"], key: string): LogEntryDraft {
  return { ghsa: GHSA, event, actor: { id: 1001, login: "alice" }, at: "2026-11-25T12:00:00.000Z", key, data: {} };
}

describe("appending to a report log that another run appends to at the same moment", () => {
  let tracker: ReturnType<typeof trackerIssue>;
  let env: FeatureEnv;
  let previous: LogRecord;

  beforeEach(async () => {
    tracker = trackerIssue();
    env = { gateway: tracker.gateway, log: captureLogger().log as never, config: defaultConfig(), owner: "acme", now: new Date("2026-11-25T12:00:00Z"), signingKey: KEY };
    previous = await appendEntry(env, ISSUE, null, draft("reported", "intake"));
    tracker.calls.length = 0;
  });

  const records = () => collectRecords(tracker.comments.map((c) => ({ id: c.id, body: c.body, userType: "Bot" })), GHSA);

  it("writes the entry and reads the log back once", async () => {
    const record = await appendEntry(env, ISSUE, previous, draft("acknowledged", "10-1"));
    expect(record.seq).toBe(1);
    expect(tracker.calls).toEqual(["POST comment", "GET comments"]);
  });

  it("gives way when both recorded the same thing (the sweep and the published webhook): one entry stays, nothing to retry", async () => {
    const sweep = await appendEntry(env, ISSUE, previous, draft("published", "published"));
    const webhook = await appendEntry(env, ISSUE, previous, { ...draft("published", "published"), at: "2026-11-25T12:00:01.000Z" });
    expect(webhook).toEqual(sweep);
    expect(tracker.calls).toEqual(["POST comment", "GET comments", "POST comment", "GET comments", "DELETE comment 102"]);
    expect(records().map((r) => r.event)).toEqual(["reported", "published"]);
    expect(verifyLog(records(), KEY).ok).toBe(true);
  });

  it("gives way and asks to be run again when the other run recorded something else: no entry is lost or numbered twice", async () => {
    await appendEntry(env, ISSUE, previous, draft("approved", "20-1"));
    const losing = appendEntry(env, ISSUE, previous, draft("cve-requested", "21-1"));
    await expect(losing).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect(isTransientFailure(await losing.catch((e: unknown) => e))).toBe(true);
    expect(records().map((r) => r.event)).toEqual(["reported", "approved"]);

    // The retry reads the log as it is now and chains after the winner.
    const retried = await appendEntry(env, ISSUE, records().at(-1) ?? null, draft("cve-requested", "21-1"));
    expect(retried.seq).toBe(2);
    expect(verifyLog(records(), KEY)).toMatchObject({ ok: true, entries: 3 });
  });

  it("keeps its entry when its comment came first, even if the other run's is already there", async () => {
    const mine = chainEntry(draft("approved", "20-1"), previous, KEY);
    const record = await appendEntry(env, ISSUE, previous, draft("approved", "20-1"));
    await expect(appendEntry(env, ISSUE, previous, draft("cve-requested", "21-1"))).rejects.toThrow(ConcurrentWriteError);
    expect(record).toEqual(mine);
    expect(records()).toEqual([previous, mine]);
  });
});
