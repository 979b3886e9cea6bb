import { OctokitGateway } from "../../../src/github/octokit-gateway.js";
import { createSecwgOctokit } from "../../../src/octokit.js";
import { votesStep } from "../../../src/features/votes/sweep.js";
import type { SweepContext } from "../../../src/sweep/types.js";
import { parseVoteRecord } from "../../../src/core/vote/vote-record.js";
import { captureLogger, createTestProbot, useStrictNock } from "../../helpers/probot.js";
import { MEMBERS, membershipPull, setUpFake, voteApp, KEY } from "./vote-scenario.js";
import type { FakeGitHub } from "./vote-fake-github.js";
import { runInstallationStep } from "../../../src/sweep/runner.js";

useStrictNock();

async function openVote(): Promise<FakeGitHub> {
  const fake = setUpFake();
  const { probot } = await createTestProbot(voteApp());
  await probot.receive({ id: "d1", name: "pull_request", payload: membershipPull() });
  return fake;
}

function sweepContext(now: Date): SweepContext {
  const Octokit = createSecwgOctokit({ throttle: false, retry: false });
  const octokit = new Octokit({ auth: { token: "ghs_sweeptoken" } } as any);
  const gateway = new OctokitGateway(octokit);
  return { installation: { id: 2, account: "Codertocat" }, gateway, octokit, now, log: captureLogger().log, signingKey: KEY };
}

describe("sweep: votes", () => {
  it("closes a vote as failed when its deadline passes without a majority, and closes the request", async () => {
    const fake = await openVote();
    const vote = fake.voteComment() as any;
    fake.react(vote.id, MEMBERS[0] as any, "+1");

    const early = await votesStep.run(sweepContext(new Date("2026-11-30T12:00:00Z")));
    expect(early).toEqual({ actions: ["update tally of Codertocat/Hello-World#2"], errors: [] });
    expect(fake.pull.state).toBe("open");

    const due = await votesStep.run(sweepContext(new Date("2026-12-02T12:00:01Z")));
    expect(due).toEqual({ actions: ["close vote Codertocat/Hello-World#2: failed"], errors: [] });
    expect(parseVoteRecord(vote.body, KEY)).toMatchObject({ record: { state: "failed" } });
    expect(vote.body).toContain("the deadline passed without a majority of 👍");
    expect(fake.pull.state).toBe("closed");
    expect(fake.labels).toEqual(["vote: failed"]);

    const after = await votesStep.run(sweepContext(new Date("2026-12-03T12:00:00Z")));
    expect(after).toEqual({ actions: [], errors: [] });
  });

  it("reports what it would close and writes nothing in a dry run", async () => {
    const fake = await openVote();
    const before = fake.writes.length;
    const report = await runInstallationStep(votesStep, sweepContext(new Date("2026-12-09T00:00:00Z")), { dryRun: true });
    expect(report.actions).toEqual([
      "would edit comment 5001 in Codertocat/Hello-World",
      'would ensure check "secwg / vote" on Codertocat/Hello-World@ec26c3e: failure',
      "would ensure the votes-log issue in Codertocat/security-tracker [secwg: votes log]",
      "would ensure the vote-log comment on the new issue in Codertocat/security-tracker",
      "would ensure labels on Codertocat/Hello-World#2 (+vote: failed)",
      "would ensure the vote-result comment on Codertocat/Hello-World#2",
      "would close pull request Codertocat/Hello-World#2",
      "would ensure labels on Codertocat/Hello-World#2 (-vote: open)",
    ]);
    expect(fake.writes.slice(before)).toEqual([]);
  });

  it("re-checks an unchanged vote with conditional requests only (every answer a 304)", async () => {
    const fake = await openVote();
    fake.etags = true;
    await votesStep.run(sweepContext(new Date("2026-11-26T00:00:00Z")));
    fake.responses.length = 0;
    const writes = fake.writes.length;
    const report = await votesStep.run(sweepContext(new Date("2026-11-26T01:00:00Z")));
    expect(report).toEqual({ actions: [], errors: [] });
    expect(fake.responses.length).toBeGreaterThan(0);
    expect(fake.responses.filter((r) => !r.startsWith("304"))).toEqual([]);
    expect(fake.writes.length).toBe(writes);
  });
});
