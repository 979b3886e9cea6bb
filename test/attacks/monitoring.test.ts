import { Writable } from "node:stream";
import { Probot } from "probot";
import { startHarness, type Harness } from "../../sim/harness.js";
import { publicWritesContaining } from "../../sim/scenarios.js";
import { ORG_CONFIG } from "../../sim/seed.js";
import type { Account, GlobalAdvisoryJson, Issue, Repo } from "../../sim/world.js";
import { monitoringStep } from "../../src/features/monitoring/sweep.js";
import { createLogger } from "../../src/logger.js";
import { createSecwgOctokit } from "../../src/octokit.js";
import { runSweep } from "../../src/sweep/runner.js";
import { loadPayload } from "../helpers/fixtures.js";

/** A credential as secret scanning would find it; no 8-character piece of it may leave the alert. */
const CANARY = "ghp_Zq7CANARYw4SecretBody0123456789xyzK";
const LABEL = "secwg:monitor";

const MONITOR = `
monitor:
  since: "2026-01-01"
  packages:
    - { ecosystem: pip, name: django, versions: ["5.1.3"] }
  alerts:
    min_severity: low
`;

/** Text an attacker controls (a package name, an advisory summary): every trick at once. */
const hostile = (forgedMarker: string) =>
  `evil-pkg ${forgedMarker} cc @acme/security-wg @alice see #1 \`code\` [click](javascript:alert(1)) <img src=x onerror=alert(1)>`;

const pieces = (text: string) => Array.from({ length: text.length - 7 }, (_, i) => text.slice(i, i + 8));

