import { readGlobalAdvisory, type GlobalAdvisory } from "../../src/core/monitoring/advisory.js";
import { monitoringStep } from "../../src/features/monitoring/sweep.js";
import type { SweepContext } from "../../src/sweep/types.js";
import { loadPayload } from "../helpers/fixtures.js";
import { captureLogger } from "../helpers/probot.js";
import { FakeGateway } from "./fake-gateway.js";
import { runInstallationStep } from "../../src/sweep/runner.js";

const POLICY = `
monitor:
  since: "2018-01-01"
  packages:
    - { ecosystem: pip, name: django, versions: ["2.0.1"] }
    - { ecosystem: pip, name: asgiref }
    - { ecosystem: npm, name: left-pad, versions: ["1.3.0"] }
`;

function djangoAdvisory(): GlobalAdvisory {
  return readGlobalAdvisory(loadPayload("security_advisory", "published").security_advisory)!;
}

function context(fake: FakeGateway): SweepContext {
  return { installation: { id: 2, account: "acme" }, gateway: fake.gateway(), octokit: {} as never, now: new Date("2026-11-25T00:00:00Z"), log: captureLogger().log, signingKey: "k" };
}

describe("sweep: monitoring polls the advisory database", () => {
  it("asks once per ecosystem for the watched packages, opens what matters, and writes nothing on an unchanged feed", async () => {
    const fake = new FakeGateway("acme").setConfig(POLICY);
    fake.advisories = [djangoAdvisory()];
    const first = await monitoringStep.run(context(fake));
    expect(fake.reads.filter((r) => r.startsWith("advisories"))).toEqual(["advisories pip asgiref,django >=2018-01-01", "advisories npm left-pad >=2018-01-01"]);
    expect(first.actions).toEqual(["created: ensure issue in acme/security-tracker: GHSA-rf4j-j272-fj86 affects a watched package"]);
    const second = await monitoringStep.run(context(fake));
    expect(second).toEqual({ actions: [], errors: [] });
    expect(fake.writes).toHaveLength(1);
  });

  it("closes the issue of an advisory GitHub has since withdrawn", async () => {
    const fake = new FakeGateway("acme").setConfig(POLICY);
    fake.advisories = [djangoAdvisory()];
    await monitoringStep.run(context(fake));
    fake.advisories = [{ ...djangoAdvisory(), withdrawnAt: "2019-01-01T00:00:00Z" }];
    await monitoringStep.run(context(fake));
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "not_planned" });
  });

  it("renders the plan and writes nothing in a dry run", async () => {
    const fake = new FakeGateway("acme").setConfig(POLICY);
    fake.advisories = [djangoAdvisory()];
    const report = await runInstallationStep(monitoringStep, context(fake), { dryRun: true });
    expect(report.actions).toEqual(["would ensure the monitor-advisory issue in acme/security-tracker [secwg:monitor]"]);
    expect(fake.writes).toEqual([]);
  });

  it("does nothing where the organization has no tracker, and reports an invalid policy", async () => {
    const noTracker = new FakeGateway("acme").setConfig(POLICY);
    noTracker.repos.delete("acme/security-tracker");
    expect(await monitoringStep.run(context(noTracker))).toEqual({ actions: [], errors: [] });
    const invalid = new FakeGateway("acme").setConfig("monitor:\n  packages: [{ ecosystem: cobol, name: x }]\n");
    expect(await monitoringStep.run(context(invalid))).toEqual({ actions: [], errors: ["acme: configuration unusable (config-invalid)"] });
  });
});
