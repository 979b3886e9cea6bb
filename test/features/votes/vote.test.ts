import { parseVoteRecord } from "../../../src/core/vote/vote-record.js";
import { createTestProbot, useStrictNock } from "../../helpers/probot.js";
import { REPO, type FakeGitHub } from "./vote-fake-github.js";
import { BASE_ROSTER, commentOnPull, MEMBERS, membershipPull, OWN_ENTRY, setUpFake, voteApp } from "./vote-scenario.js";

useStrictNock();

/** A membership request with its vote open; `prepare` shapes the pull request before it is opened. */
async function openVote(prepare?: (fake: FakeGitHub) => void) {
  const fake = setUpFake();
  prepare?.(fake);
  const { probot, logLines } = await createTestProbot(voteApp());
  await probot.receive({ id: "d1", name: "pull_request", payload: membershipPull() });
  const vote = fake.voteComment();
  if (!vote) throw new Error("vote not opened");
  const say = (body: string, user = MEMBERS[0] as { login: string; id: number }) =>
    probot.receive({ id: `c-${body}`, name: "issue_comment", payload: commentOnPull(body, user, fake.labels) });
  return { fake, probot, vote, say, logLines };
}

/** GitHub's `pull_request.closed` for the merge, with the labels the request has at that moment. */
function mergedEvent(labels: readonly string[]) {
  const payload = membershipPull("closed");
  payload.pull_request.merged = true;
  payload.pull_request.state = "closed";
  payload.pull_request.labels = labels.map((name) => ({ name }));
  return { id: "d-closed", name: "pull_request" as const, payload };
}

function welcomes(fake: FakeGitHub) {
  return fake.threadComments(REPO, 2).filter((c) => c.body.includes("Welcome to the Security Working Group, @Codertocat!"));
}

