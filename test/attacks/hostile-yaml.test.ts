import { openFranksMembershipRequest } from "../../sim/scenarios.js";
import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";

/**
 * A roster change whose `roles` is a tree of YAML aliases: `levels` levels of `fanout` aliases each
 * repeat the level below by reference, so the text is small and the tree it stands for is huge.
 */
export function aliasBombRoster(roster: string, user: { login: string; id: number }, levels: number, fanout: number): string {
  const lines = [roster.trimEnd(), `  - login: ${user.login}`, `    id: ${user.id}`, `    name: &l0 [${Array(fanout).fill("x").join(", ")}]`];
  for (let i = 1; i <= levels; i++) lines.push(`    n${i}: &l${i} [${Array(fanout).fill(`*l${i - 1}`).join(", ")}]`);
  lines.push(`    roles: [*l${levels}]`, "");
  return lines.join("\n");
}

describe("attack: a YAML alias bomb in a membership request", () => {
  let h: Harness;
  let pr: Issue;

  beforeAll(async () => {
    h = await startHarness();
    await h.act(() => {
      pr = openFranksMembershipRequest(h);
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("refuses a pushed roster with aliases at once, naming the anchor, without expanding it", async () => {
    const { groupRepo, frank } = h.org;
    const roster = h.sim.world.filesAt(groupRepo)?.get("MEMBERS.yml") ?? "";
    // 8⁷ ≈ 2 million leaves behind 1 KB of text: the unbounded handler spends seconds and hundreds of MB on it.
    const bomb = aliasBombRoster(roster, frank, 7, 8);
    expect(bomb.length - roster.length).toBeLessThan(1_400);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    await h.act(() => h.sim.world.pushToPull(groupRepo, pr, frank, { "MEMBERS.yml": bomb }, "Add me, compactly"));
    const elapsed = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    const head = pr.pull?.head.sha;
    const check = groupRepo.checkRuns.filter((r) => r.head_sha === head && r.name === "secwg / membership").sort((a, b) => b.id - a.id)[0];
    expect(check?.conclusion).toBe("failure");
    const text = JSON.stringify(check?.output ?? {});
    expect(text).toContain("YAML anchors and aliases are not allowed (`&l0` at line");
    expect(text).not.toContain("x, x, x");
    expect(elapsed).toBeLessThan(1_500);
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    expect(h.failedWork).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});
