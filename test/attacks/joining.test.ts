import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { renderConfirmation, renderOnBehalfBody, targetKey } from "../../src/core/membership/on-behalf.js";

/**
 * Attacks on joining on someone's behalf: `/propose-member` by someone who is not a signer,
 * `/confirm` by anyone but the candidate, forged proposal and confirmation records, and a passed
 * vote on a request its candidate never confirmed.
 */

const clock = new Date("2026-12-01T09:00:00Z");

describe("attack: joining on someone's behalf", () => {
  let h: Harness;
  let request: Issue;
  let pr: Issue;
  const bot = () => h.sim.bot.id;
  const ours = (thread: Issue, marker: string) => thread.comments.filter((c) => c.user.id === bot() && c.body.includes(marker));
  const membershipCheck = () => h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === "secwg / membership").sort((a, b) => b.id - a.id)[0];
  const botPulls = () => h.org.groupRepo.issues.filter((i) => i.pull && i.user.id === bot());

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock } });
    request = h.sim.world.createIssue(h.org.groupRepo, h.org.members.dave, { title: "Someone wrote to ask to join", body: "By e-mail." });
    await h.settle();
  });
  afterAll(() => h.stop());

  it("refuses /propose-member by a member who is not a signer, and by an outsider, opening nothing", async () => {
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, request, h.org.members.dave, "/propose-member @mallory"));
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, request, h.org.mallory, "/propose-member @mallory"));
    expect(botPulls()).toEqual([]);
    const replies = request.comments.filter((c) => c.user.id === bot());
    expect(replies).toHaveLength(2);
    for (const reply of replies) expect(reply.body).toContain("`/propose-member` can only be used by");
  });

  it("refuses /confirm by anyone but the candidate, and records no confirmation", async () => {
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, request, h.org.members.alice, "/propose-member @frank"));
    pr = botPulls()[0] as Issue;
    expect(pr).toBeDefined();
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.mallory, "/confirm"));
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.members.alice, "/confirm"));
    expect(ours(pr, "only the person this request was opened for can confirm it")).toHaveLength(2);
    expect(ours(pr, "<!-- secwg:membership-confirmed:")).toEqual([]);
    expect(membershipCheck()).toMatchObject({ status: "in_progress" });
  });

  it("never merges a passed vote that the candidate did not confirm, however often the sweep runs", async () => {
    const vote = ours(pr, "<!-- secwg:vote:")[0];
    for (const m of [h.org.members.alice, h.org.members.bob, h.org.members.carol]) h.sim.world.react(vote as never, m, "+1");
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.members.dave, "Counting again."));
    await h.sweep(new Date("2026-12-02T09:00:00Z"));
    await h.sweep(new Date("2026-12-09T09:00:00Z"));
    expect(pr.labels).toContain("vote: passed");
    expect(pr.pull?.merged).toBe(false);
    expect(membershipCheck()).toMatchObject({ status: "in_progress" });
  });

  it("ignores a confirmation record someone else writes, even when a push asks secwg to judge the request again", async () => {
    const target = targetKey({ owner: h.org.groupRepo.owner.login, repo: h.org.groupRepo.name, issue_number: pr.number });
    const forged = renderConfirmation({ v: 1, target, subject: h.org.frank.id, comment: 1 }, "frank", "not-the-app-secret");
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.members.dave, forged));
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.frank, `Looks good.\n${forged}`));
    // A person with write access pushes to the branch: the request is judged again and a passed vote would merge.
    const text = h.sim.world.filesAt(h.org.groupRepo, pr.pull?.head.sha)?.get("MEMBERS.yml") as string;
    await h.act(() => h.sim.world.pushToPull(h.org.groupRepo, pr, h.org.members.dave, { "MEMBERS.yml": `${text}# checked\n` }));
    expect(pr.pull?.merged).toBe(false);
    expect(membershipCheck()).toMatchObject({ status: "in_progress" });
  });

  it.each([
    ["naming another person on their own branch", "mallory"],
    ["naming the same candidate, signed with another key", "frank"],
  ] as const)("ignores a proposal record edited into the request (%s): even the named person's /confirm records nothing", async (_name, who) => {
    const person = who === "mallory" ? h.org.mallory : h.org.frank;
    const first = pr.body.split("\n", 1)[0] as string;
    const forged = renderOnBehalfBody(
      { v: 1, repo: `${h.org.groupRepo.owner.login}/${h.org.groupRepo.name}`.toLowerCase(), branch: `secwg/join-${person.id}`, subject: { id: person.id, login: who }, proposer: { id: h.org.members.alice.id, login: "alice" }, comment: 1 },
      "not-the-app-secret",
    );
    pr.body = pr.body.replace(first, forged.split("\n", 1)[0] as string);
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, person, "/confirm"));
    expect(ours(pr, "<!-- secwg:membership-confirmed:")).toEqual([]);
    expect(pr.pull?.merged).toBe(false);
    pr.body = pr.body.replace(forged.split("\n", 1)[0] as string, first);
  });

  it("does not let a record copied into a person's own pull request make it secwg's", async () => {
    const roster = h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") ?? "";
    const copy = h.sim.world.openPull(h.org.groupRepo, h.org.members.dave, {
      title: "Membership request: frank",
      body: pr.body,
      branch: "join-frank-copy",
      changes: { "MEMBERS.yml": `${roster.trimEnd()}\n  - login: frank\n    id: ${h.org.frank.id}\n    roles: [member]\n` },
    });
    await h.settle();
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, copy, h.org.frank, "/confirm"));
    expect(ours(copy, "<!-- secwg:membership-confirmed:")).toEqual([]);
    const check = h.org.groupRepo.checkRuns.filter((r) => r.head_sha === copy.pull?.head.sha && r.name === "secwg / membership").sort((a, b) => b.id - a.id)[0];
    expect(check?.conclusion).toBe("failure");
    expect(check?.output?.summary).toContain("but this request was opened by @dave");
  });

  it("merges only after the candidate's own /confirm, and makes only documented requests", async () => {
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, pr, h.org.frank, "/confirm"));
    expect(pr.pull?.merged).toBe(true);
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
