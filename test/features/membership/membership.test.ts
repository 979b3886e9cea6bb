import { parseVoteRecord, renderVoteRecord } from "../../../src/core/vote/vote-record.js";
import { createTestProbot, useStrictNock } from "../../helpers/probot.js";
import { loadPayload } from "../../helpers/fixtures.js";
import { filledBody } from "../../core/membership/builders.js";
import { REPO, TRACKER } from "../votes/vote-fake-github.js";
import { AUTHOR, BASE_ROSTER, KEY, MEMBERS, membershipPull, OWN_ENTRY, setUpFake, voteApp } from "../votes/vote-scenario.js";

useStrictNock();

async function receivePull(probot: any, payload: any) {
  await probot.receive({ id: "d1", name: "pull_request", payload });
}

describe("membership request pull requests", () => {
  it("opens one vote with the frozen electorate when a valid request is opened", async () => {
    const fake = setUpFake();
    const { probot } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());

    const vote = fake.voteComment();
    expect(vote?.body).toContain("should Codertocat join the Security Working Group as a member?");
    const parsed = parseVoteRecord(vote?.body, KEY, `Codertocat/${REPO}#2`);
    expect(parsed).toMatchObject({ kind: "ok", record: { kind: "membership", subject: { id: AUTHOR.id }, electorate: MEMBERS, deadline: "2026-12-02T12:00:00.000Z", state: "open" } });
    expect(fake.labels).toEqual(["vote: open"]);
    expect(fake.checkRuns.map((r) => [r.name, r.status, r.conclusion])).toEqual([
      ["secwg / membership", "completed", "success"],
      ["secwg / vote", "in_progress", undefined],
    ]);
  });

  it("writes nothing when the opening event is redelivered", async () => {
    const fake = setUpFake();
    const { probot } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());
    const before = fake.writes.length;
    await receivePull(probot, membershipPull());
    expect(fake.writes.slice(before)).toEqual([]);
    expect(fake.threadComments(REPO, 2)).toHaveLength(1);
  });

  it("fails the membership check with each problem and its fix, in one comment updated in place", async () => {
    const escalation = BASE_ROSTER + OWN_ENTRY.replace("[member]", "[member, board-liaison]");
    const fake = setUpFake(escalation);
    const { probot, logLines } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());

    const check = fake.checkRuns.find((r) => r.name === "secwg / membership");
    expect(check).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "1 problem with this membership request" } });
    expect(check.output.summary).toContain("asks for roles [member, board-liaison]; a membership request can only ask for [member]");
    expect(check.output.summary).toContain("**Fix:** Set `roles: [member]`.");
    expect(fake.voteComment()).toBeUndefined();
    expect(logLines.join("")).toContain("membership request invalid");

    // The author fixes the role and also someone else's entry gets touched: same comment, new text.
    fake.files.set(`MEMBERS.yml@${fake.pull.head.sha}`, { text: BASE_ROSTER.replace("id: 1003", "id: 1004") + OWN_ENTRY, sha: "blob3" });
    await receivePull(probot, membershipPull("synchronize"));
    const comments = fake.threadComments(REPO, 2);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("removes carol (id 1003)");
  });

  it("refuses a request that adds someone else", async () => {
    const fake = setUpFake(BASE_ROSTER + OWN_ENTRY.replace("21031067", "777").replace("login: Codertocat", "login: someone-else"));
    const { probot } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());
    expect(fake.threadComments(REPO, 2)[0]?.body).toContain("adds someone-else (id 777), but this request was opened by @Codertocat");
  });

  it("asks for the template's answers when the description is empty", async () => {
    const fake = setUpFake();
    const { probot } = await createTestProbot(voteApp());
    const payload = membershipPull();
    payload.pull_request.body = filledBody(["Security experience"]);
    fake.pull.body = payload.pull_request.body;
    await receivePull(probot, payload);
    expect(fake.checkRuns[0].output.summary).toContain('the description has no "Security experience" section');
  });

  it("leaves a request alone when its synchronize is handled after the request was merged", async () => {
    // secwg pushed the new member's dates and merged; the push's event arrives afterwards, when the
    // base branch already holds the entry, so judging the request again would find it invalid.
    const fake = setUpFake();
    const { probot, logLines } = await createTestProbot(voteApp());
    fake.files.set("MEMBERS.yml@master", { text: BASE_ROSTER + OWN_ENTRY, sha: "blob2" });
    fake.pull.state = "closed";
    fake.pull.merged = true;
    const stale = membershipPull("synchronize");
    stale.sender = { ...stale.sender, login: "secwg[bot]", id: 99, type: "Bot" };
    await receivePull(probot, stale);

    expect(fake.writes).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    expect(fake.threadComments(REPO, 2)).toEqual([]);
    expect(logLines.join("")).toContain("membership request no longer open");
  });

  it("judges the description the pull request has now, not the one in a stale payload", async () => {
    const fake = setUpFake();
    const { probot } = await createTestProbot(voteApp());
    const stale = membershipPull("edited");
    stale.pull_request.body = filledBody(["Security experience"]);
    await receivePull(probot, stale);
    expect(fake.checkRuns.find((r) => r.name === "secwg / membership")).toMatchObject({ conclusion: "success" });
    expect(fake.threadComments(REPO, 2)).toHaveLength(1);
  });

  it("costs one configuration read and one file listing, and no write, for a pull request that does not touch the roster", async () => {
    const fake = setUpFake();
    fake.pullFiles = [{ filename: "README.md", status: "modified", additions: 1, deletions: 0, changes: 1 }];
    const { probot } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());
    expect(fake.writes).toEqual([]);
  });

  it("cancels the vote with a record when the pull request is closed during the vote", async () => {
    const fake = setUpFake();
    const { probot } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());
    const closed = membershipPull("closed");
    closed.pull_request.labels = [{ name: "vote: open" }];
    closed.pull_request.state = "closed";
    fake.pull.state = "closed";
    await receivePull(probot, closed);

    const record = parseVoteRecord(fake.voteComment()?.body, KEY);
    expect(record).toMatchObject({ kind: "ok", record: { state: "cancelled", closed: { by: { id: AUTHOR.id }, reason: "the pull request was closed before the vote ended" } } });
    expect(fake.voteComment()?.body).toContain("**Cancelled**");
    expect(fake.labels).toEqual([]);
    expect(fake.checkRuns.find((r) => r.name === "secwg / vote")).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Vote cancelled" } });
  });

  it("does not trust a vote comment whose record was edited by hand", async () => {
    const fake = setUpFake();
    const { probot, logLines } = await createTestProbot(voteApp());
    await receivePull(probot, membershipPull());
    const vote = fake.voteComment() as any;
    const forged = parseVoteRecord(vote.body, KEY);
    if (forged.kind !== "ok") throw new Error("setup");
    const edited = renderVoteRecord({ ...forged.record, electorate: [{ id: 666, login: "sock" }] }, "not-the-key");
    vote.body = vote.body.replace(/<!-- secwg:vote-record:[^ ]+ -->/, edited);
    for (const m of MEMBERS) fake.react(vote.id, m, "-1");

    const comment = loadPayload("issue_comment", "created") as any;
    comment.issue.number = 2;
    comment.issue.pull_request = { url: "x" };
    comment.issue.labels = [{ name: "vote: open" }];
    await probot.receive({ id: "d2", name: "issue_comment", payload: comment });

    expect(fake.pull.state).toBe("open");
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("This vote cannot be trusted:** the vote record's signature does not match"))).toBe(true);
    expect(fake.checkRuns.find((r) => r.name === "secwg / vote")).toMatchObject({ conclusion: "failure", output: { title: "Vote record edited" } });
    expect(logLines.join("")).toContain("vote record failed verification");

    // The signers are told once in the private tracker, by the logins their ids have now.
    const reportIssue = fake.trackerIssues.find((i) => i.body.includes("<!-- secwg:untrusted-records:all -->"));
    expect(reportIssue).toBeDefined();
    const told = () => fake.threadComments(TRACKER, reportIssue.number).filter((c) => c.body.includes(`<!-- secwg:untrusted-record:${vote.id} -->`));
    expect(told()).toHaveLength(1);
    expect(told()[0]?.body).toContain("@alice");
    expect(told()[0]?.body).not.toContain("sock");
    const writes = fake.writes.length;
    await probot.receive({ id: "d3", name: "issue_comment", payload: comment });
    expect(told()).toHaveLength(1);
    expect(fake.writes.length).toBe(writes);
  });
});
