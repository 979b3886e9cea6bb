import { startHarness, type Harness } from "../../sim/harness.js";
import { membershipVote, vulnerabilityReport, REPORT_CANARY } from "../../sim/scenarios.js";
import type { Advisory } from "../../sim/world.js";
import { run as audit } from "../../src/cli/audit.js";
import type { Gateway } from "../../src/github/gateway.js";
import { operatorGateway } from "../helpers/operator.js";


describe("end to end: secwg audit recomputes a vote and a publication from the simulator", () => {
  let h: Harness;
  let gateway: Gateway;
  const run = async (args: string[] = []) => {
    const out: string[] = [];
    const code = await audit(["--org", "acme", "--json", ...args], { gatewayFor: async () => gateway, signingKey: h.hooks.options.secret, print: (t) => void out.push(t), note: (t) => void out.push(t) });
    return { code, rows: JSON.parse(out.join("")) as Array<{ kind: string; subject: string; verdict: string; code: string }>, text: out.join("") };
  };

  beforeAll(async () => {
    h = await startHarness();
    await membershipVote.run(h, () => {});
    await vulnerabilityReport.run(h, () => {});
    gateway = await operatorGateway(h);
  }, 90_000); // two whole scenarios on a shared machine
  afterAll(async () => {
    await h?.stop();
  });

  it("agrees on the closed vote, the report's log and its publication", async () => {
    const { code, rows } = await run();
    expect(rows.map((r) => [r.kind, r.verdict, r.code])).toEqual([
      ["vote", "agrees", "vote-recomputed"],
      ["log", "agrees", "chain-intact"],
      ["publication", "agrees", "publication-approved"],
      // The seeded roster gives Dave and Erin tracker access directly: no signed grant to recompute.
      ["grant", "cannot-verify", "grant-not-recorded"],
      ["grant", "cannot-verify", "grant-not-recorded"],
    ]);
    expect(code).toBe(0);
  });

  it("disagrees (exit 1) once the published advisory is edited after approval, without printing its text", async () => {
    const advisory = h.org.webapp.advisories[0] as Advisory;
    advisory.description = `${advisory.description ?? ""} (edited after the sign-off)`;
    const { code, rows, text } = await run();
    expect(rows.find((r) => r.kind === "publication")).toEqual(expect.objectContaining({ subject: advisory.ghsa_id, verdict: "disagrees", code: "advisory-changed-after-approval" }));
    expect(code).toBe(1);
    expect(text).not.toContain(REPORT_CANARY);
  });

  it("makes only documented requests with valid bodies", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