describe("votes by reaction", () => {
  it("passes on a majority of 👍, fills in the dates, merges the request and adds the member to the team", async () => {
    const { fake, vote, say } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[1] as any, "+1");
    fake.react(vote.id, { login: "passerby", id: 4242 }, "-1");
    await say("Looks good to me.", { login: "passerby", id: 4242 });

    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({ kind: "ok", record: { state: "passed" } });
    expect(vote.body).toContain("**Result: PASSED**");
    expect(vote.body).toContain("Ignored, not in the electorate: passerby");
    const put = fake.writes.find((w) => w.path === "contents/MEMBERS.yml");
    expect(put?.body).toMatchObject({ branch: "changes", sha: "blob1" });
    expect(Buffer.from(put?.body.content, "base64").toString()).toContain("    id: 21031067\n    joined: 2026-11-25\n    term_ends: 2027-11-25\n");
    expect(fake.writes.find((w) => w.path === "merge")?.body).toEqual({
      sha: "newsha",
      merge_method: "squash",
      commit_title: "Add @Codertocat to the Security Working Group (#2)",
    });
    expect(fake.writes.find((w) => w.path.includes("/teams/"))?.path).toBe("/orgs/Codertocat/teams/security-team/memberships/Codertocat");
    expect(fake.labels).toEqual(["vote: passed"]);
    expect(fake.checkRuns.filter((r) => r.name === "secwg / vote" && r.head_sha === "newsha")).toMatchObject([{ conclusion: "success" }]);
    expect(fake.trackerIssues).toHaveLength(1);
    expect(fake.threadComments("security-tracker", 1)[0]?.body).toContain("**membership vote on Codertocat/Hello-World#2** (subject Codertocat): **passed**");
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("Welcome to the Security Working Group, @Codertocat!"))).toBe(true);
  });

  it("finishes a close interrupted by a transient GitHub failure when the event is delivered again", async () => {
    const { fake, probot, vote, logLines } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[1] as any, "+1");
    fake.trackerFailures = 1;
    const event = { id: "c-again", name: "issue_comment" as const, payload: commentOnPull("Looks good to me.", { login: "passerby", id: 4242 }, fake.labels) };
    await expect(probot.receive(event)).rejects.toThrow();
    // The vote comment says passed, but nothing after the log ran: the open label is still on.
    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({ kind: "ok", record: { state: "passed" } });
    expect(fake.labels).toEqual(["vote: open"]);

    await probot.receive(event);
    expect(fake.threadComments("security-tracker", 1)).toHaveLength(1);
    expect(fake.labels).toEqual(["vote: passed"]);
    expect(fake.writes.find((w) => w.path === "merge")).toBeDefined();
    expect(logLines.join("")).toContain("finishing an interrupted vote close");
  });

  it("keeps the open label until the welcome is posted, so the merge's own closed event finishes a close that failed after the merge", async () => {
    const { fake, probot, vote } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[1] as any, "+1");
    fake.failComment = /Welcome to the Security Working Group/;
    const comment = { id: "c-pass", name: "issue_comment" as const, payload: commentOnPull("Looks good to me.", { login: "passerby", id: 4242 }, fake.labels) };
    await expect(probot.receive(comment)).rejects.toThrow();
    expect(fake.pull.merged).toBe(true);
    expect(fake.labels).toEqual(["vote: open", "vote: passed"]);
    expect(welcomes(fake)).toEqual([]);

    // GitHub's event for the merge carries the labels as they were then: the open label is still on.
    const closed = mergedEvent(fake.labels);
    await probot.receive(closed);
    expect(welcomes(fake)).toHaveLength(1);
    expect(welcomes(fake)[0]?.body).toContain("You were added to Codertocat/security-team.");
    expect(fake.labels).toEqual(["vote: passed"]);
    expect(fake.writes.filter((w) => w.path.includes("/teams/"))).toHaveLength(1);
    expect(fake.writes.filter((w) => w.path === "merge")).toHaveLength(1);

    // Finished: the failed delivery, delivered again, writes nothing.
    const before = fake.writes.length;
    await probot.receive(comment);
    await probot.receive(closed);
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("welcomes a fork's author on the merge's closed event when the welcome after their push failed", async () => {
    // A fork: secwg cannot push the dates, so it asks the author to, and merges on their push.
    const { fake, probot, vote, say } = await openVote((f) => (f.pull.head = { ...f.pull.head, repo: { ...f.pull.head.repo, full_name: "frank/Hello-World" } }));
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[1] as any, "+1");
    await say("Looks good to me.", { login: "passerby", id: 4242 });
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("secwg cannot edit this branch"))).toBe(true);
    expect(fake.pull.merged).toBe(false);
    expect(fake.labels).toEqual(["vote: passed"]);

    fake.pull.head.sha = "forkdates";
    fake.files.set("MEMBERS.yml@forkdates", { text: `${BASE_ROSTER}${OWN_ENTRY}    joined: 2026-11-25\n    term_ends: 2027-11-25\n`, sha: "blob2" });
    const push = membershipPull("synchronize");
    push.pull_request.head = { ...push.pull_request.head, sha: "forkdates", repo: fake.pull.head.repo };
    push.pull_request.labels = fake.labels.map((name) => ({ name }));
    fake.teamFailures = 1;
    await expect(probot.receive({ id: "d-push", name: "pull_request", payload: push })).rejects.toThrow();
    expect(fake.writes.find((w) => w.path === "merge")?.body).toMatchObject({ sha: "forkdates" });
    // Delivered again, the push finds the request merged and leaves it alone.
    await probot.receive({ id: "d-push", name: "pull_request", payload: push });
    expect(welcomes(fake)).toEqual([]);

    const closed = mergedEvent(fake.labels);
    await probot.receive(closed);
    expect(welcomes(fake)).toHaveLength(1);
    expect(welcomes(fake)[0]?.body).toContain("You were added to Codertocat/security-team.");
    expect(fake.writes.filter((w) => w.path.includes("/teams/"))).toHaveLength(1);

    const before = fake.writes.length;
    await probot.receive(closed);
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("retries a team addition that failed transiently instead of telling the member a maintainer will do it", async () => {
    const { fake, probot, vote } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[1] as any, "+1");
    fake.teamFailures = 1;
    const comment = { id: "c-pass", name: "issue_comment" as const, payload: commentOnPull("Looks good to me.", { login: "passerby", id: 4242 }, fake.labels) };
    await expect(probot.receive(comment)).rejects.toThrow();
    expect(fake.labels).toContain("vote: open");
    await probot.receive(comment);
    const welcome = welcomes(fake);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.body).not.toContain("could not add you");
    expect(fake.teamMembers.get("security-team")?.map((m) => m.id)).toEqual([21031067]);
    expect(fake.labels).toEqual(["vote: passed"]);
  });

  it("fails on a majority of 👎 and closes the request with the tally and a kind message", async () => {
    const { fake, vote, say } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "-1");
    fake.react(vote.id, MEMBERS[1] as any, "-1");
    await say("Sorry, not yet.");

    expect(vote.body).toContain("**Result: FAILED**");
    expect(fake.pull.state).toBe("closed");
    expect(fake.writes.find((w) => w.path === "merge")).toBeUndefined();
    expect(fake.labels).toEqual(["vote: failed"]);
    const message = fake.threadComments(REPO, 2).find((c) => c.body.includes("thank you for offering your time"));
    expect(message?.body).toContain("(0 👍, 2 👎, 0 abstained, 1 not voted; 2 of 3 needed)");
  });

  it("counts every reaction beyond the first page of 100", async () => {
    const { fake, vote, say } = await openVote();
    for (let i = 0; i < 150; i++) fake.react(vote.id, { login: `fan${i}`, id: 10_000 + i }, "+1");
    fake.react(vote.id, MEMBERS[2] as any, "+1");
    await say("Any news?");
    expect(vote.body).toContain("| 1 | 0 | 0 | 2 |");
    expect(fake.responses.filter((r) => r.includes("/reactions"))).toEqual(["200 /repos/Codertocat/Hello-World/issues/comments/" + vote.id + "/reactions", "200 /repos/Codertocat/Hello-World/issues/comments/" + vote.id + "/reactions"]);
  });

  it("names a member who reacted both ways as abstaining and keeps the vote open", async () => {
    const { fake, vote, say } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    fake.react(vote.id, MEMBERS[0] as any, "-1");
    await say("hm");
    expect(vote.body).toContain("Abstained (reacted both 👍 and 👎): alice — remove one of the two reactions to have your vote counted");
    expect(fake.labels).toEqual(["vote: open"]);
  });

  it("writes nothing when a comment arrives and the tally has not changed", async () => {
    const { fake, say } = await openVote();
    const before = fake.writes.length;
    await say("first");
    await say("second");
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("posts the vote again, and says so, when the vote comment is deleted", async () => {
    const { fake, probot, vote } = await openVote();
    fake.threadComments(REPO, 2).splice(0, 1);
    const payload = commentOnPull(vote.body, { login: "alice", id: 1001 }, fake.labels);
    payload.action = "deleted";
    payload.comment.user = { login: "secwg[bot]", id: 99, type: "Bot" };
    await probot.receive({ id: "del", name: "issue_comment", payload });
    const again = fake.voteComment();
    expect(again?.body).toContain("The previous vote comment was deleted");
    expect(parseVoteRecord(again?.body, "test-secret")).toMatchObject({ kind: "ok", record: { state: "open" } });
  });
});

