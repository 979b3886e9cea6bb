import fc from "fast-check";
import { contentHash, evaluateApprovals } from "../../../src/core/reports/approval.js";
import type { Advisory } from "../../../src/core/reports/advisory.js";

const CONTENT: Pick<Advisory, "summary" | "description" | "severity" | "cvssVector" | "vulnerabilities"> = {
  summary: "XSS in the admin",
  description: "Details",
  severity: "high",
  cvssVector: null,
  vulnerabilities: [{ ecosystem: "pip", name: "project", vulnerableVersionRange: "< 5.1.3", patchedVersions: "5.1.3" }],
};

describe("contentHash", () => {
  it("is stable for the same content and independent of the order of affected packages", () => {
    const two = {
      ...CONTENT,
      vulnerabilities: [...CONTENT.vulnerabilities, { ecosystem: "npm", name: "x", vulnerableVersionRange: "< 2", patchedVersions: "2" }],
    };
    expect(contentHash(two)).toBe(contentHash({ ...two, vulnerabilities: [...two.vulnerabilities].reverse() }));
    expect(contentHash(CONTENT)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["summary", { summary: "XSS in the admin site" }],
    ["description", { description: "More details" }],
    ["severity", { severity: "low" as const }],
    ["vulnerable versions", { vulnerabilities: [{ ...CONTENT.vulnerabilities[0]!, vulnerableVersionRange: "< 5.1.4" }] }],
    ["patched versions", { vulnerabilities: [{ ...CONTENT.vulnerabilities[0]!, patchedVersions: "5.1.4" }] }],
  ])("changes when the %s changes", (_field, change) => {
    expect(contentHash({ ...CONTENT, ...change })).not.toBe(contentHash(CONTENT));
  });

  it("never contains the advisory text", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), (summary) => {
        expect(contentHash({ ...CONTENT, summary })).not.toContain(summary);
      }),
    );
  });
});

describe("evaluateApprovals", () => {
  const h1 = contentHash(CONTENT);
  const h2 = contentHash({ ...CONTENT, description: "edited after sign-off" });

  it("is satisfied by one approval of the current content when one is required", () => {
    const status = evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h1, 1);
    expect(status).toMatchObject({ satisfied: true, stale: [] });
  });

  it("stops counting an approval once the advisory is edited", () => {
    const status = evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h2, 1);
    expect(status.satisfied).toBe(false);
    expect(status.stale.map((a) => a.login)).toEqual(["alice"]);
  });

  it("counts a signer who approved twice only once", () => {
    const approvals = [
      { id: 1, login: "alice", hash: h1, at: "t1" },
      { id: 1, login: "alice", hash: h1, at: "t2" },
    ];
    expect(evaluateApprovals(approvals, h1, 2).satisfied).toBe(false);
    expect(evaluateApprovals([...approvals, { id: 2, login: "bob", hash: h1, at: "t3" }], h1, 2).satisfied).toBe(true);
  });

  it("counts a re-approval of the edited content again", () => {
    const approvals = [
      { id: 1, login: "alice", hash: h1, at: "t1" },
      { id: 1, login: "alice", hash: h2, at: "t2" },
    ];
    expect(evaluateApprovals(approvals, h2, 1)).toMatchObject({ satisfied: true, stale: [] });
  });

  it("ignores approvals of people who are no longer signers", () => {
    expect(evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h1, 1, () => false).satisfied).toBe(false);
  });
});

