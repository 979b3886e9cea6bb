import nock from "nock";
import { createTestApp, useStrictNock } from "../helpers/probot.js";
import { loadPayload } from "../helpers/fixtures.js";
import { FakeGateway } from "./fake-gateway.js";

useStrictNock();

const POLICY = `
monitor:
  packages:
    - { ecosystem: pip, name: django, versions: ["2.0.1", "1.11.5"] }
    - { ecosystem: npm, name: left-pad }
  alerts:
    min_severity: medium
    exclude: [sandbox]
`;

function world(policy = POLICY): FakeGateway {
  const fake = new FakeGateway("Codertocat").setConfig(policy);
  fake.repos.set("Codertocat/Hello-World", { private: false });
  return fake;
}

async function deliver(fake: FakeGateway, name: string, payload: Record<string, unknown>, id = "d-1") {
  const { probot, logLines } = await createTestApp({ gatewayFor: () => fake.gateway() });
  await probot.receive({ id, name, payload } as never);
  return logLines;
}

describe("security_advisory: one tracker issue per advisory that concerns a watched package", () => {
  it("opens a tracker issue with the ranges, the first patched versions and whether our versions are affected", async () => {
    const fake = world();
    await deliver(fake, "security_advisory", loadPayload("security_advisory", "published"));
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in Codertocat/security-tracker"]);
    const issue = fake.issues[0]!;
    expect(issue.labels).toEqual(["secwg:monitor"]);
    expect(issue.title).toBe("GHSA-rf4j-j272-fj86 (CVE-2018-6188) affects django");
    expect(issue.body).toContain("<!-- secwg:monitor-advisory:GHSA-rf4j-j272-fj86 -->");
    expect(issue.body).toContain("| pip: django | &gt;= 2.0.0, &lt; 2.0.2 | 2.0.2 | 2.0.1: **affected**<br>1.11.5: not affected |");
    expect(issue.body).toContain("| pip: django | &gt;= 1.11.8, &lt; 1.11.10 | 1.11.10 |");
  });

  it("opens nothing for an advisory about a package nobody watches", async () => {
    const fake = world(`monitor:\n  packages: [{ ecosystem: pip, name: flask }]\n`);
    await deliver(fake, "security_advisory", loadPayload("security_advisory", "published"));
    expect(fake.writes).toEqual([]);
  });

  it("opens nothing when every stated version is outside the ranges", async () => {
    const fake = world(`monitor:\n  packages: [{ ecosystem: pip, name: Django, versions: ["2.0.2", "1.11.10"] }]\n`);
    await deliver(fake, "security_advisory", loadPayload("security_advisory", "published"));
    expect(fake.writes).toEqual([]);
  });

  it("writes nothing when the same delivery arrives again", async () => {
    const fake = world();
    const payload = loadPayload("security_advisory", "published");
    await deliver(fake, "security_advisory", payload);
    await deliver(fake, "security_advisory", payload);
    expect(fake.writes).toHaveLength(1);
  });

  it("updates the issue when GitHub updates the advisory, and closes it as not planned when withdrawn", async () => {
    const fake = world();
    const published = loadPayload("security_advisory", "published");
    await deliver(fake, "security_advisory", published);
    const updated = structuredClone(published);
    updated.action = "updated";
    updated.security_advisory.updated_at = "2018-11-01T00:00:00Z";
    updated.security_advisory.vulnerabilities[0].vulnerable_version_range = ">= 2.0.0, < 2.0.3";
    await deliver(fake, "security_advisory", updated, "d-2");
    expect(fake.issues[0]!.body).toContain("&gt;= 2.0.0, &lt; 2.0.3");
    const withdrawn = structuredClone(updated);
    withdrawn.action = "withdrawn";
    withdrawn.security_advisory.withdrawn_at = "2018-12-01T00:00:00Z";
    await deliver(fake, "security_advisory", withdrawn, "d-3");
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in Codertocat/security-tracker", "update #1", "update #1 closed"]);
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "not_planned" });
  });

  it("ignores a withdrawal of an advisory it never tracked", async () => {
    const fake = world();
    const withdrawn = loadPayload("security_advisory", "withdrawn");
    withdrawn.security_advisory.vulnerabilities = loadPayload("security_advisory", "published").security_advisory.vulnerabilities;
    await deliver(fake, "security_advisory", withdrawn);
    expect(fake.writes).toEqual([]);
  });

  it("renders the advisory's text inert: no mention, no link, no forged marker", async () => {
    const fake = world();
    const payload = loadPayload("security_advisory", "published");
    payload.security_advisory.summary = "@everyone see [here](https://evil.example) <!-- secwg:monitor-alert:x --> #1";
    await deliver(fake, "security_advisory", payload);
    const body = fake.issues[0]!.body;
    expect(body).not.toContain("@everyone");
    expect(body).not.toContain("](https://evil.example)");
    expect(body).not.toMatch(/<!-- secwg:monitor-alert/);
    expect(body).toContain("&#64;everyone see \\[here\\]\\(https\\://evil.example\\) &lt;\\!-- secwg\\:monitor-alert\\:x --&gt; &#35;1");
  });

  it("refuses to write to a public tracker", async () => {
    const fake = world();
    fake.repos.set("Codertocat/security-tracker", { private: false });
    await deliver(fake, "security_advisory", loadPayload("security_advisory", "published"));
    expect(fake.writes).toEqual([]);
  });
});