describe("/vote commands", () => {
  it("lets a signer cancel with a reason; the vote stays visible and records who and why", async () => {
    const { fake, vote, say } = await openVote();
    await say("/vote cancel the applicant asked to withdraw", MEMBERS[0]);
    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({
      kind: "ok",
      record: { state: "cancelled", closed: { by: { id: 1001, login: "alice" }, reason: "the applicant asked to withdraw" } },
    });
    expect(fake.labels).toEqual([]);
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("@alice cancelled the vote (reason: the applicant asked to withdraw)"))).toBe(true);
  });

  it("refuses /vote cancel from a member who is not a signer, naming the roles", async () => {
    const { fake, vote, say } = await openVote();
    await say("/vote cancel because", MEMBERS[2]);
    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({ record: { state: "open" } });
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("can only be used by the Chair, the Co-Chair or the Board Liaison"))).toBe(true);
  });

  it("extends a vote once and refuses a second extension", async () => {
    const { fake, vote, say } = await openVote();
    await say("/vote extend 3d", MEMBERS[1]);
    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({ record: { deadline: "2026-12-05T12:00:00.000Z", extended: true } });
    await say("/vote extend 1d", MEMBERS[1]);
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("already extended once"))).toBe(true);
    expect(parseVoteRecord(vote.body, "test-secret")).toMatchObject({ record: { deadline: "2026-12-05T12:00:00.000Z" } });
  });

  it("answers /vote status with the live counts", async () => {
    const { fake, vote, say } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    await say("/vote status", { login: "someone", id: 31337 });
    expect(fake.threadComments(REPO, 2).some((c) => c.body.startsWith("<!-- secwg:reply:777-1 -->\nVote open until 2026-12-02 12:00 UTC: 1 👍"))).toBe(true);
  });

  it("finds a reply posted under the former `<id>-vote-<line>` key, so a redelivered command is not answered twice", async () => {
    const { fake, vote, say } = await openVote();
    fake.react(vote.id, MEMBERS[0] as any, "+1");
    await say("/vote status", { login: "someone", id: 31337 });
    const reply = fake.threadComments(REPO, 2).find((c) => c.body.startsWith("<!-- secwg:reply:777-1 -->")) as { body: string };
    // As the code before the one reply key wrote it.
    reply.body = reply.body.replace("<!-- secwg:reply:777-1 -->", "<!-- secwg:reply:777-vote-1 -->");
    const before = fake.threadComments(REPO, 2).length;
    await say("/vote status", { login: "someone", id: 31337 });
    expect(fake.threadComments(REPO, 2)).toHaveLength(before);
    expect(reply.body.startsWith("<!-- secwg:reply:777-vote-1 -->\nVote open until 2026-12-02 12:00 UTC: 1 👍")).toBe(true);
    // A different answer rewrites that reply under the one key; still no second reply.
    fake.react(vote.id, MEMBERS[1] as any, "-1");
    await say("/vote status", { login: "someone", id: 31337 });
    expect(fake.threadComments(REPO, 2)).toHaveLength(before);
    expect(reply.body.startsWith("<!-- secwg:reply:777-1 -->\nVote open until 2026-12-02 12:00 UTC: 1 👍, 1 👎")).toBe(true);
  });

  it("explains a malformed duration", async () => {
    const { fake, say } = await openVote();
    await say("/vote extend soon", MEMBERS[0]);
    expect(fake.threadComments(REPO, 2).some((c) => c.body.includes("expected a duration like `3d`, `48h` or `1w` of at most 30 days"))).toBe(true);
  });
});