describe("what an approval covers", () => {
  const FULL = { ...CONTENT, cweIds: ["CWE-79"], credits: [{ login: "octocat", type: "finder" }], cveId: null as string | null };
  const RELEASE = "2026-12-09T14:00:00.000Z";

  it.each([
    ["weakness ids", { cweIds: ["CWE-79", "CWE-89"] }],
    ["credits", { credits: [{ login: "octocat", type: "finder" }, { login: "mallory", type: "reporter" }] }],
    ["credit type", { credits: [{ login: "octocat", type: "analyst" }] }],
    ["CVE id", { cveId: "CVE-2026-12345" }],
    ["CVSS vector", { cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
  ])("changes when the %s change", (_field, change) => {
    expect(contentHash({ ...FULL, ...change }, RELEASE)).not.toBe(contentHash(FULL, RELEASE));
  });

  it("changes when the release time changes, and when it is first set", () => {
    expect(contentHash(FULL, "2026-11-25T12:10:00.000Z")).not.toBe(contentHash(FULL, RELEASE));
    expect(contentHash(FULL, null)).not.toBe(contentHash(FULL, RELEASE));
  });

  it("does not depend on the order GitHub lists weakness ids and credits in", () => {
    const two = { ...FULL, cweIds: ["CWE-79", "CWE-89"], credits: [{ login: "a", type: "finder" }, { login: "b", type: "tool" }] };
    expect(contentHash({ ...two, cweIds: [...two.cweIds].reverse(), credits: [...two.credits].reverse() }, RELEASE)).toBe(contentHash(two, RELEASE));
  });

  // Property: whatever the approved content and whichever published field changes afterwards
  // (including the release time), the approvals recorded before the change no longer count.
  it("voids every earlier approval on any edit of anything published or of the release time", () => {
    const text = fc.string({ maxLength: 40 });
    const content = fc.record({
      summary: text,
      description: fc.option(text, { nil: null }),
      severity: fc.constantFrom("critical", "high", "medium", "low", null),
      cvssVector: fc.option(text, { nil: null }),
      vulnerabilities: fc.array(
        fc.record({ ecosystem: fc.constantFrom("pip", "npm"), name: fc.option(text, { nil: null }), vulnerableVersionRange: fc.option(text, { nil: null }), patchedVersions: fc.option(text, { nil: null }) }),
        { maxLength: 3 },
      ),
      cweIds: fc.uniqueArray(fc.integer({ min: 1, max: 2000 }).map((n) => `CWE-${n}`), { maxLength: 4 }),
      credits: fc.uniqueArray(fc.record({ login: fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), type: fc.constantFrom("finder", "reporter", "tool") }), { maxLength: 3, selector: (c) => `${c.login}/${c.type}` }),
      cveId: fc.option(fc.integer({ min: 1000, max: 99999 }).map((n) => `CVE-2026-${n}`), { nil: null }),
    });
    const release = fc.option(fc.integer({ min: 1_800_000_000_000, max: 1_900_000_000_000 }).map((t) => new Date(t).toISOString()), { nil: null });
    const edit = fc.oneof(
      text.map((summary) => ({ summary })),
      fc.option(text, { nil: null }).map((description) => ({ description })),
      fc.constantFrom("critical", "high", "medium", "low", null).map((severity) => ({ severity })),
      fc.option(text, { nil: null }).map((cvssVector) => ({ cvssVector })),
      fc.integer({ min: 2001, max: 3000 }).map((n) => ({ addCwe: `CWE-${n}` })),
      fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/).map((login) => ({ addCredit: { login: `x${login}`, type: "finder" as const } })),
      fc.integer({ min: 100000, max: 999999 }).map((n) => ({ cveId: `CVE-2027-${n}` })),
      fc.integer({ min: 1, max: 10_000_000 }).map((delta) => ({ moveRelease: delta })),
    );
    fc.assert(
      fc.property(content, release, edit, (before, releaseAt, change) => {
        const after = { ...before, cweIds: [...before.cweIds], credits: [...before.credits] };
        let releaseAfter = releaseAt;
        if ("addCwe" in change) after.cweIds.push(change.addCwe);
        else if ("addCredit" in change) after.credits.push(change.addCredit);
        else if ("moveRelease" in change) releaseAfter = new Date(Date.parse(releaseAt ?? "2027-01-01T00:00:00Z") + change.moveRelease).toISOString();
        else Object.assign(after, change);
        // An absent text and an empty one publish the same thing.
        const published = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (v === null ? "" : v));
        const changed = published([after, releaseAfter]) !== published([before, releaseAt]);
        fc.pre(changed);
        const approved = contentHash(before, releaseAt);
        const status = evaluateApprovals([{ id: 1, login: "alice", hash: approved, at: "t" }, { id: 2, login: "bob", hash: approved, at: "t" }], contentHash(after, releaseAfter), 1);
        expect(status.satisfied).toBe(false);
        expect(status.stale.map((a) => a.login)).toEqual(["alice", "bob"]);
      }),
    );
  });
});