function dependabot(action: string, state: string) {
  const payload = loadPayload("dependabot_alert", "created");
  payload.action = action;
  payload.alert.state = state;
  payload.repository.owner.login = "Codertocat";
  return payload;
}

describe("dependabot_alert, code_scanning_alert: one tracker issue per alert, following GitHub's state", () => {
  it("opens on created, closes as completed on fixed, reopens on reopened, closes as not planned on dismissed", async () => {
    const fake = world();
    await deliver(fake, "dependabot_alert", dependabot("created", "open"));
    expect(fake.issues[0]).toMatchObject({ title: "Dependabot alert #20 in Codertocat/pika-pack", state: "open" });
    expect(fake.issues[0]!.body).toContain("<!-- secwg:monitor-alert:dependabot-512875663-20 -->");
    await deliver(fake, "dependabot_alert", dependabot("fixed", "fixed"), "d-2");
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    await deliver(fake, "dependabot_alert", dependabot("reopened", "open"), "d-3");
    expect(fake.issues[0]).toMatchObject({ state: "open" });
    await deliver(fake, "dependabot_alert", dependabot("auto_dismissed", "auto_dismissed"), "d-4");
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(fake.issues).toHaveLength(1);
  });

  it("writes nothing for a redelivered alert event", async () => {
    const fake = world();
    await deliver(fake, "dependabot_alert", dependabot("created", "open"));
    await deliver(fake, "dependabot_alert", dependabot("created", "open"));
    expect(fake.writes).toHaveLength(1);
  });

  it("opens nothing for a fixed alert it never tracked, an alert below the minimum severity, or an opted-out repository", async () => {
    const fake = world();
    await deliver(fake, "dependabot_alert", dependabot("fixed", "fixed"));
    const low = dependabot("created", "open");
    low.alert.security_vulnerability.severity = "low";
    low.alert.security_advisory.severity = "low";
    await deliver(fake, "dependabot_alert", low, "d-2");
    const optedOut = dependabot("created", "open");
    optedOut.repository.name = "sandbox";
    await deliver(fake, "dependabot_alert", optedOut, "d-3");
    expect(fake.writes).toEqual([]);
  });

  it("tracks a code scanning alert by its rule's severity and closes it when a user dismisses it", async () => {
    const fake = world();
    const created = loadPayload("code_scanning_alert", "created");
    await deliver(fake, "code_scanning_alert", created);
    expect(fake.issues[0]).toMatchObject({ title: "Code scanning alert #10 in Codertocat/Hello-World", state: "open" });
    expect(fake.issues[0]!.body).toContain("**Severity:** high");
    const dismissed = loadPayload("code_scanning_alert", "closed_by_user");
    await deliver(fake, "code_scanning_alert", dismissed, "d-2");
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "not_planned" });
  });
});

describe("secret_scanning_alert: never copies the secret", () => {
  const CANARY = "ghp_CANARYsecretVALUE0123456789abcdefXYZ";

  function secretAlert(action: string, extra: Record<string, unknown>) {
    const payload = loadPayload("secret_scanning_alert", "reopened");
    payload.action = action;
    payload.installation = { id: 2 };
    payload.alert = { ...payload.alert, ...extra, secret: CANARY, secret_type_display_name: CANARY, html_url: `https://github.com/x/y/security/secret-scanning/191?${CANARY}` };
    payload.alert.locations = [{ details: { blob_url: CANARY } }];
    return payload;
  }

  it("opens and closes the issue with the alert's number and type only; no write or log line holds the secret or a part of it", async () => {
    const fake = world();
    const logs = [
      ...(await deliver(fake, "secret_scanning_alert", secretAlert("created", { state: "open", resolution: null }))),
      ...(await deliver(fake, "secret_scanning_alert", secretAlert("resolved", { state: "resolved", resolution: "revoked" }), "d-2")),
    ];
    expect(fake.writes.map((w) => w.op)).toEqual(["create #1 in Codertocat/security-tracker", "update #1 closed"]);
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(fake.issues[0]!.body).toContain("**Secret type:** adafruit\\_io\\_key");
    const everything = [...fake.writes.map((w) => w.text), ...fake.issues.map((i) => `${i.title}\n${i.body}`), ...logs].join("\n");
    for (let i = 0; i + 8 <= CANARY.length; i++) expect(everything).not.toContain(CANARY.slice(i, i + 8));
  });
});

afterAll(() => nock.restore());