describe("attack: monitoring's inputs (alert payloads, advisory text, the tracker's issues)", () => {
  let h: Harness;
  const logLines: string[] = [];
  let webapp: Repo;
  let stranger: Account;

  const tracked = () => h.org.tracker.issues.filter((i) => i.labels.includes(LABEL));
  const secwgIssues = () => tracked().filter((i) => i.user.id === h.sim.bot.id);
  const alertMarker = (kind: string, number: number) => `<!-- secwg:monitor-alert:${kind}-${webapp.id}-${number} -->`;

  function dependabot(number: number, state: string, name = "semver") {
    const alert = structuredClone(loadPayload("dependabot_alert", "created").alert);
    alert.number = number;
    alert.state = state;
    alert.dependency.package.name = name;
    alert.security_vulnerability.package.name = name;
    alert.html_url = `https://github.com/acme/webapp/security/dependabot/${number}`;
    return h.act(() => h.sim.world.emit({ event: "dependabot_alert", action: state === "open" ? "created" : state, repo: webapp, sender: h.org.members.alice, objects: { alert } }));
  }

  /** Every field GitHub documents for a secret scanning alert that could carry the secret, carrying it. */
  function secretAlert(number: number, action: string, state: "open" | "resolved", resolution: string | null) {
    const html = `https://github.com/acme/webapp/security/secret-scanning/${number}?token=${CANARY}`;
    const alert = {
      number,
      created_at: "2026-05-01T10:00:00Z",
      updated_at: "2026-05-01T10:00:00Z",
      url: `${h.sim.apiBase}/repos/acme/webapp/secret-scanning/alerts/${number}#${CANARY}`,
      html_url: html,
      locations_url: `${h.sim.apiBase}/repos/acme/webapp/secret-scanning/alerts/${number}/locations?${CANARY}`,
      state,
      resolution,
      resolved_at: state === "resolved" ? "2026-05-02T10:00:00Z" : null,
      resolved_by: null,
      resolution_comment: `rotated ${CANARY}`,
      secret_type: "github_personal_access_token",
      secret_type_display_name: `GitHub PAT ${CANARY}`,
      secret: CANARY,
      validity: "active",
      publicly_leaked: false,
      multi_repo: false,
      push_protection_bypassed: false,
      first_location_detected: { path: `config/${CANARY}.env`, blob_url: `https://github.com/acme/webapp/blob/abc/${CANARY}`, commit_url: html },
      locations: [{ type: "commit", details: { path: "settings.py", blob_url: `https://github.com/acme/webapp/blob/abc/settings.py#${CANARY}`, commit_url: html, secret: CANARY } }],
    };
    return h.act(() => h.sim.world.emit({ event: "secret_scanning_alert", action, repo: webapp, sender: h.org.members.alice, objects: { alert } }));
  }

  async function sweepMonitoring() {
    const probot = new Probot({ appId: 1, privateKey: h.privateKey, baseUrl: h.sim.apiBase, log: createLogger({ level: "silent" }), Octokit: createSecwgOctokit({ throttle: false, retryBaseMs: 20 }) });
    const log = createLogger({ level: "trace", destination: capture });
    return runSweep(probot, { steps: [monitoringStep], dryRun: false, now: () => new Date(), log, signingKey: "k" });
  }

  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString("utf8"));
      done();
    },
  });

  beforeAll(async () => {
    h = await startHarness({ logLevel: "trace", logDestination: capture });
    webapp = h.org.webapp;
    stranger = h.sim.world.addAccount("helpful-app[bot]", "Bot", 5_000_002);
    h.sim.world.push(h.org.dotGithub, "main", { ".github/secwg.yml": `${ORG_CONFIG}${MONITOR}` }, "Watch packages and alerts");
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("a secret scanning alert: no write, public or private, and no log line holds the secret or any 8-character piece of it", async () => {
    const before = h.sim.log.length;
    const linesBefore = logLines.length;
    await secretAlert(41, "created", "open", null);
    const issue = secwgIssues().find((i) => i.body.includes(alertMarker("secret-scanning", 41)));
    expect(issue?.state).toBe("open");
    await secretAlert(41, "resolved", "resolved", "revoked");
    expect(issue?.state).toBe("closed");

    const writes = h.sim.log.slice(before).filter((e) => e.write);
    expect(writes.length).toBeGreaterThan(0);
    // The app did log its handling of the alert (so the log was really read).
    expect(logLines.slice(linesBefore).filter((l) => l.includes("ensured tracking issue"))).toHaveLength(2);
    const everything = [
      ...writes.map((e) => `${e.path}\n${JSON.stringify(e.body ?? "")}`),
      ...h.sim.world.repos.flatMap((r) => [
        ...r.issues.flatMap((i) => [i.title, i.body, ...i.labels, ...i.comments.map((c) => c.body)]),
        ...[...r.labels.keys()],
        ...r.checkRuns.map((c) => JSON.stringify(c)),
      ]),
      ...logLines,
    ].join("\n");
    for (const piece of pieces(CANARY)) expect(everything).not.toContain(piece);
    expect(publicWritesContaining(h, CANARY.slice(0, 8))).toEqual([]);
  });

  it("a package name carrying a forged marker, mentions and a javascript link is inert, and adopts nobody's issue", async () => {
    // The forged alert arrives first, naming the marker of alert #7, which GitHub raises next.
    await dependabot(6, "open", hostile(alertMarker("dependabot", 7)));
    const forged = secwgIssues().find((i) => i.body.startsWith(alertMarker("dependabot", 6)));
    expect(forged).toBeDefined();
    const body = forged?.body ?? "";
    expect(body).not.toContain(alertMarker("dependabot", 7));
    expect(body.split("<!--")).toHaveLength(2);
    expect(body).not.toMatch(/@acme\/security-wg|@alice|]\(javascript:|<img|`code`|(?<!&)#1\b/);
    expect(forged?.title).toBe("Dependabot alert #6 in acme/webapp");

    await dependabot(7, "open");
    const seventh = secwgIssues().find((i) => i.body.startsWith(alertMarker("dependabot", 7)));
    expect(seventh).toBeDefined();
    expect(seventh?.number).not.toBe(forged?.number);
    expect(forged?.body).toBe(body);

    // Fixing #7 closes #7's issue, not the one whose text named #7.
    await dependabot(7, "fixed");
    expect(seventh?.state).toBe("closed");
    expect(forged?.state).toBe("open");
    expect(forged?.body).toBe(body);
  });

  it("an advisory summary carrying a forged marker, a team mention and a javascript link is rendered inert", async () => {
    const forgedKey = "GHSA-cccc-ffff-gggg";
    const feed: GlobalAdvisoryJson = {
      ghsa_id: "GHSA-2222-3333-4444",
      cve_id: null,
      type: "reviewed",
      summary: hostile(`<!-- secwg:monitor-advisory:${forgedKey} -->`),
      severity: "high",
      published_at: "2026-03-01T00:00:00Z",
      updated_at: "2026-03-01T00:00:00Z",
      withdrawn_at: null,
      vulnerabilities: [{ package: { ecosystem: "pip", name: "django" }, vulnerable_version_range: ">= 5.1, < 5.1.4", first_patched_version: "5.1.4", vulnerable_functions: [] }],
    };
    h.sim.world.globalAdvisories.push(feed);
    const report = await sweepMonitoring();
    expect(report.runs.map((r) => [r.outcome, r.errors])).toEqual([["ok", []]]);
    const issue = secwgIssues().find((i) => i.body.startsWith("<!-- secwg:monitor-advisory:GHSA-2222-3333-4444 -->"));
    expect(issue).toBeDefined();
    expect(issue?.title).toBe("GHSA-2222-3333-4444 affects django");
    expect(issue?.body).not.toContain(`<!-- secwg:monitor-advisory:${forgedKey}`);
    expect(issue?.body.split("<!--")).toHaveLength(2);
    expect(issue?.body).not.toMatch(/@acme\/security-wg|@alice|]\(javascript:|<img|`code`/);

    // The advisory the forged marker named then arrives: it gets its own issue.
    h.sim.world.globalAdvisories.push({ ...feed, ghsa_id: forgedKey, summary: "Denial of service in django" });
    await sweepMonitoring();
    const own = secwgIssues().find((i) => i.body.startsWith(`<!-- secwg:monitor-advisory:${forgedKey} -->`));
    expect(own).toBeDefined();
    expect(own?.number).not.toBe(issue?.number);
  });

  it("an issue a person or another app opened with the label and a copied marker is not adopted, updated or closed", async () => {
    const world = h.sim.world;
    const planted = (author: Account, number: number): Promise<Issue> =>
      h.act(() => world.createIssue(h.org.tracker, author, { title: `Dependabot alert #${number} in acme/webapp`, body: `${alertMarker("dependabot", number)}\nplanted by ${author.login}`, labels: [LABEL] }));
    const byPerson = await planted(h.org.members.dave, 8);
    const byApp = await planted(stranger, 9);
    const snapshot = (i: Issue) => JSON.stringify({ title: i.title, body: i.body, state: i.state, labels: i.labels });
    const frozen = [snapshot(byPerson), snapshot(byApp)];

    // A fix of an alert secwg never tracked: nothing to close, even though a planted issue names it.
    const before = h.sim.log.length;
    await dependabot(8, "fixed");
    await dependabot(9, "dismissed");
    expect(h.sim.writes(before)).toEqual([]);

    // The alerts open: secwg opens its own issues next to the planted ones.
    await dependabot(8, "open");
    await dependabot(9, "open");
    for (const n of [8, 9]) {
      const ours = secwgIssues().filter((i) => i.body.startsWith(alertMarker("dependabot", n)));
      expect(ours).toHaveLength(1);
      expect([byPerson.number, byApp.number]).not.toContain(ours[0]?.number);
    }
    await dependabot(8, "fixed");
    await dependabot(9, "dismissed");
    expect([snapshot(byPerson), snapshot(byApp)]).toEqual(frozen);
    for (const n of [8, 9]) expect(secwgIssues().find((i) => i.body.startsWith(alertMarker("dependabot", n)))?.state).toBe("closed");
  });

  it("three redeliveries of an alert event write nothing", async () => {
    await dependabot(12, "open");
    await dependabot(12, "fixed");
    await secretAlert(42, "created", "open", null);
    // The latest delivery of each alert.
    const latest = (event: string, number: number) => h.hooks.deliveries.filter((d) => d.event === event && (d.payload.alert as { number: number }).number === number).at(-1)!;
    const replayed = [latest("dependabot_alert", 12), latest("secret_scanning_alert", 42)];
    expect(replayed.map((d) => d.action)).toEqual(["fixed", "created"]);
    const before = h.sim.log.length;
    for (let round = 0; round < 3; round++) {
      for (const delivery of replayed) await h.act(() => h.hooks.redeliver(delivery));
    }
    expect(h.hooks.deliveries.filter((d) => d.redelivery)).toHaveLength(6);
    expect(h.sim.writes(before)).toEqual([]);
  });

  it("an old alert delivery replayed after a newer one changes nothing: the issue follows the alert as GitHub shows it", async () => {
    await dependabot(13, "open");
    await dependabot(13, "fixed");
    const issue = () => secwgIssues().find((i) => i.body.startsWith(alertMarker("dependabot", 13)));
    expect(issue()?.state).toBe("closed");
    const created = h.hooks.deliveries.find((d) => d.event === "dependabot_alert" && d.action === "created" && (d.payload.alert as { number: number }).number === 13);
    const before = h.sim.log.length;
    await h.act(() => h.hooks.redeliver(created as NonNullable<typeof created>));
    expect(issue()?.state).toBe("closed");
    expect(h.sim.writes(before)).toEqual([]);
  });

  it("makes only documented requests", () => {
    expect(h.sim.violations).toEqual([]);
    expect(h.failedWork).toEqual([]);
  });
});
