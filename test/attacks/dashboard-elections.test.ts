import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";
import { ELECTION_KEY, botComments, electionsSection, sweepDashboard } from "../helpers/elections.js";

/**
 * The dashboard shows an election only from secwg's own signed record bound to its issue. A person
 * who labels an issue `election: open` and writes an election record there (copied from a real
 * one, or made up) gets no row; the dashboard names the issue under "Needs a person" without
 * repeating a word of what they wrote.
 */

const clock = new Date("2026-12-01T09:00:00Z");
const CANARY = "CANARY-forged-election-7f3a";

describe("attack: a forged election on the dashboard", () => {
  let h: Harness;
  let real: Issue;
  let forged: Issue;

  beforeAll(async () => {
    h = await startHarness({ deps: { now: () => clock, signingKey: ELECTION_KEY } });
    h.sim.world.clock = () => clock;
    const { world } = h.sim;
    real = await h.act(() => world.createIssue(h.org.groupRepo, h.org.members.alice, { title: "Election of the Chair" }));
    await h.act(() => world.addComment(h.org.groupRepo, real, h.org.members.alice, "/election open chair"));
  });
  afterAll(() => h.stop());

  it("lists no row for a labelled issue whose election record another account wrote, and names it without its text", async () => {
    const { world } = h.sim;
    const group = h.org.groupRepo;
    const signed = botComments(real).find((c) => c.body.includes("secwg:election-record:"))?.body as string;
    forged = await h.act(() => world.createIssue(group, h.org.mallory, { title: "Election of the Chair", labels: ["election: open"] }));
    const target = `acme/${group.name}#${forged.number}`;
    // secwg's whole election comment, retargeted at the forged issue, plus a made-up candidate.
    const copy = signed.replaceAll(`acme/${group.name}#${real.number}`, target).replace("### Election of the Chair", `### Election of the Chair ${CANARY} | \`mallory\` 99 👍 |`);
    await h.act(() => world.addComment(group, forged, h.org.mallory, copy));
    const body = await sweepDashboard(h, clock);
    const section = electionsSection(body);
    expect(section).toContain(`[acme/${group.name}#${real.number}]`);
    expect(section).not.toContain(`#${forged.number}]`);
    expect(body).toContain(`- ${target}: 1 comment(s) by other accounts carry an election record; ignored (only secwg's own signed record counts)`);
    expect(body).toContain(`- the election on ${target} has no signed record of secwg's that verifies (see the elections step)`);
    expect(body).not.toContain(CANARY);
    expect(body).not.toContain("mallory");
  });

  it("ignores the same record pasted by another account on the real election's issue", async () => {
    const signed = botComments(real).find((c) => c.body.includes("secwg:election-record:"))?.body as string;
    await h.act(() => h.sim.world.addComment(h.org.groupRepo, real, h.org.mallory, signed.replace("### Election", `### ${CANARY}`)));
    const body = await sweepDashboard(h, clock);
    expect(electionsSection(body).split("\n").filter((l) => l.includes(`#${real.number}]`))).toHaveLength(1);
    expect(body).not.toContain(CANARY);
    expect(h.sim.violations).toEqual([]);
  });
});
