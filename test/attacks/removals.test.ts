import { Writable } from "node:stream";
import { startHarness, type Harness } from "../../sim/harness.js";
import { publicWritesContaining } from "../../sim/scenarios.js";
import type { Issue } from "../../sim/world.js";
import { parseRosterYaml } from "../../src/core/roster.js";

/**
 * Attacks on removals (roster: alice chair, bob co-chair, carol board liaison, dave and erin
 * members; mallory is not a member): a stranger's `/remove`, the reason leaking to a public place
 * or a log line, approvals of an older head counted after a push, `/consulted` by someone other
 * than the Board Liaison, the Co-Chair deciding their own removal, and a removal pull request
 * opened by a person with a genuine signed record copied into it.
 */

const CANARY = "CANARY-removal-attack-91d2";

describe("attack: removals", () => {
  let h: Harness;
  const logLines: string[] = [];
  const members = () => h.org.members;
  const roster = () => parseRosterYaml(h.sim.world.filesAt(h.org.groupRepo)?.get("MEMBERS.yml") as string, "MEMBERS.yml");
  const openRemoval = () => h.org.groupRepo.issues.filter((i) => i.pull && i.state === "open" && i.title === "Removal of a member");
  const check = (pr: Issue) => h.org.groupRepo.checkRuns.filter((r) => r.head_sha === pr.pull?.head.sha && r.name === "secwg / removal" && r.external_id === `removal:acme/security-wg#${pr.number}`).sort((a, b) => b.id - a.id)[0];
  const say = (issue: Issue, who: "alice" | "bob" | "carol" | "dave" | "erin" | "mallory", body: string) =>
    h.act(() => h.sim.world.addComment(h.org.groupRepo, issue, who === "mallory" ? h.sim.world.account("mallory") : members()[who], body));
  const approve = (pr: Issue, who: "alice" | "bob") => h.act(() => h.sim.world.submitReview(h.org.groupRepo, pr, members()[who], "APPROVED"));
  const concern = () => h.sim.world.createIssue(h.org.groupRepo, members().dave, { title: "A concern" });

  beforeAll(async () => {
    h = await startHarness({ deps: { signingKey: "k" }, logLevel: "info", logDestination: new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }) });
  });
  afterAll(() => h.stop());

  it("a non-member's /remove is refused: no pull request, nothing in the tracker", async () => {
    const issue = concern();
    await say(issue, "mallory", `/remove @erin ${CANARY} spite`);
    expect(issue.comments.at(-1)?.body).toContain("can only be used by a member of the group");
    expect(openRemoval()).toEqual([]);
    expect(h.org.tracker.issues.find((i) => i.title === "Removals log")).toBeUndefined();
  });

  it("the reason reaches only the private tracker, escaped: no public write and no log line carries it", async () => {
    const issue = concern();
    await say(issue, "dave", `/remove @erin ${CANARY} ask @alice about [this](https://example.com)`);
    const [pr] = openRemoval();
    expect(pr).toBeDefined();
    const entry = h.org.tracker.issues.find((i) => i.title === "Removals log")?.comments.find((c) => c.body.includes(CANARY));
    expect(entry?.body).toContain(CANARY);
    expect(entry?.body).not.toContain("@alice");
    expect(entry?.body).not.toContain("[this](https://example.com)");
    expect(publicWritesContaining(h, CANARY)).toEqual([]);
    expect(logLines.filter((l) => l.includes(CANARY))).toEqual([]);
  });

  it("approvals of an older head do not count after a push; approvals at the new head do", async () => {
    const pr = openRemoval()[0] as Issue;
    await approve(pr, "alice");
    await approve(pr, "bob");
    const text = h.sim.world.filesAt(h.org.groupRepo, pr.pull?.head.ref)?.get("MEMBERS.yml") as string;
    await h.act(() => h.sim.world.pushToPull(h.org.groupRepo, pr, members().dave, { "MEMBERS.yml": `${text}# touched\n` }));
    await h.act(() => h.sim.world.pushToPull(h.org.groupRepo, pr, members().dave, { "MEMBERS.yml": text }));
    await say(pr, "carol", "/consulted");
    expect(pr.pull?.merged).toBe(false);
    expect(check(pr)?.output.summary).toContain("the Chair's approval of");
    expect(check(pr)?.output.summary).toContain("(their approval was of an earlier commit)");
    await approve(pr, "alice");
    await approve(pr, "bob");
    expect(pr.pull?.merged).toBe(true);
    expect(roster().byId(members().erin.id)).toBeUndefined();
  });

  it("/consulted by someone other than the Board Liaison is refused and counts for nothing", async () => {
    await say(concern(), "carol", "/remove @dave absent");
    const pr = openRemoval()[0] as Issue;
    await approve(pr, "alice");
    await approve(pr, "bob");
    await say(pr, "alice", "/consulted");
    expect(pr.comments.at(-1)?.body).toContain("can only be used by the Board Liaison");
    expect(pr.pull?.merged).toBe(false);
    expect(check(pr)?.output.summary).toContain("missing: the Board Liaison's `/consulted`");
  });

  it("the Co-Chair as the subject cannot pass by the Chair and Co-Chair path", async () => {
    await say(concern(), "dave", "/remove @bob absent");
    const pr = openRemoval().find((p) => p.body.includes(`member ${members().bob.id}`)) as Issue;
    await approve(pr, "alice");
    await approve(pr, "bob");
    await say(pr, "carol", "/consulted");
    expect(pr.pull?.merged).toBe(false);
    expect(check(pr)?.output.summary).toContain("the member being removed is the Co-Chair; only the vote can remove a signer");
    expect(roster().byId(members().bob.id)?.roles).toEqual(["co-chair"]);
  });

  it("a person's pull request on secwg's branch with a genuine record copied into it is not a removal", async () => {
    const genuine = openRemoval().find((p) => p.body.includes(`member ${members().dave.id}`)) as Issue;
    genuine.state = "closed";
    const forged = h.sim.world.openPullFromBranch(h.org.groupRepo, members().erin, { title: "Removal of a member", body: genuine.body, head: genuine.pull?.head.ref as string });
    await h.act(() => Promise.resolve());
    await approve(forged, "alice");
    await approve(forged, "bob");
    await say(forged, "carol", "/consulted");
    expect(forged.comments.at(-1)?.body).toContain("applies only to an open removal pull request secwg opened");
    expect(forged.pull?.merged).toBe(false);
    expect(check(forged)).toBeUndefined();
    expect(roster().byId(members().dave.id)).toBeDefined();
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
  });
});
